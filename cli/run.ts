/**
 * `backprop-studio run FILE.ipynb|FILE.py [--out DUMP.json]`: runs the notebook's code cells in order in
 * Python (Pyodide) with the app's torch, printing what they print exactly as `python FILE.py` would; the
 * app's own notes go to stderr. On a Python exception, the traceback's last lines go to stderr and the exit
 * code is 1. `--out` writes the run: cells, the recorded graph, its tensors and the checks.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NAMES_PATH } from './load-names';
import { NotebookError, notebookFormat, parseNotebook } from '../core/notebook/parse';
import { runNotebook } from '../core/notebook/run';
import type { NotebookRun } from '../core/notebook/types';
import { parseFlags, RunFailed, UsageError } from './args';
import { jsonChunks } from '../src-node/json-chunks';
import { writeFileAtomic } from '../src-node/write-atomic';
import { checkOutputPath } from './output-file';
import { loadPythonNode } from './python-node';
import { notebookFileReader } from '../src-node/read-regular';

export const RUN_USAGE = 'backprop-studio run FILE.ipynb|FILE.py [--out DUMP.json]';

/** How many traceback lines stderr gets: the frames nearest the error and the error itself. */
const TRACEBACK_LINES = 8;

export async function runCommand(argv: readonly string[]): Promise<void> {
  const [file, ...rest] = argv;
  if (file === undefined || file.startsWith('--')) throw new UsageError(`run needs a notebook: ${RUN_USAGE}`);
  const flags = parseFlags(rest, { values: ['out'] });
  if (notebookFormat(file) === null) throw new UsageError(`${file}: expected a .ipynb or .py file`);
  let bytes: Uint8Array;
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${file} is not a file`);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let nb;
  try {
    nb = parseNotebook(file, bytes);
  } catch (e) {
    if (e instanceof NotebookError) throw new RunFailed(e.message);
    throw e;
  }
  // Check the output path before running, so a long notebook is not run for nothing.
  if (flags.out) checkOutputPath(flags.out);

  const runtime = await loadPythonNode();
  const folder = dirname(resolve(file));
  const run = runNotebook(runtime, nb, {
    bundledNames: readFileSync(NAMES_PATH, 'utf8'),
    readFile: notebookFileReader(folder),
    onStdout: (text) => process.stdout.write(text),
    onStderr: (text) => process.stderr.write(text),
  });
  for (const note of run.notes) process.stderr.write(`backprop-studio: note: ${note}\n`);
  if (run.figures.length > 0)
    process.stderr.write(
      `backprop-studio: note: ${run.figures.length} matplotlib plot(s) ignored (the app shows them)\n`,
    );
  if (flags.out) writeFileAtomic(flags.out, jsonChunks(outFile(run)));
  if (run.error) {
    const lines = run.error.traceback.split('\n');
    const tail =
      lines.length > TRACEBACK_LINES
        ? ['Traceback (most recent call last):', '  ...', ...lines.slice(-TRACEBACK_LINES + 1)]
        : lines;
    throw new RunFailed(tail.join('\n'), true);
  }
}

/** What `--out` writes (see the layout; `notes` and `figures` ride along). */
function outFile(run: NotebookRun) {
  return {
    source: run.source,
    cells: run.cells.map((c) => ({
      index: c.index,
      kind: c.kind,
      source: c.source,
      stdout: c.stdout,
      error: c.error,
      ran: c.ran,
    })),
    graph: run.graph,
    tensors: run.tensors,
    checks: run.checks,
    notes: run.notes,
    figures: run.figures,
  };
}
