/**
 * Exercise mode's live check (issue 11): the time from an edit of the sample's exercise-1 cell (26 gradient
 * lines, 26 cmp calls) to every line's verdict, in the Python worker's own work (core/notebook/exercise.ts
 * check: restore the globals, run each statement, judge it). Warm: after the notebook ran and three checks.
 * Also a line with a mistake, which adds its diagnosis, and a training step of exercise 4.
 * Target: < 150 ms warm.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPythonNode } from '../cli/python-node';
import { startExercise } from '../core/notebook/exercise';
import { parseNotebook } from '../core/notebook/parse';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = join(REPO, 'data/backprop-ninja.ipynb');
const REPS = 15;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;

export default async function bench(): Promise<void> {
  const names = readFileSync(join(REPO, 'data/names.txt'), 'utf8');
  const nb = parseNotebook(SAMPLE, readFileSync(SAMPLE));
  const ex = startExercise(await loadPythonNode(), nb, { bundledNames: names, readFile: () => null });
  const right = nb.cells[9].source;
  // An edit as typed: one character more in a comment, so the text differs from the last check's.
  const edits = (k: number) => right.replace('# Exercise 1', `# Exercise 1${' '.repeat(k % 2)}`);
  const wrong = right.replace(
    'dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)',
    'dcounts_sum_inv = counts * dprobs',
  );
  for (let i = 0; i < 3; i++) ex.check(9, edits(i));
  const ok: number[] = [];
  const mistaken: number[] = [];
  for (let i = 0; i < REPS; i++) {
    let t0 = performance.now();
    ex.check(9, edits(i));
    ok.push(performance.now() - t0);
    t0 = performance.now();
    ex.check(9, wrong + ' '.repeat(i % 2));
    mistaken.push(performance.now() - t0);
  }
  console.log(
    `edit → verdicts, exercise 1 (26 lines + 26 cmp), all right: median ${median(ok).toFixed(0)} ms (${spread(ok)}, ${REPS} runs; target < 150 ms)`,
  );
  console.log(
    `edit → verdicts, one broadcast mistake and its downstream: median ${median(mistaken).toFixed(0)} ms (${spread(mistaken)})`,
  );
  const trainer = ex.train({ cell: 9, source: right, lr: 0.1, checkEvery: 1000 });
  trainer.run(5);
  const t0 = performance.now();
  trainer.run(50);
  console.log(`exercise 4 training step with the learner's lines: ${((performance.now() - t0) / 50).toFixed(1)} ms`);
  trainer.finish();
}
