/**
 * The issue-23 mistakes planted in a learner's notebook of other names and architecture
 * (tests/fixtures/diagnose: a layernorm, two relu layers, a softmax written out, `d_x` gradients), judged in
 * Pyodide: the live check (exercise mode) and a plain run (what `run --out` writes) give the same verdict,
 * kind and sentence, and the sentences are the ones written by hand in the fixture's module.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPythonNode } from '../../../cli/python-node';
import { startExercise, type ExerciseSession } from '../../../core/notebook/exercise';
import type { LineVerdict } from '../../../core/notebook/exercise-types';
import { parseNotebook } from '../../../core/notebook/parse';
import { runNotebook } from '../../../core/notebook/run';
import type { Check, Notebook } from '../../../core/notebook/types';
import { BACKWARD_CELL, MISTAKES, NOTEBOOK, planted, SOLVED, TORCH } from '../../fixtures/diagnose/ninja-layernorm';
import { NAMES, python } from './notebooks';

const notebook = (): Notebook => parseNotebook(NOTEBOOK, readFileSync(NOTEBOOK));

async function runWith(source: string) {
  const nb = notebook();
  nb.cells[BACKWARD_CELL] = { ...nb.cells[BACKWARD_CELL], source };
  return runNotebook(await python(), nb, { bundledNames: NAMES, readFile: () => null });
}

function lineOf(lines: readonly LineVerdict[], source: string, start: string): LineVerdict {
  const line = source.split('\n').findIndex((l) => l.startsWith(start)) + 1;
  const v = lines.find((l) => l.line === line);
  expect(v, `no verdict on the line starting ${start}`).toBeDefined();
  return v!;
}

const checkOf = (checks: readonly Check[], label: string): Check => {
  const c = checks.find((x) => x.label === label && x.cell === BACKWARD_CELL);
  expect(c, `no check ${label}`).toBeDefined();
  return c!;
};

describe('issue 23 mistakes in a notebook of other names, live and in a run', () => {
  let ex: ExerciseSession;
  beforeAll(async () => {
    // An interpreter of its own for the live session, as the app gives each notebook its own worker.
    ex = startExercise(await loadPythonNode(), notebook(), { bundledNames: NAMES, readFile: () => null });
  }, 240_000);

  it('the solved notebook is right everywhere, as PyTorch says', async () => {
    const run = await runWith(SOLVED);
    expect(run.error).toBeNull();
    const torch = TORCH.mistakes.chain.checks.map((c) => c.label);
    expect(run.checks.filter((c) => c.cell === BACKWARD_CELL).map((c) => c.label)).toEqual(torch);
    for (const c of run.checks) expect([c.label, c.verdict]).toEqual([c.label, expect.stringMatching(/exact|approx/)]);
  }, 120_000);

  for (const m of MISTAKES) {
    it(`${m.key}: ${m.kind}, the same sentence live and in the run`, async () => {
      const source = planted(m.key);
      const live = ex.check(BACKWARD_CELL, source);
      const cmpLine = lineOf(live.lines, source, `cmp('${m.label}'`);
      const run = await runWith(source);
      const c = checkOf(run.checks, m.label);
      expect([cmpLine.verdict, cmpLine.diagnosis?.kind, cmpLine.message]).toEqual([
        c.verdict,
        c.diagnosis?.kind,
        c.message,
      ]);
      expect(c.diagnosis?.kind).toBe(m.kind);
      for (const s of m.says) expect(c.message).toContain(s);
      // The gutter says it on the line that writes the gradient too.
      expect(lineOf(live.lines, source, m.gradLine).message).toContain(m.says[0]);
    }, 120_000);
  }

  it('after d_a compared with ln, the line that uses d_a is not blamed', async () => {
    const source = planted('wrong_tensor');
    const live = ex.check(BACKWARD_CELL, source);
    expect(['exact', 'approx']).toContain(lineOf(live.lines, source, 'd_ln = ').verdict);
    expect(['exact', 'approx']).toContain(lineOf(live.lines, source, "cmp('ln',").verdict);
    const run = await runWith(source);
    expect(['exact', 'approx']).toContain(checkOf(run.checks, 'ln').verdict);
    expect(['exact', 'approx']).toContain(checkOf(run.checks, 'z').verdict);
  }, 120_000);

  it("right values in the wrong shape: the learner's own cmp printed approximate=True, as torch's did", async () => {
    const run = await runWith(planted('shape'));
    const printed = run.cells[BACKWARD_CELL].stdout ?? '';
    expect(TORCH.mistakes.shape.printed).toMatch(/ ln_b exact=\w+ +approximate=True /);
    expect(printed).toMatch(/ ln_b exact=\w+ +approximate=True /);
    expect(checkOf(run.checks, 'ln_b').verdict).toBe('shape');
  }, 120_000);
});
