/**
 * `run --out` says what the app's live check says: the same verdict, diagnosis and message for every cmp of a
 * backward cell with planted mistakes (one diagnosis module, core/diagnose, serves both).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startExercise } from '../../core/notebook/exercise';
import type { BackwardCheck } from '../../core/notebook/exercise-types';
import { parseNotebook } from '../../core/notebook/parse';
import type { Check } from '../../core/notebook/types';
import { NAMES, python, SAMPLE } from '../core/notebook/notebooks';

const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'backprop-studio.mjs');

/** Mistakes of value: the learner's own cmp can print them, so the CLI run checks every gradient. */
const VALUE_MISTAKES: [string, string][] = [
  ['dbnbias = dhpreact.sum(0, keepdim=True)', 'dbnbias = -dhpreact.sum(0, keepdim=True)'],
  ['dW2 = h.T @ dlogits', 'dW2 = h.T @ dlogits / n'],
  ['dbndiff += (2*bndiff) * dbndiff2\n', ''],
];
/** Mistakes of shape: the learner's cmp raises on them (as in PyTorch), so each gets a run of its own. */
const SHAPE_MISTAKES: [string, string][] = [
  [
    'dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)',
    'dcounts_sum_inv = (counts * dprobs).sum(0, keepdim=True)',
  ],
  ['dW2 = h.T @ dlogits', 'dW2 = dlogits.T @ h'],
  ['db2 = dlogits.sum(0)', 'db2 = dlogits'],
];

interface Case {
  source: string;
  cli: Check[];
  status: number | null;
  live: BackwardCheck;
}

function plant(source: string, mistakes: [string, string][]): string {
  for (const [from, to] of mistakes) {
    expect(source).toContain(from);
    source = source.replace(from, to);
  }
  return source;
}

/** Runs the sample with its exercise cell (In [9]) replaced through the CLI (`run --out`), in a folder of its own. */
function runCli(source: string): Promise<{ checks: Check[]; status: number | null }> {
  const nb = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  nb.cells[9].source = source;
  const dir = mkdtempSync(join(tmpdir(), 'bps-diag-'));
  writeFileSync(join(dir, 'mistakes.ipynb'), JSON.stringify(nb));
  copyFileSync(join(REPO, 'data', 'names.txt'), join(dir, 'names.txt'));
  const out = join(dir, 'run.json');
  return new Promise((resolve) => {
    const child = spawn('node', [BIN, 'run', join(dir, 'mistakes.ipynb'), '--out', out], {
      cwd: REPO,
      stdio: 'ignore',
    });
    child.on('close', (status) => resolve({ checks: JSON.parse(readFileSync(out, 'utf8')).checks as Check[], status }));
  });
}

let values: Case;
let shapes: Case[];

beforeAll(async () => {
  const original = (JSON.parse(readFileSync(SAMPLE, 'utf8')).cells[9].source as string[]).join('');
  const sources = [plant(original, VALUE_MISTAKES), ...SHAPE_MISTAKES.map((m) => plant(original, [m]))];
  const runs = await Promise.all(sources.map(runCli));
  const sample = parseNotebook(SAMPLE, readFileSync(SAMPLE));
  const ex = startExercise(await python(), sample, { bundledNames: NAMES, readFile: () => null });
  const cases = sources.map((source, i) => ({
    source,
    cli: runs[i].checks,
    status: runs[i].status,
    live: ex.check(9, source),
  }));
  [values, ...shapes] = cases;
}, 300_000);

/** The live check's verdict on the cmp line of each CLI check equals the CLI's. */
function expectSame(c: Case): void {
  const lines = c.source.split('\n');
  for (const check of c.cli.filter((x) => x.cell === 9)) {
    const line = lines.findIndex((l) => l.startsWith(`cmp('${check.label}',`)) + 1;
    const v = c.live.lines.find((l) => l.line === line)!;
    expect([check.label, v.verdict, v.diagnosis?.kind ?? null]).toEqual([
      check.label,
      check.verdict,
      check.diagnosis?.kind ?? null,
    ]);
    // The app names lines within the cell being edited; the CLI names the cell too.
    expect(v.message).toBe(check.message.replace(/cell 9, line/g, 'line'));
  }
}

describe('run --out and the live check', () => {
  it('find each mistake of value with its diagnosis, and blame the gradients computed from a wrong one', () => {
    expect(values.status).toBe(0);
    const kind = (label: string) => values.cli.find((c) => c.label === label)?.diagnosis?.kind;
    expect(kind('bnbias')).toBe('sign');
    expect(kind('W2')).toBe('factor');
    expect(kind('bndiff')).toBe('incomplete');
    const hprebn = values.cli.find((c) => c.label === 'hprebn')!;
    expect(hprebn.diagnosis?.kind).toBe('upstream');
    expect(hprebn.message).toMatch(/^dhprebn uses dbndiff \(cell 9, line \d+\), which is itself wrong/);
    expect(values.cli.find((c) => c.label === 'logits')!.verdict).toBe('exact');
    expectSame(values);
  });

  it('find each mistake of shape (the run stops where the learner cmp raises, as python does)', () => {
    // dW2's 27×64 cannot be compared with 64×27 (the learner's cmp raises); 1×27 and 32×27 broadcast and run on.
    expect(shapes.map((c) => c.status)).toEqual([0, 1, 0]);
    const kinds = ['counts_sum_inv', 'W2', 'b2'].map(
      (label, i) => shapes[i].cli.find((c) => c.label === label)?.diagnosis?.kind,
    );
    expect(kinds).toEqual(['wrong-dim', 'transpose', 'broadcast']);
    for (const c of shapes) expectSame(c);
    // The live check goes on past the learner's failing cmp: the lines after it are still judged.
    const after = shapes[1].live.lines.filter((l) => l.verdict !== 'pending').at(-1)!;
    expect(after.grad).toBe('dC');
  });
});
