/**
 * The page's handle on the Python worker. The worker (and Pyodide in it) starts on the first notebook
 * opened, never with the page; each run reports its stage through `onProgress` and what it does as it does it
 * through `onStream`. An exercise is a run that stays live in the worker, whose cells `check` re-runs as the
 * learner types and `train` trains with (exercise 4).
 *
 * Every notebook gets a fresh Python: a worker that has run one is ended before the next starts (Pyodide starts
 * again from its snapshot), so nothing a notebook did reaches the next. `stop` is Jupyter's Interrupt: it
 * raises KeyboardInterrupt through the shared interrupt buffer, and where Python does not answer in time (a
 * loop in C, no SharedArrayBuffer) it ends the worker; after a fatal failure the worker is replaced too.
 */
import type { BackwardCheck, ExerciseCell } from '../../core/notebook/exercise-types';
import type { NotebookRun } from '../../core/notebook/types';
import type { NotebookSource, PythonEvent, PythonRequest, PythonStage, RunEvent } from './python-protocol';

export type TrainRequest = Omit<Extract<PythonRequest, { type: 'train-start' }>, 'id' | 'type'>;
export type TrainProgressEvent = Extract<PythonEvent, { type: 'train-progress' }>;
export type TrainDoneEvent = Extract<PythonEvent, { type: 'train-done' }>;

export interface NotebookResult {
  run: NotebookRun;
  name: string;
  /** The line each cell starts on, as the run's lines count them (the file's for .py, 1 for .ipynb). */
  firstLines: number[];
  loadMs: number;
  runMs: number;
}

export interface ExerciseResult extends NotebookResult {
  /** The cells the learner writes gradients in, with the source each opens with. */
  cells: ExerciseCell[];
}

type Settled = Exclude<PythonEvent, { type: 'progress' | 'train-progress' | 'stream' }>;
type Pending = {
  settle(e: Settled): void;
  reject(e: Error): void;
  onProgress(s: PythonStage): void;
  onStream(e: RunEvent): void;
  /** Resolves once the request is answered or abandoned. */
  done: Promise<void>;
};

/** How long Stop waits for KeyboardInterrupt to end a run before it ends the worker instead (Python in C). */
export const STOP_GRACE_MS = 800;

/** The startup snapshot's hash, in the page's storage (a worker's notebook code cannot write there). */
const SNAPSHOT_HASH_KEY = 'backprop-studio:python-snapshot-sha256';
const snapshotHash = {
  get: (): string | null => globalThis.localStorage?.getItem(SNAPSHOT_HASH_KEY) ?? null,
  set: (hash: string) => globalThis.localStorage?.setItem(SNAPSHOT_HASH_KEY, hash),
};

/** Past the exercise check's own 10 s limit on a statement, with room for a slow machine: Python is stuck in C. */
export const CHECK_LIMIT_MS = 15_000;

/** A request abandoned because its worker was ended (Stop, or a fatal failure of Python). */
export class StoppedError extends Error {
  constructor(
    message: string,
    /** Python itself failed (not a Stop): the page says it restarted. */
    readonly fatal = false,
  ) {
    super(message);
  }
}

/** How Stop went: nothing was running, Python raised KeyboardInterrupt, or the worker had to be ended. */
export type StopOutcome = 'idle' | 'interrupted' | 'ended';

/** Where Pyodide's files are: `pyodide/` beside the page (src-renderer/pyodide-assets.ts puts them there). */
const indexURL = () => new URL('pyodide/', document.baseURI).href;

function result(e: Extract<Settled, { type: 'done' | 'exercise' }>): NotebookResult {
  const { run, name, firstLines, loadMs, runMs } = e;
  return { run, name, firstLines, loadMs, runMs };
}

export class PythonClient {
  private worker: Worker | null = null;
  /** Whether a notebook has run in this worker: the next one gets a fresh worker. */
  private used = false;
  /**
   * Which Python session the worker holds: a new number for each notebook started in a fresh Python and for
   * each worker ended, so a run's session can be told still alive (reopening an unchanged notebook reuses it).
   */
  session = 0;
  /** The notebook run (or exercise start) in flight: what Stop stops. */
  private running: number | null = null;
  /** Shared with Python where the page is cross-origin isolated (Stop writes 2 into it); else null. */
  private readonly interrupt: Int32Array | null =
    typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true
      ? new Int32Array(new SharedArrayBuffer(4))
      : null;
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  /** Training requests: each hears every event of its id until it removes itself. */
  private readonly listeners = new Map<number, (event: PythonEvent) => void>();

