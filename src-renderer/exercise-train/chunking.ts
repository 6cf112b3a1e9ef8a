/**
 * How many training steps the Python worker runs between two progress messages: enough for about
 * CHUNK_MS of work, so the page hears from it several times a second and a cancel waits at most that long.
 */

export const CHUNK_MS = 150;

/**
 * The next chunk's size from the last one's: `steps` run in `ms`. Grows or shrinks at most 2× at a time (one
 * slow step, a check with autograd, must not swing it), never below 1 and never past what is left.
 */
export function nextChunk(last: { steps: number; ms: number; size: number }, left: number): number {
  const perStep = last.ms / Math.max(1, last.steps);
  const aim = perStep > 0 ? CHUNK_MS / perStep : last.size * 2;
  const size = Math.round(Math.min(last.size * 2, Math.max(last.size / 2, aim)));
  return Math.max(1, Math.min(left, size));
}
