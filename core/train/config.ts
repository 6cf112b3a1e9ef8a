/** Exercise 4's training settings (the lecture's values as defaults). */

export interface TrainConfig {
  seed: number;
  n_embd: number;
  n_hidden: number;
  block_size: number;
  batch_size: number;
  steps: number;
  /** lr is 0.1 before this step, 0.01 from it (the lecture decays at 100,000 of 200,000). */
  decay_at: number;
  /** Compare the manual gradients with autograd every this many steps (0: never). */
  check_every: number;
}

export const DEFAULT_TRAIN: TrainConfig = {
  seed: 2147483647,
  n_embd: 10,
  n_hidden: 200,
  block_size: 3,
  batch_size: 32,
  steps: 200_000,
  decay_at: 100_000,
  check_every: 0,
};

export const learningRate = (step: number, c: TrainConfig): number => (step < c.decay_at ? 0.1 : 0.01);

export const TRAIN_LIMITS: Record<keyof TrainConfig, [number, number]> = {
  seed: [0, 2 ** 32 - 11],
  n_embd: [1, 64],
  n_hidden: [1, 1024],
  block_size: [1, 16],
  batch_size: [2, 1024],
  steps: [1, 10_000_000],
  decay_at: [0, 10_000_000],
  check_every: [0, 10_000_000],
};

/** Validates typed values; returns the first problem as a sentence naming the field. */
export function validateTrainConfig(input: Partial<Record<keyof TrainConfig, unknown>>): { ok: true; config: TrainConfig } | { ok: false; error: string; field: keyof TrainConfig } {
  const config: TrainConfig = { ...DEFAULT_TRAIN };
  if (input.steps !== undefined && input.decay_at === undefined) {
    // Keep the lecture's proportion: decay halfway through.
    const steps = Number(input.steps);
    if (Number.isInteger(steps)) config.decay_at = Math.floor(steps / 2);
  }
  for (const field of Object.keys(TRAIN_LIMITS) as (keyof TrainConfig)[]) {
    const raw = input[field];
    if (raw === undefined || raw === '') continue;
    const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    const [lo, hi] = TRAIN_LIMITS[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) return { ok: false, field, error: `${field} must be a whole number, got ${JSON.stringify(raw)}` };
    if (value < lo || value > hi) return { ok: false, field, error: `${field} must be between ${lo} and ${hi}, got ${value}` };
    config[field] = value;
  }
  return { ok: true, config };
}
