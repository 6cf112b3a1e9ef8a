/** Config fields on the command line: their flags come from the field table (core/config/fields.ts). */
import { FIELDS, type FieldName } from '../core/config/fields';
import type { FieldError } from '../core/config/validate';
import { DEFAULT_CONFIG, type MlpConfig } from '../core/mlp/config';
import { validateConfig } from '../core/config/validate-lecture';
import { UsageError } from './args';

export const MLP_FIELDS = Object.keys(DEFAULT_CONFIG) as (keyof MlpConfig)[];

export const flagsOf = (fields: readonly FieldName[]): string[] => fields.map((f) => FIELDS[f].flag);

/** The fields whose flags were given, as typed. */
export function inputFromFlags<K extends FieldName>(
  flags: Record<string, string>,
  fields: readonly K[],
): Partial<Record<K, string>> {
  const input: Partial<Record<K, string>> = {};
  for (const field of fields) if (FIELDS[field].flag in flags) input[field] = flags[FIELDS[field].flag];
  return input;
}

/** The first problem, named by its flag. */
export const usageError = (errors: readonly FieldError[]): UsageError =>
  new UsageError(`--${FIELDS[errors[0].field].flag}: ${errors[0].message}`);

export function configFromFlags(flags: Record<string, string>): MlpConfig {
  const r = validateConfig(inputFromFlags(flags, MLP_FIELDS));
  if (!r.ok) throw usageError(r.errors);
  return r.config;
}
