/**
 * The "Train with my backward pass" form's fields: defaults, limits and one validator. Limits keep a run
 * within what a learner waits for (a step is 20–60 ms in Pyodide) and a learning rate plain SGD can use.
 */

export type TrainInput = 'steps' | 'lr' | 'checkEvery';

export const TRAIN_INPUTS: readonly TrainInput[] = ['steps', 'lr', 'checkEvery'];

export const INPUT_DEFAULTS: Record<TrainInput, string> = { steps: '1000', lr: '0.1', checkEvery: '100' };

/** 100,000 steps is about an hour in Python: more is a job for `backprop-studio train`. */
export const MAX_STEPS = 100_000;
/** SGD at a rate above this diverges on the first steps; the lecture uses 0.1 and 0.01. */
export const MAX_LR = 10;

export interface TrainInputs {
  steps: number;
  lr: number;
  checkEvery: number;
}

export type InputCheck = { ok: true; inputs: TrainInputs } | { ok: false; errors: Partial<Record<TrainInput, string>> };

const INTEGER = /^\s*\d+\s*$/;
const NUMBER = /^\s*(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

/** Each field's problem in a sentence, or the values to train with. */
export function checkInputs(draft: Record<TrainInput, string>): InputCheck {
  const errors: Partial<Record<TrainInput, string>> = {};
  const steps = Number(draft.steps);
  if (!INTEGER.test(draft.steps)) errors.steps = 'steps must be a whole number, such as 1000';
  else if (steps < 1) errors.steps = 'train for at least 1 step';
  else if (steps > MAX_STEPS)
    errors.steps = `at most ${MAX_STEPS.toLocaleString('en-US')} steps here (about an hour in Python); use backprop-studio train for more`;

  const lr = Number(draft.lr);
  if (!NUMBER.test(draft.lr)) errors.lr = 'the learning rate must be a number, such as 0.1';
  else if (!(lr > 0)) errors.lr = 'the learning rate must be above 0';
  else if (lr > MAX_LR) errors.lr = `a learning rate above ${MAX_LR} makes SGD diverge at once; the lecture uses 0.1`;

  const every = Number(draft.checkEvery);
  if (!INTEGER.test(draft.checkEvery)) errors.checkEvery = 'check every must be a whole number of steps, such as 100';
  else if (every < 1) errors.checkEvery = 'check at least every step (1) or less often';
  else if (!errors.steps && every > steps)
    errors.checkEvery = `check every ${every} steps would never check a ${steps}-step run: use ${steps} or less`;

  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, inputs: { steps, lr, checkEvery: every } };
}
