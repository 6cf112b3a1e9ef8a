/** Checks a config a person typed (CLI flags, the app's config bar) and says what is wrong with each field. */
import { DEFAULT_CONFIG, VARIANTS, type MlpConfig, type Variant } from './config';

export type ConfigErrors = { field: keyof MlpConfig; message: string }[];
export type Validated = { ok: true; config: MlpConfig } | { ok: false; errors: ConfigErrors };

/** Inclusive bounds: large enough for experiments, small enough that nothing freezes or runs out of memory. */
export const LIMITS: Record<Exclude<keyof MlpConfig, 'variant'>, [number, number]> = {
  seed: [0, 2 ** 32 - 1],
  n_embd: [1, 64],
  n_hidden: [1, 1024],
  block_size: [1, 16],
  // Batchnorm's unbiased variance divides by n − 1, so a batch needs two rows.
  batch_size: [2, 1024],
};

export function validateConfig(input: Partial<Record<keyof MlpConfig, unknown>>): Validated {
  const errors: ConfigErrors = [];
  const config: MlpConfig = { ...DEFAULT_CONFIG };
  for (const field of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
    const raw = input[field];
    if (raw === undefined || raw === '') continue;
    const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
    const [lo, hi] = LIMITS[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      errors.push({ field, message: `${field} must be a whole number, got ${JSON.stringify(raw)}` });
    } else if (value < lo || value > hi) {
      errors.push({ field, message: `${field} must be between ${lo} and ${hi}, got ${value}` });
    } else {
      config[field] = value;
    }
  }
  const variant = input.variant;
  if (variant !== undefined && variant !== '') {
    if (typeof variant === 'string' && (VARIANTS as readonly string[]).includes(variant)) config.variant = variant as Variant;
    else errors.push({ field: 'variant', message: `variant must be one of ${VARIANTS.join(', ')}, got ${JSON.stringify(variant)}` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}
