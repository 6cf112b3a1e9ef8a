/**
 * The mistakes learners make (issue 23), planted in the sample and judged end to end in Pyodide: the live
 * check (exercise mode) and a plain run (what `run --out` writes) give the same verdict, kind and sentence.
 * The facts expected are written by hand; the fast tests of each diagnosis are in tests/core/diagnose.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startExercise, type ExerciseSession } from '../../../core/notebook/exercise';
import type { Check, Notebook } from '../../../core/notebook/types';
import { loadPythonNode } from '../../../cli/python-node';
import { checkIn, lineOf, notebookAt, runReplaced } from './mistakes';
import { NAMES, SAMPLE } from './notebooks';

const sample = (): Notebook => notebookAt(SAMPLE);

const replace = (source: string, from: string, to: string): string => {
  expect(source).toContain(from);
  return source.replace(from, to);
};

/** A plain run of the sample with one cell's source replaced (what the CLI's run --out computes). */
const runWith = (cell: number, source: string) => runReplaced(SAMPLE, cell, source);

const checkOf = (checks: readonly Check[], label: string, cell = 9): Check => checkIn(checks, label, cell);

describe('issue 23 mistakes in the sample, live and in a run', () => {
  let ex: ExerciseSession;
  let cell9: string;
  let cell13: string;
  beforeAll(async () => {
    const nb = sample();
    cell9 = nb.cells[9].source;
    cell13 = nb.cells[13].source;
    // An interpreter of its own, as the app gives each notebook its own worker: the runs below start from a
    // fresh interpreter state (core/notebook/fresh-python.ts), which would re-import the torch this session uses.
    ex = startExercise(await loadPythonNode(), nb, { bundledNames: NAMES, readFile: () => null });
  }, 240_000);

  /** Live and run say the same for the cmp line of `label`. */
  async function both(cell: number, source: string, label: string) {
    const live = ex.check(cell, source);
    const cmpLine = lineOf(live.lines, source, `cmp('${label}'`);
    const run = await runWith(cell, source);
    const c = checkOf(run.checks, label, cell);
    expect([cmpLine.verdict, cmpLine.diagnosis?.kind, cmpLine.message]).toEqual([
      c.verdict,
      c.diagnosis?.kind,
      c.message,
    ]);
    return { live, cmpLine, run, check: c };
  }

  it('the local derivative without the chain factor', async () => {
    const s = replace(cell9, 'dprobs = (1.0 / probs) * dlogprobs', 'dprobs = 1.0 / probs');
    const { cmpLine } = await both(9, s, 'probs');
    expect(cmpLine.diagnosis?.kind).toBe('chain-factor');
    expect(cmpLine.message).toContain('dprobs is only the local derivative of `logprobs = probs.log()`');
  }, 120_000);

  it('a gradient compared with the wrong tensor; the line that uses it is not blamed', async () => {
    const s = replace(cell9, "cmp('h', dh, h)", "cmp('dh', dh, hpreact)");
    const live = ex.check(9, s);
    const v = lineOf(live.lines, s, "cmp('dh'");
    expect(v.diagnosis?.kind).toBe('wrong-tensor');
    expect(v.message).toContain("`cmp('h', dh, h)` passes");
    expect(['exact', 'approx']).toContain(lineOf(live.lines, s, 'dhpreact = ').verdict);
    const run = await runWith(9, s);
    const c = checkOf(run.checks, 'dh');
    expect([c.verdict, c.diagnosis?.kind, c.message]).toEqual([v.verdict, v.diagnosis?.kind, v.message]);
    expect(['exact', 'approx']).toContain(checkOf(run.checks, 'hpreact').verdict);
  }, 120_000);

  it('a start from ones_like', async () => {
    const s = replace(cell9, 'dC = torch.zeros_like(C)', 'dC = torch.ones_like(C)');
    const { cmpLine } = await both(9, s, 'C');
    expect(cmpLine.diagnosis?.kind).toBe('offset');
    expect(cmpLine.message).toContain('plus 1 in every entry');
  }, 120_000);

  it('the lecture dbnmeani = (-dbndiff).sum(0): one answer, shape, with why torch says approximate', async () => {
    const s = replace(cell9, 'dbnmeani = (-dbndiff).sum(0, keepdim=True)', 'dbnmeani = (-dbndiff).sum(0)');
    const { cmpLine, live } = await both(9, s, 'bnmeani');
    expect(cmpLine.verdict).toBe('shape');
    expect(lineOf(live.lines, s, 'dbnmeani = ').verdict).toBe('shape');
    expect(cmpLine.message).toContain('dbnmeani is 64 but bnmeani is 1×64');
    expect(cmpLine.message).toContain("torch's cmp prints approximate: True");
  }, 120_000);

  it("exercise 3's formula with n for n − 1 names the variance term", async () => {
    const s = replace(cell13, 'n/(n-1)*bnraw', 'bnraw');
    const { cmpLine } = await both(13, s, 'hprebn');
    expect(cmpLine.diagnosis?.kind).toBe('formula-term');
    expect(cmpLine.message).toContain('the term through bnvar');
  }, 120_000);

  it('dhprebn = dbndiff without .clone(): the += through dhprebn changed dbndiff, said live and in the run', async () => {
    const s = replace(cell9, 'dhprebn = dbndiff.clone()', 'dhprebn = dbndiff');
    const { cmpLine } = await both(9, s, 'bndiff');
    // As the learner's own cmp prints it (PyTorch's too): wrong, where dbndiff's own lines were right.
    expect(cmpLine.verdict).toBe('wrong');
    expect(cmpLine.diagnosis?.kind).toBe('alias');
    expect(cmpLine.message).toContain(
      'dbndiff is the same tensor as dhprebn: `dhprebn = dbndiff` gives dbndiff a second name and does not copy it',
    );
    expect(cmpLine.message).toContain('Copy it: `dhprebn = dbndiff.clone()`');
  }, 120_000);

  it('a notebook with cmp calls that stopped before any ran gets no check by name', async () => {
    const s = replace(cell9, "cmp('logprobs'", "raise ValueError('stop')\ncmp('logprobs'");
    const run = await runWith(9, s);
    expect(run.error?.type).toBe('ValueError');
    expect(run.checks).toEqual([]);
  }, 120_000);
});
