/**
 * `backprop-studio run`'s Python thread: runs the notebook it is handed (cli/run.ts sends it) and posts what it
 * prints as it prints it, then the run. The main thread shares an interrupt buffer with it: Ctrl+C writes
 * SIGINT (2) there and Python raises KeyboardInterrupt in the running cell, as `python FILE.py` does.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type { PyodideAPI } from 'pyodide';
import { runNotebook } from '../core/notebook/run';
import type { Notebook, NotebookRun } from '../core/notebook/types';
import { NAMES_PATH } from './load-names';
import { loadPythonNode } from './python-node';
import { notebookFileReader } from '../src-node/read-regular';

/** What the main thread hands over. */
export interface ThreadInput {
  /** The notebook's path: files it names are read beside it. */
  file: string;
  nb: Notebook;
  interrupt: Int32Array;
}

/** What the thread posts: text as printed, then the run (or why there is none). */
export type ThreadMessage =
  { type: 'stdout' | 'stderr'; text: string } | { type: 'done'; run: NotebookRun } | { type: 'failed'; error: string };

const { file, nb, interrupt } = workerData as ThreadInput;
const post = (m: ThreadMessage) => parentPort!.postMessage(m);

// The bridge asks for a collection once Python has dropped big tensors (see COLLECT_AFTER_BYTES in bridge.ts).
setFlagsFromString('--expose-gc');
(globalThis as { gc?: unknown }).gc = runInNewContext('gc');

try {
  const runtime = await loadPythonNode();
  (runtime.pyodide as PyodideAPI).setInterruptBuffer(interrupt);
  const folder = dirname(resolve(file));
  const run = runNotebook(runtime, nb, {
    bundledNames: readFileSync(NAMES_PATH, 'utf8'),
    readFile: notebookFileReader(folder),
    onStdout: (text) => post({ type: 'stdout', text }),
    onStderr: (text) => post({ type: 'stderr', text }),
  });
  post({ type: 'done', run });
} catch (e) {
  post({ type: 'failed', error: e instanceof Error ? e.message : String(e) });
}
