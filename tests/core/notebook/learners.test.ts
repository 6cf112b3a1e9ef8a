/**
 * Notebooks written the ways learners write them (tests/fixtures/learners: their own names and print formats,
 * cells out of order, tqdm, scatter_ one-hots, int32 counts, 3-D batchnorm, plots, a backprop-ninja exercise of
 * their own), run here as `backprop-studio run` runs them and by real PyTorch 1.13 (make_learner_fixtures.py):
 * the same lines printed, cell by cell, the same cmp checks, and the same exception where PyTorch stops.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runFile, torchRecord } from './notebooks';
import { outputDifference } from './output-compare';

const LEARNERS = join(REPO, 'tests/fixtures/learners');
const NOTEBOOKS = readdirSync(LEARNERS).filter((f) => /\.(ipynb|py)$/.test(f) && !f.startsWith('make_'));

describe(`${NOTEBOOKS.length} learners' notebooks against PyTorch`, () => {
  it.each(NOTEBOOKS)('%s', async (file) => {
    const run = await runFile(join(LEARNERS, file));
    const torch = torchRecord(file, LEARNERS);
    const ran = run.cells.filter((c) => c.kind === 'code' && c.ran);
    expect(ran.length).toBe(torch.cells.length);
    ran.forEach((c, i) => expect(outputDifference(c.stdout, torch.cells[i].stdout), `code cell ${i}`).toBeNull());
    if (torch.error) {
      expect(run.error).toMatchObject({ type: torch.error.type, line: torch.error.line, message: torch.error.message });
      expect(run.cells.filter((c) => c.kind === 'code').findIndex((c) => c.index === run.error!.cell)).toBe(
        torch.error.cell,
      );
    } else expect(run.error?.message ?? null).toBeNull();
    // A notebook with a cmp has its calls checked as PyTorch checks them (one without pairs dX with X by name).
    if (torch.checks.length > 0)
      expect(run.checks.map((c) => [c.label, c.line, c.shape, c.approx])).toEqual(
        torch.checks.map((c) => [c.label, c.line, c.shape, c.approx]),
      );
  });
});
