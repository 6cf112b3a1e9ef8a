/** A notebook and what running it gives: the CLI's `run --out` JSON and what the app draws. */
import type { SourceStatement } from './source-analysis';
import type { Dtype, Graph } from '../graph/types';
import type { Diagnosis } from './exercise-types';

export type CellKind = 'code' | 'markdown';

export interface NotebookCell {
  index: number;
  kind: CellKind;
  source: string;
  /** The file line the cell's first line is on (.py); 1 for .ipynb cells, whose lines count from 1. */
  firstLine: number;
}

export interface Notebook {
  /** The file's name as given (shown in messages and tracebacks). */
  path: string;
  format: 'ipynb' | 'py';
  cells: NotebookCell[];
}

export interface PythonError {
  type: string;
  message: string;
  /** Where, as every place in a run is kept: the cell's index, its line from 1; worded by coords.ts. */
  cell: number;
  line: number;
  traceback: string;
  /** SystemExit only (`sys.exit(n)`, `os._exit(n)`): the status the process would exit with. */
  status?: number;
}

export type Verdict = 'exact' | 'approx' | 'wrong' | 'shape' | 'error';

/** One pairing of a learner's gradient with its tensor: a cmp call, or a `d<name>` binding. */
export interface Check {
  cell: number;
  /** The cmp call's line: the file's line for .py, the line within the cell for .ipynb. */
  line: number;
  label: string;
  /** The graph node the gradient belongs to (null when the tensor is not in the graph). */
  target: string | null;
  /** How the learner's code wrote the gradient (`dlogprobs`), when known. */
  grad_name: string | null;
  shape: number[] | null;
  expected_shape: number[] | null;
  exact: boolean | null;
  approx: boolean | null;
  maxdiff: number | null;
  verdict: Verdict;
  /** The verdict in one sentence; for a wrong gradient, why (the diagnosis' message). */
  message: string;
  /** Why it is wrong, or why a near miss is expected (core/diagnose), when the graph tells. */
  diagnosis: Diagnosis | null;
}

export interface NotebookTensor {
  shape: number[];
  dtype: Dtype;
  data: number[];
  /** Autograd's gradient (null where none flows). */
  grad: number[] | null;
  /** The learner's gradient from their last check of this tensor (null where they wrote none). */
  manual: number[] | null;
}

export type Figure =
  | { kind: 'heatmap'; cell: number; line: number; new: boolean; values: unknown; shape: number[]; cmap: string | null }
  | { kind: 'line'; cell: number; line: number; new: boolean; x: number[]; y: number[]; label: string | null }
  | { kind: 'histogram'; cell: number; line: number; new: boolean; values: number[]; bins: number };

export interface CellResult {
  index: number;
  kind: CellKind;
  source: string;
  stdout: string;
  error: PythonError | null;
  /** Whether the cell ran (cells after an error do not, as in Jupyter). */
  ran: boolean;
  /** The one reading of its source (source-analysis.ts), for code cells that compiled. */
  statements?: SourceStatement[];
}

export interface NotebookRun {
  source: string;
  format: 'ipynb' | 'py';
  cells: CellResult[];
  graph: Graph | null;
  tensors: Record<string, NotebookTensor>;
  checks: Check[];
  /** The app's own remarks (bundled names.txt, ignored plots, unseeded generators), each said once. */
  notes: string[];
  figures: Figure[];
  error: PythonError | null;
}
