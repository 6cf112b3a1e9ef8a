/**
 * The real CLI's `run --out` on the learner's notebook of other names and architecture (tests/fixtures/diagnose)
 * with every issue-23 mistake planted: the sentences written by hand, and the same verdict, kind and sentence
 * as the live check. One process for all of them (each spawn starts Python): the backward cell is written
 * four times over, one try after another as learners do, each try with mistakes that do not feed each other.
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
import {
  BACKWARD_CELL,
  MISTAKES,
  NOTEBOOK,
  planted,
  SOLVED,
  type MistakeKey,
} from '../fixtures/diagnose/ninja-layernorm';
import { NAMES, python } from '../core/notebook/notebooks';

const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'backprop-studio.mjs');

/** Each try's mistakes: none computed from another (a wrong gradient would blame the ones after it). */
const TRIES: MistakeKey[][] = [['chain'], ['wrong_tensor', 'shape', 'ones_like'], ['formula_term'], ['repeated_index']];
const tries = TRIES.map((keys) => keys.reduce((s, k) => planted(k, s), SOLVED));
const cellOf = (key: MistakeKey) => BACKWARD_CELL + TRIES.findIndex((t) => t.includes(key));

/** The notebook with its backward cell replaced by the tries, one cell each. */
function notebookJson(): string {
  const nb = JSON.parse(readFileSync(NOTEBOOK, 'utf8'));
  const cell = nb.cells[BACKWARD_CELL];
  nb.cells.splice(BACKWARD_CELL, 1, ...tries.map((source) => ({ ...cell, source })));
  return JSON.stringify(nb);
}

function runCli(): Promise<{ checks: Check[]; status: number | null; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bps-diag-other-'));
  const path = join(dir, 'tries.ipynb');
  writeFileSync(path, notebookJson());
  copyFileSync(join(REPO, 'data', 'names.txt'), join(dir, 'names.txt'));
  const out = join(dir, 'run.json');
  return new Promise((resolve) => {
    const child = spawn('node', [BIN, 'run', path, '--out', out], { cwd: REPO, stdio: 'ignore' });
    child.on('close', (status) =>
      resolve({ checks: JSON.parse(readFileSync(out, 'utf8')).checks as Check[], status, path }),
    );
  });
}

let cli: { checks: Check[]; status: number | null };
let live: BackwardCheck[];

beforeAll(async () => {
  const run = await runCli();
  cli = run;
  const nb = parseNotebook(run.path, readFileSync(run.path));
  const ex = startExercise(await python(), nb, { bundledNames: NAMES, readFile: () => null });
  live = tries.map((source, i) => ex.check(BACKWARD_CELL + i, source));
}, 300_000);

const checkOf = (label: string, cell: number): Check => {
  const c = cli.checks.find((x) => x.label === label && x.cell === cell);
  expect(c, `no check ${label} in cell ${cell}`).toBeDefined();
  return c!;
};

describe('run --out on a notebook of other names', () => {
  it('runs to the end', () => {
    expect(cli.status).toBe(0);
  });

  for (const m of MISTAKES) {
    it(`${m.key}: ${m.kind}, in the hand-written sentence`, () => {
      const c = checkOf(m.label, cellOf(m.key));
      expect(c.diagnosis?.kind).toBe(m.kind);
      for (const s of m.says) expect(c.message).toContain(s);
    });
  }

  it('blames no line after d_a compared with ln: the gradients computed from d_a are right', () => {
    const cell = cellOf('wrong_tensor');
    for (const label of ['ln', 'ln_g', 'z', 'W_in'])
      expect(['exact', 'approx']).toContain(checkOf(label, cell).verdict);
  });

  it('says what the live check says on every cmp line of every try', () => {
    tries.forEach((source, i) => {
      const cell = BACKWARD_CELL + i;
      const lines = source.split('\n');
      const checks = cli.checks.filter((x) => x.cell === cell);
      expect(checks.length).toBe(11);
      for (const check of checks) {
        const line = lines.findIndex((l) => l.startsWith(`cmp('${check.label}',`)) + 1;
        const v = live[i].lines.find((l) => l.line === line)!;
        expect([check.label, v.verdict, v.diagnosis?.kind ?? null]).toEqual([
          check.label,
          check.verdict,
          check.diagnosis?.kind ?? null,
        ]);
        // The app names lines within the cell being edited; the CLI names the cell too.
        expect(v.message).toBe(check.message.replace(new RegExp(`cell ${cell}, line`, 'g'), 'line'));
      }
    });
  });
});
