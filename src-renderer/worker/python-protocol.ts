/** Messages between the page and the Python worker: one notebook run in, its progress and result out. */
import type { NotebookRun } from '../../core/notebook/types';
import type { NotebookFile } from '../../src-common/ipc-contract';

/** A notebook as opened: by main (Electron, with the files it names) or from a file input or drop (bytes only). */
export type NotebookSource = NotebookFile;

export type PythonRequest =
  | { id: number; type: 'run'; source: NotebookSource; indexURL: string }
  /** The bundled sample (data/backprop-ninja.ipynb with data/names.txt beside it). */
  | { id: number; type: 'sample'; indexURL: string }
  /** Start Python now (a notebook is about to be chosen); answers nothing. */
  | { id: number; type: 'warm'; indexURL: string };

/** Where a run is: loading Pyodide (first run only), then each code cell in turn. */
export type PythonStage = { stage: 'loading' } | { stage: 'running'; cell: number; cells: number };

export type PythonEvent =
  | ({ id: number; type: 'progress' } & PythonStage)
  /** `firstLines[i]`: the file line cell i starts on (.py; 1 for every .ipynb cell), as the run's lines count. */
  | { id: number; type: 'done'; run: NotebookRun; name: string; firstLines: number[]; loadMs: number; runMs: number }
  /** The file could not be read as a notebook, or Python could not start (not a Python exception: those are in the run). */
  | { id: number; type: 'failed'; error: string };
