/**
 * The page's handle on the Python worker. The worker (and Pyodide in it) starts on the first notebook
 * opened, never with the page; each run reports its stage through `onProgress`. An exercise is a run that
 * stays live in the worker, whose cells `check` re-runs as the learner types and `train` trains with (exercise 4).
 */
import type { BackwardCheck, ExerciseCell } from '../../core/notebook/exercise-types';
import type { NotebookRun } from '../../core/notebook/types';
import type { NotebookSource, PythonEvent, PythonRequest, PythonStage } from './python-protocol';

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

type Settled = Exclude<PythonEvent, { type: 'progress' | 'train-progress' }>;
type Pending = { settle(e: Settled): void; reject(e: Error): void; onProgress(s: PythonStage): void };

/** Where Pyodide's files are: `pyodide/` beside the page (src-renderer/pyodide-assets.ts puts them there). */
const indexURL = () => new URL('pyodide/', document.baseURI).href;

function result(e: Extract<Settled, { type: 'done' | 'exercise' }>): NotebookResult {
  const { run, name, firstLines, loadMs, runMs } = e;
  return { run, name, firstLines, loadMs, runMs };
}

export class PythonClient {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  /** Training requests: each hears every event of its id until it removes itself. */
  private readonly listeners = new Map<number, (event: PythonEvent) => void>();

  /** Runs a notebook file, or the bundled sample. */
  run(source: NotebookSource | 'sample', onProgress: (s: PythonStage) => void = () => {}): Promise<NotebookResult> {
    const request =
      source === 'sample'
        ? ({ type: 'sample', indexURL: indexURL() } as const)
        : ({ type: 'run', source, indexURL: indexURL() } as const);
    return this.ask(request, onProgress, (e) => {
      if (e.type !== 'done') throw new Error(`unexpected answer ${e.type} to a run`);
      return result(e);
    });
  }

  /** Runs a notebook (or the sample, `blank` for a fresh start) as an exercise the worker keeps for checks. */
  startExercise(
    source: NotebookSource | 'sample',
    blank: boolean,
    onProgress: (s: PythonStage) => void = () => {},
  ): Promise<ExerciseResult> {
    return this.ask({ type: 'exercise', source, blank, indexURL: indexURL() }, onProgress, (e) => {
      if (e.type !== 'exercise') throw new Error(`unexpected answer ${e.type} to an exercise`);
      return { ...result(e), cells: e.cells };
    });
  }

  /** Checks one exercise cell's source; null when a newer check of that cell superseded this one unrun. */
  check(cell: number, source: string): Promise<BackwardCheck | null> {
    return this.ask(
      { type: 'check', cell, source },
      () => {},
      (e) => {
        if (e.type === 'superseded') return null;
        if (e.type !== 'checked') throw new Error(`unexpected answer ${e.type} to a check`);
        return e.check;
      },
    );
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

  /** Starts Python while the person picks a file, so the first run does not wait as long. */
  warm(): void {
    this.start().postMessage({ id: this.next++, type: 'warm', indexURL: indexURL() } satisfies PythonRequest);
  }

  private ask<T>(
    request: DistributiveOmit<PythonRequest, 'id'>,
    onProgress: (s: PythonStage) => void,
    read: (e: Exclude<Settled, { type: 'failed' }>) => T,
  ): Promise<T> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        settle: (e) => {
          if (e.type === 'failed') reject(new Error(e.error));
          else {
            try {
              resolve(read(e));
            } catch (err) {
              reject(err instanceof Error ? err : new Error(String(err)));
            }
          }
        },
        reject,
        onProgress,
      });
      this.start().postMessage({ ...request, id } as PythonRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./python.worker.ts', import.meta.url), { type: 'module', name: 'python' });
    worker.onmessage = (e: MessageEvent<PythonEvent>) => {
      const event = e.data;
      const listener = this.listeners.get(event.id);
      if (listener) return listener(event);
      const p = this.pending.get(event.id);
      if (!p) return;
      if (event.type === 'progress') return p.onProgress(event);
      // Training's progress goes to its listener only; none reaches a run, an exercise or a check.
      if (event.type === 'train-progress') return;
      this.pending.delete(event.id);
      p.settle(event);
    };
    worker.onerror = (e) => {
      // A worker that failed to load takes its queue with it; the next open starts a fresh one.
      const error = new Error(e.message || 'the Python worker failed to load');
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      for (const [id, listener] of [...this.listeners]) listener({ id, type: 'failed', error: error.message });
      this.listeners.clear();
      worker.terminate();
      this.worker = null;
    };
    this.worker = worker;
    return worker;
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
