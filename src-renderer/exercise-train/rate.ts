/**
 * Steps per second from the progress messages' arrival times. The rate is measured from the first message on,
 * so the exercise's start (running the notebook) and the first, slowest chunk do not count against it.
 */

export interface RateMeter {
  /** When training was asked for, and the first message's time and step count (null before it). */
  startedAt: number;
  first: { at: number; done: number } | null;
}

export const startRate = (now: number): RateMeter => ({ startedAt: now, first: null });

/** The meter after a message at `now` with `done` steps run, and the rate it gives (0 while unknown). */
export function updateRate(m: RateMeter, now: number, done: number): { meter: RateMeter; stepsPerSec: number } {
  if (!m.first) {
    const first = { at: now, done };
    const ms = now - m.startedAt;
    return { meter: { ...m, first }, stepsPerSec: ms > 0 ? (done * 1000) / ms : 0 };
  }
  const ms = now - m.first.at;
  return { meter: m, stepsPerSec: ms > 0 ? ((done - m.first.done) * 1000) / ms : 0 };
}
