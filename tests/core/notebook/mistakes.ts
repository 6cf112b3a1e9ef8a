/**
 * What the issue-23 tests (exercise-diagnoses*.test.ts) share: a plain run of a notebook with one cell's source
 * replaced (what the CLI's run --out computes), and finding the live verdict of a line and the run's check of a
 * label, failing with what is missing.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { LineVerdict } from '../../../core/notebook/exercise-types';
import { parseNotebook } from '../../../core/notebook/parse';
import { runNotebook } from '../../../core/notebook/run';
import type { Check, Notebook } from '../../../core/notebook/types';
import { NAMES, python } from './notebooks';

/** The notebook at `path`, parsed afresh (each test plants its own mistake in a copy). */
export const notebookAt = (path: string): Notebook => parseNotebook(path, readFileSync(path));

/** A plain run of the notebook at `path` with cell `cell`'s source replaced. */
export async function runReplaced(path: string, cell: number, source: string) {
  const nb = notebookAt(path);
  nb.cells[cell] = { ...nb.cells[cell], source };
  return runNotebook(await python(), nb, { bundledNames: NAMES, readFile: () => null });
}

/** The live verdict of the statement on the line that starts with `start`. */
export function lineOf(lines: readonly LineVerdict[], source: string, start: string): LineVerdict {
  const line = source.split('\n').findIndex((l) => l.startsWith(start)) + 1;
  const v = lines.find((l) => l.line === line);
  expect(v, `no verdict on the line starting ${start}`).toBeDefined();
  return v!;
}

/** The run's check of `label` in cell `cell`. */
export function checkIn(checks: readonly Check[], label: string, cell: number): Check {
  const c = checks.find((x) => x.label === label && x.cell === cell);
  expect(c, `no check ${label}`).toBeDefined();
  return c!;
}
