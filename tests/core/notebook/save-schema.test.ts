/**
 * A saved notebook is still a notebook Jupyter opens: what replaceCellSources writes validates against the
 * official nbformat 4 JSON schema (tests/fixtures/nbformat/, draft-04, checked with ajv), and the check itself
 * catches a broken notebook.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateNotebook } from '../../helpers/nbformat-schema';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../core/notebook/parse';
import { replaceCellSources } from '../../../core/notebook/save';
import { FIXTURES, SAMPLE } from './notebooks';

// The hand-written notebooks in tests/fixtures/notebooks leave out what the runner ignores (ids, outputs), so
// they are not valid nbformat to begin with; these two are.
const FILES = [join(FIXTURES, '../jupyter/makemore_part4_backprop.ipynb'), SAMPLE];

describe('saved notebooks against the nbformat 4 JSON schema', () => {
  it.each(FILES)('%s: edited, and with a cell appended, still validates', (path) => {
    const bytes = new Uint8Array(readFileSync(path));
    expect(validateNotebook(bytes)).toEqual({ ok: true, errors: [] });
    const cells = parseNotebook('nb.ipynb', bytes).cells;
    const code = cells.filter((c) => c.kind === 'code');
    const edited = replaceCellSources(bytes, 'nb.ipynb', [
      { cell: code[code.length - 1].index, source: 'dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1\n' },
      { cell: cells.length, source: '# a new cell\nprint("é")' },
    ]);
    expect(validateNotebook(edited)).toEqual({ ok: true, errors: [] });
  });

  it('an appended cell in an nbformat 4.4 notebook has no id, and validates against 4.4', () => {
    const doc = { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 4 };
    const out = replaceCellSources(new TextEncoder().encode(JSON.stringify(doc, null, 1)), 'n.ipynb', [
      { cell: 0, source: 'x = 1' },
    ]);
    expect(validateNotebook(out)).toEqual({ ok: true, errors: [] });
    expect(JSON.parse(new TextDecoder().decode(out)).cells[0]).not.toHaveProperty('id');
  });

  it.each([
    ['a code cell without outputs', (d: Nb) => delete d.cells[0].outputs, /must have required property 'outputs'/],
    ['a source that is a number', (d: Nb) => (d.cells[0].source = 42), /source/],
    ['a 4.5 cell without an id', (d: Nb) => delete d.cells[0].id, /must have required property 'id'/],
    ['an unknown top-level key', (d: Nb) => (d.extra = true), /must NOT have additional properties/],
  ])('fails a deliberately broken notebook: %s', (_what, breakIt, message) => {
    const doc = JSON.parse(readFileSync(SAMPLE, 'utf8')) as Nb;
    doc.cells = doc.cells.filter((c) => c.cell_type === 'code');
    expect(doc.nbformat_minor).toBe(5);
    expect(validateNotebook(new TextEncoder().encode(JSON.stringify(doc))).ok).toBe(true);
    breakIt(doc);
    const result = validateNotebook(new TextEncoder().encode(JSON.stringify(doc)));
    expect(result.ok).toBe(false);
    expect(result.errors.join('\n')).toMatch(message);
  });
});

type Nb = { cells: Record<string, unknown>[]; nbformat_minor: number; [key: string]: unknown };
