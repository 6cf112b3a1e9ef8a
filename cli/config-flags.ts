/** Maps the CLI's short flag names onto the lecture's config fields and validates them. */
import type { MlpConfig } from '../core/mlp/config';
import { validateConfig } from '../core/mlp/validate';
import { UsageError } from './args';

export const CONFIG_FLAGS: Record<string, keyof MlpConfig> = {
  seed: 'seed',
  embd: 'n_embd',
  hidden: 'n_hidden',
  block: 'block_size',
  batch: 'batch_size',
  variant: 'variant',
};

export function configFromFlags(flags: Record<string, string>): MlpConfig {
  const input: Partial<Record<keyof MlpConfig, unknown>> = {};
  for (const [flag, field] of Object.entries(CONFIG_FLAGS)) if (flag in flags) input[field] = flags[flag];
  const r = validateConfig(input);
  if (!r.ok) {
    const [e] = r.errors;
    const flag = Object.keys(CONFIG_FLAGS).find((f) => CONFIG_FLAGS[f] === e.field)!;
    throw new UsageError(`--${flag}: ${e.message}`);
  }
  return r.config;
}
