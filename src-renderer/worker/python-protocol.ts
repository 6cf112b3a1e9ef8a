/**
 * Messages between the page and the Python worker: one notebook run in, its progress and result out; or an
 * exercise started on a notebook, then its backward cells checked as the learner edits them.
 */
import type { BackwardCheck, ExerciseCell } from '../../core/notebook/exercise-types';
import type { NotebookRun } from '../../core/notebook/types';
import type { NotebookFile } from '../../src-common/ipc-contract';

/** A notebook as opened: by main (Electron, with the files it names) or from a file input or drop (bytes only). */
export type NotebookSource = NotebookFile;

export type PythonRequest =
  | { id: number; type: 'run'; source: NotebookSource; indexURL: string }
  /** The bundled sample (data/backprop-ninja.ipynb with data/names.txt beside it). */
  | { id: number; type: 'sample'; indexURL: string }
  /** Start Python now (a notebook is about to be chosen); answers nothing. */
  | { id: number; type: 'warm'; indexURL: string }
  /** Runs a notebook (or the sample) as an exercise: `blank` empties the exercise cells' gradient lines. */
  | { id: number; type: 'exercise'; source: NotebookSource | 'sample'; blank: boolean; indexURL: string }
  /**
   * Checks one exercise cell with new source (the forward pass is not re-run). A newer check of the same
   * cell that arrives while this one still waits in the queue supersedes it: typing never backs up.
   */
  | { id: number; type: 'check'; cell: number; source: string };

/** Where a run is: loading Pyodide (first run only), then each code cell in turn. */
export type PythonStage = { stage: 'loading' } | { stage: 'running'; cell: number; cells: number };

export type PythonEvent =
  | ({ id: number; type: 'progress' } & PythonStage)
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
  /** A newer check of the same cell came in before this one ran: it was dropped unrun. */
  | { id: number; type: 'superseded' }
  /** The file could not be read as a notebook, or Python could not start (not a Python exception: those are in the run). */
  | { id: number; type: 'failed'; error: string };
