/**
 * Malformed notebooks, generated: truncations, byte flips, wrong fields, wrong types, non-UTF-8, binary,
 * huge outputs. Each input either parses into cells of text or gets one NotebookError; nothing else is ever
 * thrown. A sample of the inputs that do parse is run as Python: broken code is an error of the run, never
 * a crash of the runtime.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NotebookError, parseNotebook } from '../../../core/notebook/parse';
import type { Notebook } from '../../../core/notebook/types';
import { runNotebook } from '../../../core/notebook/run';
import { NAMES, python, SAMPLE } from './notebooks';
import { rng } from '../../helpers/rng';

const enc = (s: string) => new TextEncoder().encode(s);
const valid = readFileSync(SAMPLE);
const doc = JSON.parse(valid.toString('utf8')) as { cells: Record<string, unknown>[] };

function* inputs(random: () => number): Generator<[string, Uint8Array]> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  for (let i = 0; i < 300; i++) yield ['truncated.ipynb', valid.subarray(0, Math.floor(random() * valid.length))];
  for (let i = 0; i < 300; i++) {
    const b = Uint8Array.from(valid);
    for (let k = 0; k < 1 + Math.floor(random() * 8); k++)
      b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
    yield ['flipped.ipynb', b];
  }
  const odd = [null, 0, 3.5, 'text', [], {}, ['a', 1], true, { cell_type: 'code' }, { source: 'x' }];
  for (let i = 0; i < 200; i++) {
    const d = structuredClone(doc) as Record<string, unknown> & { cells: unknown[] };
    const what = Math.floor(random() * 5);
    if (what === 0) d.nbformat = pick([3, 5, '4', null, undefined]);
    else if (what === 1) d.cells = pick(odd) as unknown[];
    else if (what === 2) d.cells[Math.floor(random() * d.cells.length)] = pick(odd);
    else if (what === 3) (d.cells[Math.floor(random() * d.cells.length)] as Record<string, unknown>).source = pick(odd);
    else (d.cells[Math.floor(random() * d.cells.length)] as Record<string, unknown>).cell_type = pick(odd);
    yield ['fields.ipynb', enc(JSON.stringify(d))];
  }
  for (let i = 0; i < 100; i++) {
    const bytes = Uint8Array.from({ length: Math.floor(random() * 400) }, () => Math.floor(random() * 256));
    yield [pick(['binary.ipynb', 'binary.py']), bytes];
  }
  for (let i = 0; i < 100; i++) {
    const alphabet = 'abcxyz019 ()[]:=+-*/.,\'"#%\n\t\\torch';
    const text = Array.from({ length: Math.floor(random() * 300) }, () => pick([...alphabet])).join('');
    yield [pick(['random.py', 'random.ipynb']), enc(text)];
  }
  const huge = structuredClone(doc) as { cells: Record<string, unknown>[] };
  huge.cells[1].outputs = [{ output_type: 'stream', name: 'stdout', text: 'x'.repeat(5_000_000) }];
  yield ['huge-outputs.ipynb', enc(JSON.stringify(huge))];
  yield ['fifty-mb.ipynb', new Uint8Array(50 * 1024 * 1024).fill(0x20)];
}

describe('malformed notebooks, fuzzed', () => {
  it('parse into text cells or fail with one NotebookError', () => {
    let parsed = 0;
    let refused = 0;
    for (const [path, bytes] of inputs(rng(20261201))) {
      try {
        const nb = parseNotebook(path, bytes);
        for (const c of nb.cells) expect(typeof c.source).toBe('string');
        parsed++;
      } catch (e) {
        expect(e).toBeInstanceOf(NotebookError);
        expect((e as Error).message.startsWith(`${path}: `)).toBe(true);
        refused++;
      }
    }
    console.log(
      `notebook fuzz: ${parsed + refused} inputs, ${parsed} parsed, ${refused} refused with a clear error, 0 crashes`,
    );
    expect(parsed + refused).toBeGreaterThanOrEqual(1000);
    expect(refused).toBeGreaterThan(500);
  });

  it('run broken Python as an error of the run, never a crash', async () => {
    const rt = await python();
    const random = rng(7);
    let runs = 0;
    for (const [path, bytes] of inputs(random)) {
      if (!path.startsWith('random')) continue;
      let nb: Notebook;
      try {
        nb = parseNotebook(path, bytes);
      } catch {
        continue;
      }
      const run = runNotebook(rt, nb, { bundledNames: NAMES });
      if (run.error) expect(run.error.type).toMatch(/Error|Exception|Warning/);
      if (++runs === 40) break;
    }
    expect(runs).toBe(40);
  }, 120_000);
});
