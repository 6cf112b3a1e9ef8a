/** Checks a lecture config (the app's config bar, the CLI, the core worker) against the field table. */
import { validateFields, type Validation } from './validate';
import { DEFAULT_CONFIG, type MlpConfig } from '../mlp/config';

export type Validated = Validation<MlpConfig, keyof MlpConfig>;

export function validateConfig(input: Partial<Record<keyof MlpConfig, unknown>>): Validated {
  return validateFields(DEFAULT_CONFIG, input);
}
