/**
 * Karpathy's makemore notebooks, parts 1–5 as published (../shared/course), run here as `backprop-studio run`
 * runs them and by real PyTorch 1.13 (tests/fixtures/course/make_course_fixtures.py: training loops cut from
 * 200,000 to 2,000 steps, torch's global generator seeded in a first cell). The app prints what PyTorch prints,
 * checks every cmp as PyTorch does, and stops where PyTorch stops: parts 1 and 2 were saved with cells out of
 * order, so both stop at the same statement with the same exception; part 3 imports ipywidgets.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NotebookRun } from '../../../core/notebook/types';
import { REPO, runFile, stdoutOf, torchRecord, type TorchRecord } from './notebooks';
import { outputDifference } from './output-compare';

const COURSE = join(REPO, 'tests/fixtures/course');
const PARTS = [
  'makemore_part1_bigrams',
  'makemore_part2_mlp',
  'makemore_part3_bn',
  'makemore_part4_backprop',
  'makemore_part5_cnn1',
];

describe.each(PARTS)('%s against PyTorch', (part) => {
  let run: NotebookRun;
  let torch: TorchRecord;
  beforeAll(async () => {
    run = await runFile(join(COURSE, `${part}.cut.ipynb`), false);
    torch = torchRecord(part, COURSE);
  }, 600_000);

  it('stops where PyTorch stops, with the same exception', () => {
    if (!torch.error) {
      expect(run.error?.message ?? null).toBeNull();
      return;
    }
    expect(run.error).toMatchObject({ type: torch.error.type, line: torch.error.line });
    const codeCells = run.cells.filter((c) => c.kind === 'code');
    expect(codeCells.findIndex((c) => c.index === run.error!.cell)).toBe(torch.error.cell);
    // A package the app does not ship says so after Python's own words; every other message is PyTorch's.
    if (torch.error.type === 'ModuleNotFoundError')
      expect(run.error!.message.startsWith(torch.error.message!)).toBe(true);
    else expect(run.error!.message).toBe(torch.error.message);
  });

  it('prints what PyTorch prints, cell by cell', () => {
    const ran = run.cells.filter((c) => c.kind === 'code' && c.ran);
    expect(ran.length).toBe(torch.cells.length);
    ran.forEach((c, i) => expect(outputDifference(c.stdout, torch.cells[i].stdout), `code cell ${i}`).toBeNull());
    expect(outputDifference(stdoutOf(run), torch.stdout)).toBeNull();
  });

  it('checks every cmp as PyTorch does', () => {
    expect(run.checks.map((c) => [c.label, c.line, c.shape, c.approx])).toEqual(
      torch.checks.map((c) => [c.label, c.line, c.shape, c.approx]),
    );
  });
});
