/**
 * Every field a config can have, in one table: the lecture's MLP (the app's config bar, `dump`, `export`,
 * the core worker) and exercise 4's training (the Train view, `train`, the train worker). Each entry is the
 * field's limits and its command-line flag; `validateFields` (./validate.ts) is the one validator over it.
 * Limits: large enough for experiments, small enough that nothing freezes or runs out of memory.
 */
import { VARIANTS } from '../mlp/config';

export interface IntField {
  kind: 'int';
  min: number;
  max: number;
  flag: string;
}

export interface ChoiceField {
  kind: 'choice';
  values: readonly string[];
  flag: string;
}

export type FieldSpec = IntField | ChoiceField;

const int = (min: number, max: number, flag: string): IntField => ({ kind: 'int', min, max, flag });

export const FIELDS = {
  // torch.manual_seed takes any integer but seeds MT19937 with its low 32 bits (sampling uses seed + 10).
  seed: int(0, 2 ** 32 - 1, 'seed'),
  n_embd: int(1, 64, 'embd'),
  n_hidden: int(1, 1024, 'hidden'),
  block_size: int(1, 16, 'block'),
  // Batchnorm's unbiased variance divides by n − 1, so a batch needs two rows.
  batch_size: int(2, 1024, 'batch'),
  variant: { kind: 'choice', values: VARIANTS, flag: 'variant' } satisfies ChoiceField,
  steps: int(1, 10_000_000, 'steps'),
  decay_at: int(0, 10_000_000, 'decay-at'),
  check_every: int(0, 10_000_000, 'check-every'),
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;