  /** Runs a notebook file, or the bundled sample, in a fresh Python. */
  run(
    source: NotebookSource | 'sample',
    onProgress: (s: PythonStage) => void = () => {},
    onStream: (e: RunEvent) => void = () => {},
  ): Promise<NotebookResult> {
    const starts = this.freshStart();
    const request =
      source === 'sample' ? ({ type: 'sample', ...starts } as const) : ({ type: 'run', source, ...starts } as const);
    return this.notebook(request, onProgress, onStream, (e) => {
      if (e.type !== 'done') throw new Error(`unexpected answer ${e.type} to a run`);
      return result(e);
    });
  }

  /** Runs a notebook (or the sample, `blank` for a fresh start) as an exercise the worker keeps for checks. */
  startExercise(
    source: NotebookSource | 'sample',
    blank: boolean,
    onProgress: (s: PythonStage) => void = () => {},
    onStream: (e: RunEvent) => void = () => {},
  ): Promise<ExerciseResult> {
    const request = { type: 'exercise', source, blank, ...this.freshStart() } as const;
    return this.notebook(request, onProgress, onStream, (e) => {
      if (e.type !== 'exercise') throw new Error(`unexpected answer ${e.type} to an exercise`);
      return { ...result(e), cells: e.cells };
    });
  }

  /**
   * Runs these code cells of the notebook last run again, in its session (Shift+Enter, run to here), with new
   * source where given; Stop stops them as it stops a run.
   */
  runCells(cells: number[], sources: Record<number, string> = {}): Promise<NotebookRun> {
    return this.notebook(
      { type: 'run-cells', cells, sources },
      () => {},
      () => {},
      (e) => {
        if (e.type !== 'cells-done') throw new Error(`unexpected answer ${e.type} to running cells`);
        return e.run;
      },
    );
  }

  /**
   * Starts the exercise on the notebook this worker last ran, with no second run (its session already is one);
   * null when there is none to reuse (the worker was ended, or is busy).
   */
  exerciseHere(): Promise<ExerciseResult> | null {
    if (!this.worker || !this.used || this.busy) return null;
    return this.notebook(
      { type: 'exercise-here' },
      () => {},
      () => {},
      (e) => {
        if (e.type !== 'exercise') throw new Error(`unexpected answer ${e.type} to an exercise`);
        return { ...result(e), cells: e.cells };
      },
    );
  }

  /** Whether a notebook run (or exercise start) is in flight. */
  get busy(): boolean {
    return this.running !== null && this.pending.has(this.running);
  }

