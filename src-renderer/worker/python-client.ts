/**
 * The page's handle on the Python worker. The worker (and Pyodide in it) starts on the first notebook
 * opened, never with the page; each run reports its stage through `onProgress`.
 */
import type { ExerciseCell } from '../../core/notebook/exercise-types';
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

type Pending = { resolve(r: NotebookResult): void; reject(e: Error): void; onProgress(s: PythonStage): void };

/** Where Pyodide's files are: `pyodide/` beside the page (src-renderer/pyodide-assets.ts puts them there). */
const indexURL = () => new URL('pyodide/', document.baseURI).href;

export class PythonClient {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  /** Exercise and training requests: each hears every event of its id until it removes itself. */
  private readonly listeners = new Map<number, (event: PythonEvent) => void>();

  /** Runs a notebook file, or the bundled sample. */
  run(source: NotebookSource | 'sample', onProgress: (s: PythonStage) => void = () => {}): Promise<NotebookResult> {
    const id = this.next++;
    const request: PythonRequest =
      source === 'sample'
        ? { id, type: 'sample', indexURL: indexURL() }
        : { id, type: 'run', source, indexURL: indexURL() };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.start().postMessage(request);
    });
  }

  /** Starts Python while the person picks a file, so the first run does not wait as long. */
  warm(): void {
    this.start().postMessage({ id: this.next++, type: 'warm', indexURL: indexURL() } satisfies PythonRequest);
  }

  /** Starts an exercise session on a notebook (or the sample) in the worker, for training; its exercise cells. */
  startExercise(
    source: NotebookSource | 'sample',
    blank: boolean,
    onProgress: (s: PythonStage) => void = () => {},
  ): Promise<ExerciseCell[]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.listeners.set(id, (event) => {
        if (event.type === 'progress') return onProgress(event);
        this.listeners.delete(id);
        if (event.type === 'exercise-ready') resolve(event.cells);
        else reject(new Error(event.type === 'failed' ? event.error : `unexpected ${event.type}`));
      });
      this.start().postMessage({
        id,
        type: 'exercise-start',
        source,
        blank,
        indexURL: indexURL(),
      } satisfies PythonRequest);
    });
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
      this.pending.delete(event.id);
      if (event.type === 'done') {
        const { run, name, firstLines, loadMs, runMs } = event;
        p.resolve({ run, name, firstLines, loadMs, runMs });
      } else p.reject(new Error(event.type === 'failed' ? event.error : `unexpected ${event.type}`));
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
