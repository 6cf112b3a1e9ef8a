/**
 * Where the backprop player stands, as pure data: which gradients are complete after step `current`, which
 * one is arriving, which tensors a fused rule skips. `current` runs from -1 (only the forward pass, nothing
 * propagated yet) to steps.length - 1 (every leaf has its gradient).
 */
import type { BackwardSchedule, BackwardStep } from '../../core/backprop/types';

/** `done`: gradient complete; `current`: completed by this step; `skipped`: a fused rule jumps over it. */
export type GradState = 'pending' | 'current' | 'done' | 'skipped';

export interface Frame {
  current: number;
  step: BackwardStep | null;
  /** Graph node id → state; nodes absent are pending. */
  states: Map<string, GradState>;
}

export const BEFORE_START = -1;

export function clampStep(schedule: BackwardSchedule, index: number): number {
  return Math.max(BEFORE_START, Math.min(schedule.steps.length - 1, Math.trunc(index)));
}

export function frameAt(schedule: BackwardSchedule, current: number): Frame {
  const at = clampStep(schedule, current);
  const states = new Map<string, GradState>();
  if (at === BEFORE_START) return { current: at, step: null, states };
  for (const id of Object.keys(schedule.collapsed)) states.set(id, 'skipped');
  for (let i = 0; i <= at; i++) {
    // A fused step's gradient flows through the tensors it skips; they stay marked as skipped.
    for (const id of schedule.steps[i].completes)
      if (states.get(id) !== 'skipped') states.set(id, i === at ? 'current' : 'done');
  }
  return { current: at, step: schedule.steps[at], states };
}

/** The step that completes node `id` (an intermediate completes with the step that flows through it). */
export function stepOfNode(schedule: BackwardSchedule, id: string): number | null {
  const fused = schedule.collapsed[id];
  const i = schedule.steps.findIndex(
    (s) => s.completes.includes(id) || (fused !== undefined && s.fused?.rule === fused),
  );
  return i < 0 ? null : i;
}

/**
 * Where the player should stand after the graph is re-run (new seed, size or variant). The position carries
 * over when the new schedule walks the same targets in the same order up to it, so the learner sees the same
 * step with new numbers; otherwise (a fused variant reorders or drops steps) it restarts.
 */
export function carryPosition(previous: BackwardSchedule | null, next: BackwardSchedule, current: number): number {
  if (!previous || current === BEFORE_START) return BEFORE_START;
  if (current >= next.steps.length) return BEFORE_START;
  for (let i = 0; i <= current; i++) {
    if (previous.steps[i]?.target !== next.steps[i].target) return BEFORE_START;
  }
  return current;
}
