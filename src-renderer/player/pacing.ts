/**
 * The player's clock, scaled by its speed. Each contribution to a gradient gets the same window, split
 * among the drawn edges it travels; contributions arrive one after another so every `+=` is seen. The
 * play loop and the animation both read these numbers, so they stay in step.
 */

/** One contribution travelling from its consumer to the target, at 1×. */
export const TRAVEL_MS = 900;
/** The pause after each arrival (the `+=` lands, the node fills). */
export const ARRIVE_MS = 300;
/** How long a finished step stays on screen before play moves on. */
export const DWELL_MS = 700;
/** With reduced motion nothing moves; play still rests on each step long enough to read it. */
export const STILL_STEP_MS = 1600;

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export interface Timing {
  /** When each contribution sets off and arrives (ms from the step's start). */
  starts: number[];
  arrivals: number[];
  /** When the target's gradient is complete: the last arrival. */
  complete: number;
  /** When play moves to the next step. */
  total: number;
}

export function timingOf(contributions: number, speed: number, reducedMotion: boolean): Timing {
  if (reducedMotion) {
    const zeros = Array.from({ length: contributions }, () => 0);
    return { starts: zeros, arrivals: zeros, complete: 0, total: STILL_STEP_MS / speed };
  }
  const starts: number[] = [];
  const arrivals: number[] = [];
  let t = 0;
  for (let i = 0; i < contributions; i++) {
    starts.push(t);
    t += TRAVEL_MS / speed;
    arrivals.push(t);
    t += ARRIVE_MS / speed;
  }
  const complete = arrivals.at(-1) ?? 0;
  return { starts, arrivals, complete, total: (contributions === 0 ? 0 : t) + DWELL_MS / speed };
}

/** The next speed up or down the ladder (clamped). */
export function nextSpeed(speed: number, direction: 1 | -1): number {
  // From a speed off the ladder, the nearest rung in that direction.
  if (direction > 0) return SPEEDS.find((s) => s > speed) ?? SPEEDS[SPEEDS.length - 1];
  return [...SPEEDS].reverse().find((s) => s < speed) ?? SPEEDS[0];
}