  /**
   * Jupyter's Interrupt: KeyboardInterrupt in the running cell (the run then ends as it would on any
   * exception, with what ran); where Python does not stop within STOP_GRACE_MS, or cannot be interrupted
   * here, the worker is ended and the run's promise rejects with StoppedError.
   */
  async stop(): Promise<StopOutcome> {
    const id = this.running;
    const p = id === null ? undefined : this.pending.get(id);
    if (!p) return 'idle';
    if (this.interrupt) {
      Atomics.store(this.interrupt, 0, 2);
      const answered = await Promise.race([
        p.done.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_GRACE_MS)),
      ]);
      if (answered) return 'interrupted';
    }
    this.end(new StoppedError('the run was stopped: Python was ended and starts again for the next notebook'));
    return 'ended';
  }

  /** The request fields that start Python, in a worker no notebook has run in yet. */
  private freshStart(): { indexURL: string; interrupt: Int32Array | null; snapshotHash: string | null } {
    if (this.used) this.end(new StoppedError('another notebook was opened'));
    this.used = true;
    this.session++;
    return this.starts();
  }

  private starts(): { indexURL: string; interrupt: Int32Array | null; snapshotHash: string | null } {
    return { indexURL: indexURL(), interrupt: this.interrupt, snapshotHash: snapshotHash.get() };
  }

  private notebook<T>(
    request: DistributiveOmit<PythonRequest, 'id'>,
    onProgress: (s: PythonStage) => void,
    onStream: (e: RunEvent) => void,
    read: (e: Exclude<Settled, { type: 'failed' }>) => T,
  ): Promise<T> {
    const answer = this.ask(request, onProgress, read, onStream);
    this.running = this.next - 1;
    return answer;
  }

  /** Ends the worker: every request still waiting rejects with `error`; the next request starts a fresh one. */
  private end(error: StoppedError): void {
    const worker = this.worker;
    if (!worker) return;
    worker.terminate();
    this.worker = null;
    this.used = false;
    this.session++;
    this.running = null;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    for (const [id, listener] of [...this.listeners]) listener({ id, type: 'failed', error: error.message });
    this.listeners.clear();
  }

  /**
   * Checks one exercise cell's source; null when a newer check of that cell superseded this one unrun. A
   * check still unanswered after CHECK_LIMIT_MS is in a loop Python's own time limit cannot stop (one in C,
   * `sum(range(2*10**9))`): the worker is ended and the check rejects with StoppedError.
   */
  check(cell: number, source: string): Promise<BackwardCheck | null> {
    const answer = this.ask(
      { type: 'check', cell, source },
      () => {},
      (e) => {
        if (e.type === 'superseded') return null;
        if (e.type !== 'checked') throw new Error(`unexpected answer ${e.type} to a check`);
        return e.check;
      },
    );
    const id = this.next - 1;
    const timer = setTimeout(() => {
      if (this.pending.has(id))
        this.end(
          new StoppedError(
            `the check ran for more than ${CHECK_LIMIT_MS / 1000} s and was stopped: Python restarted, so start the exercise again`,
          ),
        );
    }, CHECK_LIMIT_MS);
    return answer.finally(() => clearTimeout(timer));
  }

  /** Exercise 4 on the session startExercise left: progress after each chunk, then how it ended. */
  train(
    request: TrainRequest,
    onProgress: (p: TrainProgressEvent) => void,
  ): { id: number; done: Promise<TrainDoneEvent> } {
    const id = this.next++;
    const done = new Promise<TrainDoneEvent>((resolve) => {
      this.listeners.set(id, (event) => {
        if (event.type === 'train-progress') return onProgress(event);
        this.listeners.delete(id);
        if (event.type === 'train-done') resolve(event);
        else
          resolve({ id, type: 'train-done', done: 0, cancelled: false, error: 'error' in event ? event.error : null });
      });
    });
    this.start().postMessage({ id, type: 'train-start', ...request } satisfies PythonRequest);
    return { id, done };
  }

  /** Stops the training `train` returned this id for; its `done` then settles with `cancelled`. */
  cancelTraining(id: number): void {
    this.worker?.postMessage({ id, type: 'train-cancel' } satisfies PythonRequest);
  }

  /**
   * Starts Python while the person picks a file, so the first run does not wait as long: in a fresh worker
   * when a notebook already ran in this one (and none is running now).
   */
  warm(): void {
    // A worker that already ran a notebook holds that notebook's session (re-run, exercise): the open dialog may
    // still be cancelled, so it is kept; the next notebook gets a fresh worker when it is really opened.
    if (this.busy || this.used) return;
    const request = { id: this.next++, type: 'warm', ...this.starts() } as const;
    this.start().postMessage(request satisfies PythonRequest);
  }

  private ask<T>(
    request: DistributiveOmit<PythonRequest, 'id'>,
    onProgress: (s: PythonStage) => void,
    read: (e: Exclude<Settled, { type: 'failed' }>) => T,
    onStream: (e: RunEvent) => void = () => {},
  ): Promise<T> {
    const id = this.next++;
    let finished = () => {};
    const done = new Promise<void>((resolve) => (finished = resolve));
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        settle: (e) => {
          finished();
          if (e.type === 'failed') {
            reject(e.fatal ? new StoppedError(e.error, true) : new Error(e.error));
            // Python failed for good in that worker: the next request starts a fresh one.
            if (e.fatal) this.end(new StoppedError(`Python failed and was restarted: ${e.error}`, true));
          } else {
            try {
              resolve(read(e));
            } catch (err) {
              reject(err instanceof Error ? err : new Error(String(err)));
            }
          }
        },
        reject: (e) => {
          finished();
          reject(e);
        },
        onProgress,
        onStream,
        done,
      });
      this.start().postMessage({ ...request, id } as PythonRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./python.worker.ts', import.meta.url), { type: 'module', name: 'python' });
    // Until the worker runs a notebook's code, what it says is the app's own: only then is a snapshot's hash kept.
    let trusted = true;
    worker.onmessage = (e: MessageEvent<PythonEvent>) => {
      const event = e.data;
      if (event.type === 'snapshot') {
        if (trusted) snapshotHash.set(event.hash);
        return;
      }
      if (event.type === 'progress' && event.stage === 'running') trusted = false;
      const listener = this.listeners.get(event.id);
      if (listener) return listener(event);
      const p = this.pending.get(event.id);
      if (!p) return;
      if (event.type === 'progress') return p.onProgress(event);
      if (event.type === 'stream') return p.onStream(event.event);
      // Training's progress goes to its listener only; none reaches a run, an exercise or a check.
      if (event.type === 'train-progress') return;
      this.pending.delete(event.id);
      p.settle(event);
    };
    worker.onerror = (e) => {
      // A worker that failed to load takes its queue with it; the next open starts a fresh one. Python failed
      // (fatal): nothing was stopped, so the page says so rather than that a Stop could not interrupt it.
      this.end(new StoppedError(e.message || 'the Python worker failed to load', true));
    };
    this.worker = worker;
    return worker;
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
