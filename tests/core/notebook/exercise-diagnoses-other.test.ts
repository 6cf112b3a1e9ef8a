/**
 * The issue-23 mistakes planted in a learner's notebook of other names and architecture
 * (tests/fixtures/diagnose: a layernorm, two relu layers, a softmax written out, `d_x` gradients), judged in
 * Pyodide: the live check (exercise mode) and a plain run (what `run --out` writes) give the same verdict,
 * kind and sentence, and the sentences are the ones written by hand in the fixture's module.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPythonNode } from '../../../cli/python-node';
import { startExercise, type ExerciseSession } from '../../../core/notebook/exercise';
import { parseNotebook } from '../../../core/notebook/parse';
import { runNotebook } from '../../../core/notebook/run';
import type { Check, Notebook } from '../../../core/notebook/types';
import {
  BACKWARD_CELL,
  MISTAKES,
  NOTEBOOK,
  planted,
  SOLVED,
  TORCH,
  type MistakeKey,
} from '../../fixtures/diagnose/ninja-layernorm';
import { checkIn, lineOf, notebookAt, runReplaced } from './mistakes';
import { NAMES, python, REPO } from './notebooks';

const notebook = (): Notebook => notebookAt(NOTEBOOK);

/** A plain run of the notebook with its backward cell's source replaced (what the CLI's run --out computes). */
const runWith = (source: string) => runReplaced(NOTEBOOK, BACKWARD_CELL, source);

const checkOf = (checks: readonly Check[], label: string): Check => checkIn(checks, label, BACKWARD_CELL);

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

  it('the fixes the sentences suggest pass: `(…) * d_logp`, index_add_, the cmp that passes', async () => {
    const fixes: [string, string, string, string][] = [
      ['chain', 'd_p = p**-1', 'd_p = p**-1 * d_logp', 'p'],
      [
        'repeated_index',
        'd_emb_table[xs] += d_emb',
        'd_emb_table.index_add_(0, xs.view(-1), d_emb.view(-1, 6))',
        'emb_table',
      ],
      ['wrong_tensor', "cmp('d_a', d_a, ln)", "cmp('a', d_a, a)", 'a'],
    ];
    for (const [key, from, to, label] of fixes) {
      const source = planted(key as MistakeKey).replace(from, to);
      expect(source).toContain(to);
      const v = lineOf(ex.check(BACKWARD_CELL, source).lines, source, `cmp('${label}'`);
      expect([key, v.verdict]).toEqual([key, expect.stringMatching(/exact|approx/)]);
    }
  }, 120_000);

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

  /** Live and run agree on the cmp line of `label` in the backward cell `source`; the run's check is returned. */
  async function agreed(source: string, label: string): Promise<Check> {
    const live = ex.check(BACKWARD_CELL, source);
    const cmpLine = lineOf(live.lines, source, `cmp('${label}'`);
    const c = checkOf((await runWith(source)).checks, label);
    // The app names lines within the cell being edited; the run names the cell too (In [5]).
    const inCell = c.message.replace(/cell 5, line/g, 'line');
    expect([cmpLine.verdict, cmpLine.diagnosis?.kind, cmpLine.message]).toEqual([c.verdict, c.diagnosis?.kind, inCell]);
    return c;
  }

  const swap = (source: string, from: string, to: string) => {
    expect(source).toContain(from);
    return source.replace(from, to);
  };

  describe('as other learners write the same mistakes', () => {
    it('the fused softmax gradient without the / B: a stray factor named by the notebook constant', async () => {
      const s = swap(
        SOLVED,
        'd_scores = d_e * e\nd_peak = -d_scores.sum(1, keepdim=True)\nd_scores += F.one_hot(scores.argmax(1), 27) * d_peak',
        'd_scores = F.softmax(scores, 1)\nd_scores[torch.arange(B), ys] -= 1',
      );
      const c = await agreed(s, 'scores');
      expect(c.diagnosis?.kind).toBe('factor');
      expect(c.message).toContain(
        "d_scores is autograd's gradient of scores times B (B = 20): a stray constant factor",
      );
    }, 120_000);

    it("relu's mask without the gradient flowing in names d_r", async () => {
      const s = swap(SOLVED, 'd_u = (u > 0).float() * d_r', "d_u = (u > 0).float()\ncmp('u', d_u, u)");
      const c = await agreed(s, 'u');
      expect(c.diagnosis?.kind).toBe('chain-factor');
      expect(c.message).toContain(
        'd_u is only the local derivative of `r = torch.relu(u)`: the chain rule multiplies it by the gradient flowing into r (d_r), so write `d_u = (…) * d_r`',
      );
    }, 120_000);

    it('the repeated-index write with flattened indices', async () => {
      const s = swap(
        planted('repeated_index'),
        'd_emb_table[xs] += d_emb',
        'd_emb_table[xs.view(-1)] += d_emb.view(-1, emb_dim)',
      );
      const c = await agreed(s, 'emb_table');
      expect(c.diagnosis?.kind).toBe('repeated-index');
      expect(c.message).toContain(`${TORCH.picks.repeated_rows} rows of emb_table are picked more than once by xs`);
    }, 120_000);

    it('gradients named x_grad: the names a diagnosis gives are x_grad too', async () => {
      const s = planted('chain').replace(/\bd_(\w+)/g, '$1_grad');
      expect(s).toContain('p_grad = p**-1');
      const c = await agreed(s, 'p');
      expect(c.diagnosis?.kind).toBe('chain-factor');
      expect(c.message).toContain('(logp_grad), so write `p_grad = (…) * logp_grad`');
      // The lines computed from it are told to fix p_grad first, live and in the run alike.
      expect((await agreed(s, 'e')).message).toMatch(/^e_grad uses p_grad \(cell 5, line 5\), which is itself wrong/);
      expect((await agreed(s, 'a')).diagnosis?.kind).toBe('upstream');
    }, 120_000);
  });
});

describe('a learner notebook whose check is called compare, not cmp (tests/fixtures/learners/ninja_relu)', () => {
  const RELU = join(REPO, 'tests/fixtures/learners/ninja_relu.ipynb');

  it('pairs d_prob with prob by name and tells the missing chain factor, live and in the run', async () => {
    const nb = parseNotebook(RELU, readFileSync(RELU));
    const cell = nb.cells.findIndex((c) => c.source.includes('d_prob = (1.0 / prob) * d_logp'));
    const source = nb.cells[cell].source.replace('d_prob = (1.0 / prob) * d_logp', 'd_prob = 1.0 / prob');
    const live = startExercise(await python(), parseNotebook(RELU, readFileSync(RELU)), {
      bundledNames: NAMES,
      readFile: () => null,
    }).check(cell, source);
    const v = lineOf(live.lines, source, 'd_prob = ');
    nb.cells[cell] = { ...nb.cells[cell], source };
    const run = await runNotebook(await python(), nb, { bundledNames: NAMES, readFile: () => null });
    const c = run.checks.find((x) => x.label === 'prob')!;
    expect([c.line, c.verdict, c.diagnosis?.kind, c.message]).toEqual([
      v.line,
      v.verdict,
      v.diagnosis?.kind,
      v.message,
    ]);
    expect(c.message).toContain(
      'd_prob is only the local derivative of `logp = prob.log()`: the chain rule multiplies it by the gradient flowing into logp (d_logp)',
    );
  }, 120_000);
});
