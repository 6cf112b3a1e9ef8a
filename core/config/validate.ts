/**
 * The one validator for every config (see ./fields.ts): typed text from a form or a flag, or values posted
 * to a worker. A missing field takes its default; an empty one is an error (never silently the default).
 * Every bad field gets its own message, naming the field.
 */
import { FIELDS, type FieldName } from './fields';

export type FieldError<K extends FieldName = FieldName> = { field: K; message: string };
export type Validation<C, K extends FieldName> = { ok: true; config: C } | { ok: false; errors: FieldError<K>[] };

/** One field's value, or its problem as a sentence. */
export function checkField(field: FieldName, raw: unknown): { value: number | string } | { message: string } {
  const spec = FIELDS[field];
  const typed = typeof raw === 'string' ? raw.trim() : raw;
  if (typed === '') return { message: `${field} needs a value` };
  if (spec.kind === 'choice') {
    return typeof typed === 'string' && (spec.values as readonly string[]).includes(typed)
      ? { value: typed }
      : { message: `${field} must be one of ${spec.values.join(', ')}, got ${JSON.stringify(raw)}` };
  }
  const value = typeof typed === 'string' && /^-?\d+$/.test(typed) ? Number(typed) : typed;
  if (typeof value !== 'number' || !Number.isInteger(value))
    return { message: `${field} must be a whole number, got ${JSON.stringify(raw)}` };
  if (value < spec.min || value > spec.max)
    return { message: `${field} must be between ${spec.min} and ${spec.max}, got ${value}` };
  return { value };
}

/** Validates `input`'s fields of `defaults` (fields it leaves out keep their defaults). */
export function validateFields<C extends { [K in keyof C]: number | string }>(
  defaults: C,
  input: Partial<Record<keyof C, unknown>>,
): Validation<C, keyof C & FieldName> {
  const config = { ...defaults };
  const errors: FieldError<keyof C & FieldName>[] = [];
  for (const field of Object.keys(defaults) as (keyof C & FieldName)[]) {
    if (input[field] === undefined) continue;
    const r = checkField(field, input[field]);
    if ('message' in r) errors.push({ field, message: r.message });
    else config[field] = r.value as C[typeof field];
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}
