/**
 * Messages between the page and the Python worker: one notebook run in, its progress and result out; or an
 * exercise started on a notebook (one session: the editor's checks and exercise 4's training both run on it),
 * then its backward cells checked as the learner edits them, or trained with.
 */
import type { BackwardCheck, ExerciseCell } from '../../core/notebook/exercise-types';
import type { TrainChunk } from '../../core/notebook/exercise-train';
import type { CellResult, Check, Figure, NotebookRun, NotebookTensor } from '../../core/notebook/types';
import type { Graph } from '../../core/graph/types';
import type { NotebookFile } from '../../src-common/ipc-contract';

/** A notebook as opened: by main (Electron, with the files it names) or from a file input or drop (bytes only). */
export type NotebookSource = NotebookFile;

/**
 * Every request that may start Python carries the page's interrupt buffer (a SharedArrayBuffer, where the page is
 * cross-origin isolated; else null): Stop writes SIGINT (2) into it and Python raises KeyboardInterrupt.
 */
type Starts = {
  indexURL: string;
  interrupt: Int32Array | null;
  /**
   * The SHA-256 (hex) of the startup snapshot this worker's page saw saved, kept where notebook code cannot write
   * (the page's storage); a snapshot in IndexedDB with another hash is not loaded. Null: none known yet.
   */
  snapshotHash: string | null;
};

export type PythonRequest =
  | ({ id: number; type: 'run'; source: NotebookSource } & Starts)
  /** The bundled sample (data/backprop-ninja.ipynb with data/names.txt beside it). */
  | ({ id: number; type: 'sample' } & Starts)
  /** Start Python now (a notebook is about to be chosen); answers nothing. */
  | ({ id: number; type: 'warm' } & Starts)
  /** Runs a notebook (or the sample) as an exercise session: `blank` empties the exercise cells' gradient lines. */
  | ({ id: number; type: 'exercise'; source: NotebookSource | 'sample'; blank: boolean } & Starts)
  /**
   * Starts the exercise on the notebook this worker last ran (not blanked), with no new run: its session
   * already is one. Answered like `exercise`.
   */
  | { id: number; type: 'exercise-here' }
  /**
   * Runs these code cells of the notebook last run again in its session (Shift+Enter, run to here), with new
   * source where given; answered `cells-done`.
   */
  | { id: number; type: 'run-cells'; cells: number[]; sources: Record<number, string> }
  /**
   * Checks one exercise cell with new source (the forward pass is not re-run). A newer check of the same
   * cell that arrives while this one still waits in the queue supersedes it: typing never backs up.
   */
  | { id: number; type: 'check'; cell: number; source: string }
  /** Exercise 4: trains `steps` steps with that cell's source as the backward pass, checking every `checkEvery`. */
  | { id: number; type: 'train-start'; cell: number; source: string; lr: number; steps: number; checkEvery: number }
  /** Stops the training of that train-start (answered by its train-done); not queued behind it. */
  | { id: number; type: 'train-cancel' };

/**
 * Where a run is: loading Pyodide, then each code cell in turn: `cell` is its number as the cell list shows it
 * (`In [n]`, from 1) of `cells` code cells, `index` its place in the notebook (core/notebook/coords.ts).
 */
export type PythonStage = { stage: 'loading' } | { stage: 'running'; cell: number; cells: number; index: number };

/** What a run reports as it happens (core/notebook/run.ts's RunStream), each in the order it ran. */
export type RunEvent =
  /** The notebook as parsed, nothing run yet: the page shows its cells at once. */
  | { kind: 'start'; run: NotebookRun; name: string; firstLines: number[] }
  /** Text a cell printed (batched: a print-heavy loop is a few messages a second, not one per print). */
  | { kind: 'stdout'; cell: number; text: string }
  | { kind: 'cell'; cell: CellResult; figures: Figure[] }
  | { kind: 'graph'; graph: Graph; tensors: Record<string, NotebookTensor> }
  | { kind: 'check'; check: Check; manual: number[] | null }
  | { kind: 'note'; text: string }
  /** The running loop's progress (total -1: unknown). */
  | { kind: 'loop'; done: number; total: number; label: string };

export type PythonEvent =
  | ({ id: number; type: 'progress' } & PythonStage)
  /** A startup snapshot was saved (before any notebook ran in this worker): its SHA-256, for the page to keep. */
  | { id: 0; type: 'snapshot'; hash: string }
  | { id: number; type: 'stream'; event: RunEvent }
  /** `firstLines[i]`: the file line cell i starts on (.py; 1 for every .ipynb cell), as the run's lines count. */
  | { id: number; type: 'done'; run: NotebookRun; name: string; firstLines: number[]; loadMs: number; runMs: number }
  | {
      id: number;
      type: 'exercise';
      run: NotebookRun;
      name: string;
      firstLines: number[];
      cells: ExerciseCell[];
      loadMs: number;
      runMs: number;
    }
  | { id: number; type: 'checked'; check: BackwardCheck }
  /** The run as it stands after a run-cells request. */
  | { id: number; type: 'cells-done'; run: NotebookRun }
  /** A newer check of the same cell came in before this one ran: it was dropped unrun. */
  | { id: number; type: 'superseded' }
  /** After each chunk of a training: steps done of `steps`, the chunk's losses, its autograd check if it ended on one. */
  | ({ id: number; type: 'train-progress'; done: number; steps: number } & Pick<TrainChunk, 'losses' | 'check'>)
  /** A training ended (all steps, cancelled, or an error: a setup problem or Python's, said for the learner). */
  | { id: number; type: 'train-done'; done: number; cancelled: boolean; error: string | null }
  /**
   * The file could not be read as a notebook, or Python could not start (not a Python exception: those are in
   * the run); `fatal`: Python itself failed (a deep recursion) and this worker can run nothing more.
   */
  | { id: number; type: 'failed'; error: string; fatal?: boolean };
