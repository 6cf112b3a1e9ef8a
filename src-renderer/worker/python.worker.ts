/**
 * Runs learners' notebooks off the UI thread in Pyodide (CPython in WebAssembly) with core/python's torch.
 * Pyodide is loaded on the first request only (a run, or a warm-up when the open dialog shows), from the app's own `pyodide/` folder (pyodide-assets.ts),
 * so the lecture view never waits for it. Runs are queued: one Python, one notebook at a time. An exercise is a
 * run that stays live for checks of its backward cells; a check waiting in the queue is dropped when a newer one
 * of the same cell arrives, so the worker only ever checks what the learner last typed.
 */
import type { PyodideAPI } from 'pyodide';
import sampleText from '../../data/backprop-ninja.ipynb?raw';
import { parseNotebook } from '../../core/notebook/parse';
import { startExercise, type ExerciseSession } from '../../core/notebook/exercise';
import { notRun, type KeptRun, type PythonRuntime } from '../../core/notebook/run';
import { startPython } from '../../core/notebook/start-python';
import { loadNamesText } from './names';
import type { NotebookSource, PythonEvent, PythonRequest } from './python-protocol';
import { checkedSnapshotStore } from './pyodide-snapshot';
import { trainLoop } from './exercise-train-loop';
import { streamPoster } from './stream-poster';
import { runningStage } from '../notebook/progress';

/** Every .py under core/python, keyed by its path there (`torch/__init__.py`), as the CLI reads them from disk. */
const SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>('../../core/python/**/*.py', { query: '?raw', import: 'default', eager: true }),
  ).map(([path, text]) => [path.replace('../../core/python/', ''), text]),
);

const SAMPLE = 'backprop-ninja.ipynb';
let runtime: Promise<PythonRuntime> | null = null;
let queue: Promise<void> = Promise.resolve();
/**
 * The live exercise session: the editor's checks and exercise 4's training both run on it (an exercise request
 * starts it; a new notebook run ends it, in the core as here).
 */
let exerciseSession: ExerciseSession | null = null;
/** The plain run last made, kept so its cells can be run again in its session (Shift+Enter, run to here). */
let keptRun: KeptRun | null = null;
/** The plain run last made, as an exercise session ready for "Start the exercise" (exercise-here). */
let ran: { session: ExerciseSession; name: string; firstLines: number[] } | null = null;
/** The newest check asked for, per cell: an older one still queued is stale. */
const newestCheck = new Map<number, number>();
/** train-start ids a train-cancel has arrived for (cancels are not queued: the training is what holds the queue). */
const cancelledTrainings = new Set<number>();

const post = (event: PythonEvent) => self.postMessage(event);
/** The page's interrupt buffer, once Python has it (Stop writes 2 into it: KeyboardInterrupt). */
let interrupt: Int32Array | null = null;
/** Set once Pyodide failed fatally: this worker can run nothing more, and the page replaces it. */
let fatal: string | null = null;

/**
 * Pyodide's words for a failure of the interpreter itself, once it is spent (the failure itself, a deep
 * recursion overflowing the stack, carries `pyodide_fatal_error`).
 */
const FATAL = /fatal(ly)? (error|failed)/i;

async function load(indexURL: string, expectedHash: string | null): Promise<PythonRuntime> {
  const { loadPyodide, version } = (await import(
    /* @vite-ignore */ `${indexURL}pyodide.mjs`
  )) as typeof import('pyodide');
  // IndexedDB is writable by notebook code run in this worker: a snapshot loads only if it is the one the page
  // saw saved, by its hash.
  const store = checkedSnapshotStore(version, expectedHash, (hash) => post({ id: 0, type: 'snapshot', hash }));
  const pyodide: PyodideAPI = await startPython(
    (snapshot) => loadPyodide({ indexURL, stdout: () => {}, stderr: () => {}, ...snapshot }),
    store,
  );
  return { pyodide, sources: SOURCES };
}

async function sampleSource(): Promise<NotebookSource> {
  const enc = new TextEncoder();
  return { name: SAMPLE, bytes: enc.encode(sampleText), files: { 'names.txt': enc.encode(await loadNamesText()) } };
}

/** Starts Pyodide once; a failed start is forgotten so the next request tries again. */
async function start(request: {
  indexURL: string;
  interrupt: Int32Array | null;
  snapshotHash: string | null;
}): Promise<PythonRuntime> {
  const buffer = request.interrupt;
  if (!runtime) {
    runtime = load(request.indexURL, request.snapshotHash);
    runtime.catch(() => (runtime = null));
  }
  const rt = await runtime;
  if (buffer && buffer !== interrupt) {
    (rt.pyodide as PyodideAPI).setInterruptBuffer(buffer);
    interrupt = buffer;
  }
  // A Stop pressed after the last run ended must not stop this one.
  if (interrupt) Atomics.store(interrupt, 0, 0);
  return rt;
}

