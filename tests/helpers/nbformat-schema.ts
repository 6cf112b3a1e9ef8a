/**
 * The official nbformat 4 JSON schemas (tests/fixtures/nbformat/, draft-04) as a validator: a notebook is
 * checked against the schema of its minor version (4.5 adds, and requires, cell ids).
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';

const SCHEMAS = new URL('../fixtures/nbformat/', import.meta.url);

function validator(file: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(new URL(file, SCHEMAS), 'utf8'));
  if (schema.$schema !== 'http://json-schema.org/draft-04/schema#') throw new Error(`${file} is not draft-04`);
  // strict off: ajv's strict mode rejects keywords these schemas use that it does not know; allErrors lists them all.
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}

let validators: { v45: ValidateFunction; v44: ValidateFunction } | null = null;

export function validateNotebook(bytes: Uint8Array): { ok: boolean; errors: string[] } {
  validators ??= { v45: validator('nbformat.v4.5.schema.json'), v44: validator('nbformat.v4.4.schema.json') };
  const doc = JSON.parse(new TextDecoder().decode(bytes));
  const validate = doc.nbformat_minor >= 5 ? validators.v45 : validators.v44;
  const ok = validate(doc) as boolean;
  return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) };
}
