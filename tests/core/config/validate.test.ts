/**
 * One field table, one validator: the lecture's config and the training config read the same limits, an
 * empty value is an error everywhere (never the default), and every bad field is reported. Expected
 * values are written out here, not read from the table.
 */
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../../core/config/fields';
import { checkField } from '../../../core/config/validate';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import { validateConfig } from '../../../core/config/validate-lecture';
import { DEFAULT_TRAIN, validateTrainConfig } from '../../../core/train/config';

describe('checkField', () => {
  it.each(Object.keys(FIELDS) as (keyof typeof FIELDS)[])(
    '%s: an empty value is an error, not the default',
    (field) => {
      expect(checkField(field, '')).toEqual({ message: `${field} needs a value` });
      expect(checkField(field, '   ')).toEqual({ message: `${field} needs a value` });
    },
  );

  it.each([
    ['n_hidden', ' 64 ', { value: 64 }],
    ['n_hidden', 64, { value: 64 }],
    ['n_hidden', '1e8', { message: 'n_hidden must be a whole number, got "1e8"' }],
    ['n_hidden', 1e8, { message: 'n_hidden must be between 1 and 1024, got 100000000' }],
    ['n_hidden', 2.5, { message: 'n_hidden must be a whole number, got 2.5' }],
    ['n_hidden', null, { message: 'n_hidden must be a whole number, got null' }],
    ['steps', '-5', { message: 'steps must be between 1 and 10000000, got -5' }],
    ['seed', '4294967295', { value: 4294967295 }],
    ['seed', '4294967296', { message: 'seed must be between 0 and 4294967295, got 4294967296' }],
    ['batch_size', '1', { message: 'batch_size must be between 2 and 1024, got 1' }],
    ['variant', 'fused-bn', { value: 'fused-bn' }],
    ['variant', 'fast', { message: 'variant must be one of atomic, fused-ce, fused-bn, fused, got "fast"' }],
    ['variant', 3, { message: 'variant must be one of atomic, fused-ce, fused-bn, fused, got 3' }],
  ] as const)('%s %j → %j', (field, raw, expected) => {
    expect(checkField(field, raw)).toEqual(expected);
  });
});

describe('the two configs share the table', () => {
  it('accept and refuse the same seeds, and negatives the same way', () => {
    for (const seed of [0, 4294967295]) {
      expect(validateConfig({ seed }).ok, `mlp ${seed}`).toBe(true);
      expect(validateTrainConfig({ seed }).ok, `train ${seed}`).toBe(true);
    }
    const mlp = validateConfig({ seed: '-3' });
    const train = validateTrainConfig({ seed: '-3' });
    expect(!mlp.ok && mlp.errors).toEqual([
      { field: 'seed', message: 'seed must be between 0 and 4294967295, got -3' },
    ]);
    expect(!train.ok && train.errors).toEqual(!mlp.ok && mlp.errors);
  });

  it('report every bad field, not the first', () => {
    const mlp = validateConfig({ n_hidden: '', batch_size: '1', variant: '' });
    expect(!mlp.ok && mlp.errors.map((e) => e.field)).toEqual(['n_hidden', 'batch_size', 'variant']);
    const train = validateTrainConfig({ steps: '', n_hidden: 1e8 });
    expect(!train.ok && train.errors.map((e) => e.field)).toEqual(['n_hidden', 'steps']);
  });

  it('missing fields keep the defaults', () => {
    expect(validateConfig({})).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(validateTrainConfig({})).toEqual({ ok: true, config: DEFAULT_TRAIN });
  });
});