async function handle(request: PythonRequest): Promise<void> {
  const { id } = request;
  if (request.type === 'warm') {
    await start(request).catch(() => {});
    return;
  }
  if (fatal && request.type !== 'train-cancel')
    return post({ id, type: 'failed', error: `Python failed and cannot run more: ${fatal}`, fatal: true });
  // A Stop that raced the end of the last request must not stop this one (start() clears it for new runs).
  if (interrupt && request.type !== 'train-cancel') Atomics.store(interrupt, 0, 0);
  if (request.type === 'check') return check(request);
  if (request.type === 'run-cells') return runCells(request);
  if (request.type === 'exercise-here') return exerciseHere(id);
  if (request.type === 'train-start') return train(request);
  if (request.type === 'train-cancel') return;
  try {
    exerciseSession = null;
    keptRun = null;
    ran = null;
    const given = request.type === 'sample' ? 'sample' : request.source;
    const source = given === 'sample' ? await sampleSource() : given;
    // Parse first: a file that is not a notebook is told at once, without waiting for Python.
    const notebook = parseNotebook(source.name, source.bytes);
    const firstLines = notebook.cells.map((c) => c.firstLine);
    const name = source.name;
    // A plain run shows its cells at once; an exercise's cells are known once it has blanked them.
    if (request.type !== 'exercise')
      post({ id, type: 'stream', event: { kind: 'start', run: notRun(notebook), name, firstLines } });
    const t0 = performance.now();
    if (!runtime) post({ id, type: 'progress', stage: 'loading' });
    const rt = await start(request);
    const t1 = performance.now();
    const streamed = streamPoster(
      (event) => post({ id, type: 'stream', event }),
      () => performance.now(),
    );
    const options = {
      bundledNames: await loadNamesText(),
      readFile: (rel: string) => source.files?.[rel] ?? null,
      onCell: (cell: number) => {
        streamed.flush();
        post({ id, type: 'progress', ...runningStage(notebook.cells, cell) });
      },
      onStdout: streamed.onStdout,
      stream: streamed.stream,
    };
    if (request.type === 'exercise') {
      exerciseSession = startExercise(rt, notebook, { ...options, blank: request.blank });
      const { run, cells } = exerciseSession;
      post({ id, type: 'exercise', run, cells, name, firstLines, loadMs: t1 - t0, runMs: performance.now() - t1 });
      return;
    }
    // A plain run is an exercise session as it runs (the globals saved before each backward cell), so "Start the
    // exercise" on it needs no second run.
    const session = startExercise(rt, notebook, { ...options, blank: false });
    keptRun = session.kept;
    ran = { session, name, firstLines };
    const { run } = keptRun;
    post({ id, type: 'done', run, name, firstLines, loadMs: t1 - t0, runMs: performance.now() - t1 });
  } catch (e) {
    failed(id, e);
  }
}

/** Says why a request failed; a fatal failure of Python marks this worker as spent. */
function failed(id: number, e: unknown): void {
  const error = e instanceof Error ? e.message : String(e);
  if ((e as { pyodide_fatal_error?: unknown } | null)?.pyodide_fatal_error || FATAL.test(error)) fatal ??= error;
  post({ id, type: 'failed', error, ...(fatal ? { fatal: true } : {}) });
}

function exerciseHere(id: number): void {
  if (!ran) return post({ id, type: 'failed', error: 'no notebook run to start the exercise on' });
  exerciseSession = ran.session;
  const { name, firstLines } = ran;
  post({ id, type: 'exercise', run: keptRun!.run, cells: ran.session.cells, name, firstLines, loadMs: 0, runMs: 0 });
}

function runCells(request: Extract<PythonRequest, { type: 'run-cells' }>): void {
  const { id } = request;
  try {
    if (!keptRun) throw new Error('no notebook run to go on with: open the notebook again');
    if (interrupt) Atomics.store(interrupt, 0, 0);
    post({ id, type: 'cells-done', run: keptRun.runCells(request.cells, request.sources) });
  } catch (e) {
    failed(id, e);
  }
}

function check(request: Extract<PythonRequest, { type: 'check' }>): void {
  const { id, cell } = request;
  if (newestCheck.get(cell) !== id) return post({ id, type: 'superseded' });
  try {
    if (!exerciseSession) throw new Error('no exercise is running: start the exercise first');
    post({ id, type: 'checked', check: exerciseSession.check(cell, request.source) });
  } catch (e) {
    failed(id, e);
  }
}

async function train(request: Extract<PythonRequest, { type: 'train-start' }>): Promise<void> {
  const { id, cell, source, lr, checkEvery } = request;
  const session = exerciseSession;
  await trainLoop(
    () => {
      if (!session) throw new Error('no exercise session: open the notebook and start again');
      return session.train({ cell, source, lr, checkEvery });
    },
    request,
    {
      post,
      cancelled: () => cancelledTrainings.has(id),
      yieldToMessages: () => new Promise((resolve) => setTimeout(resolve, 0)),
      now: () => performance.now(),
    },
  );
  cancelledTrainings.delete(id);
}

self.onmessage = (event: MessageEvent<PythonRequest>) => {
  const request = event.data;
  if (request.type === 'check') newestCheck.set(request.cell, request.id);
  if (request.type === 'train-cancel') cancelledTrainings.add(request.id);
  else queue = queue.then(() => handle(request));
};
