/**
 * `backprop-studio run FILE.ipynb|FILE.py [--out DUMP.json]`: runs the notebook's code cells in order in
 * Python (Pyodide) with the app's torch, printing what they print exactly as `python FILE.py` would; the
 * app's own notes go to stderr. On a Python exception, its traceback goes to stderr as Python prints it (every
 * frame of the notebook's code, a recursion's repeats folded as Python folds them) and the exit
 * code is 1; `sys.exit(n)` exits n; Ctrl+C raises KeyboardInterrupt in the running cell and exits 130.
 * `--out` writes the run (cells, the recorded graph, its tensors and the checks), however it ended.
 */
import { readFileSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { NotebookError, notebookFormat, parseNotebook } from '../core/notebook/parse';
import type { Notebook, NotebookRun } from '../core/notebook/types';
import { parseFlags, RunFailed, UsageError } from './args';
import { jsonChunks } from '../src-node/json-chunks';
import { writeFileAtomic } from '../src-node/write-atomic';
import { checkOutputPath } from './output-file';
import type { ThreadInput, ThreadMessage } from './run-thread';

export const RUN_USAGE = 'backprop-studio run FILE.ipynb|FILE.py [--out DUMP.json]';

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
  let nb: Notebook;
  try {
    nb = parseNotebook(file, bytes);
  } catch (e) {
    if (e instanceof NotebookError) throw new RunFailed(e.message);
    throw e;
  }
  // Check the output path before running, so a long notebook is not run for nothing.
  if (flags.out) checkOutputPath(flags.out);

  const run = await runInThread(file, nb);
  for (const note of run.notes) process.stderr.write(`backprop-studio: note: ${note}\n`);
  if (run.figures.length > 0)
    process.stderr.write(
      `backprop-studio: note: ${run.figures.length} matplotlib plot(s) ignored (the app shows them)\n`,
    );
  if (flags.out) writeFileAtomic(flags.out, jsonChunks(outFile(run)));
  const error = run.error;
  if (!error) return;
  // sys.exit(n) / os._exit(n): the status, and no traceback (a non-int code is printed, as Python does).
  if (error.type === 'SystemExit') {
    if (error.status === 1 && error.message && !/^-?\d+$/.test(error.message))
      process.stderr.write(`${error.message}\n`);
    if (error.status) throw new RunFailed('', true, error.status);
    return;
  }
  throw new RunFailed(error.traceback, true, error.type === 'KeyboardInterrupt' ? SIGINT_STATUS : 1);
}

/** Python's status after Ctrl+C: 128 + SIGINT, as a shell reports `python FILE.py` interrupted. */
const SIGINT_STATUS = 130;

/**
 * Runs the notebook in a thread of its own, printing what it prints as it prints it. Ctrl+C interrupts the
 * running cell (KeyboardInterrupt: the run ends as on any exception, with what ran); a second Ctrl+C while
 * Python does not answer (a loop in C) ends the process at once, as it would end python.
 */
async function runInThread(file: string, nb: Notebook): Promise<NotebookRun> {
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const thread = new Worker(new URL('./python-thread.mjs', import.meta.url), {
    workerData: { file, nb, interrupt } satisfies ThreadInput,
  });
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(SIGINT_STATUS);
    interrupted = true;
    Atomics.store(interrupt, 0, 2);
  };
  process.on('SIGINT', onSigint);
  try {
    return await new Promise<NotebookRun>((resolve, reject) => {
      thread.on('message', (m: ThreadMessage) => {
        if (m.type === 'stdout') process.stdout.write(m.text);
        else if (m.type === 'stderr') process.stderr.write(m.text);
        else if (m.type === 'done') resolve(m.run);
        else if (m.type === 'failed') reject(new RunFailed(m.error));
      });
      thread.on('error', reject);
      thread.on('exit', (code) => reject(new RunFailed(`Python stopped unexpectedly (exit ${code})`)));
    });
  } finally {
    process.off('SIGINT', onSigint);
    await thread.terminate();
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
