/** Exercise 4's training settings (the lecture's values as defaults). */
import { checkField, validateFields, type Validation } from '../config/validate';

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

/** Checks a training config (the Train view, `train`, the train worker) against the field table. */
export function validateTrainConfig(
  input: Partial<Record<keyof TrainConfig, unknown>>,
): Validation<TrainConfig, keyof TrainConfig> {
  const defaults = { ...DEFAULT_TRAIN };
  // Keep the lecture's proportion: decay halfway through, unless told otherwise.
  const steps = checkField('steps', input.steps);
  if (input.steps !== undefined && 'value' in steps) defaults.decay_at = Math.floor(Number(steps.value) / 2);
  return validateFields(defaults, input);
}
