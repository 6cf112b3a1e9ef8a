/** Runs the test notebooks (tests/fixtures/notebooks) and the bundled sample once per test file. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPythonNode } from '../../../cli/python-node';
import { parseNotebook } from '../../../core/notebook/parse';
import { runNotebook, type PythonRuntime } from '../../../core/notebook/run';
import type { NotebookRun } from '../../../core/notebook/types';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = join(REPO, 'tests/fixtures/notebooks');
export const SAMPLE = join(REPO, 'data/backprop-ninja.ipynb');
export const NAMES = readFileSync(join(REPO, 'data/names.txt'), 'utf8');

/** What make_notebook_fixtures.py recorded with real PyTorch. */
export interface TorchRecord {
  stdout: string;
  cells: { stdout: string; error: TorchError | null }[];
  checks: {
    label: string;
    line: number;
    shape: number[] | null;
    expected_shape: number[] | null;
    exact: boolean | null;
    approx: boolean | null;
    maxdiff: number | null;
  }[];
  shapes: Record<string, number[]> | null;
  error: TorchError | null;
}

/** Where PyTorch stopped: the exception's class, its message (newer fixtures), and the code cell's index. */
export interface TorchError {
  type: string;
  line: number;
  cell: number;
  message?: string;
}

/** NAME.torch.json beside NAME.ipynb / NAME.py (by default in tests/fixtures/notebooks). */
export function torchRecord(path: string, folder = FIXTURES): TorchRecord {
  const base = path
    .split('/')
    .pop()!
    .replace(/\.(ipynb|py)$/, '');
  return JSON.parse(readFileSync(join(folder, `${base}.torch.json`), 'utf8')) as TorchRecord;
}

let runtime: Promise<PythonRuntime> | null = null;

export function python(): Promise<PythonRuntime> {
  runtime ??= loadPythonNode();
  return runtime;
}

export async function runFile(path: string, readFile = true): Promise<NotebookRun> {
  const rt = await python();
  const nb = parseNotebook(path, readFileSync(path));
  return runNotebook(rt, nb, {
    bundledNames: NAMES,
    readFile: readFile
      ? (rel) => {
          try {
            return readFileSync(join(dirname(path), rel));
          } catch {
            return null;
          }
        }
      : () => null,
  });
}

export const stdoutOf = (run: NotebookRun) => run.cells.map((c) => c.stdout).join('');
