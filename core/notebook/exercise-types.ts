/**
 * Exercise mode as plain data: the learner's backward cells, and what checking one of them gives back, line by
 * line. This is the contract between core/notebook/exercise.ts (which runs the cell in Python and judges each
 * statement) and the app's editor gutter, step panel, cmp table and inspector.
 */
import type { Diagnosis } from '../diagnose/types';
import type { PythonError } from './types';

export type { Diagnosis, DiagnosisKind } from '../diagnose/types';

/** A line's verdict; `pending` is a statement not judged yet (not run, still being built, or not a gradient). */
export type LineVerdictKind = 'exact' | 'approx' | 'wrong' | 'shape' | 'error' | 'pending';

export interface LineVerdict {
  /** 1-based lines of the cell's source the statement spans (a `for` block spans its body too). */
  line: number;
  endLine: number;
  verdict: LineVerdictKind;
  /** The gradient variable the statement writes (`dcounts`), and the graph node it is for (`counts`). */
  grad: string | null;
  target: string | null;
  maxdiff: number | null;
  /** One sentence: the verdict, and for a wrong line why (the diagnosis' message where there is one). */
  message: string;
  diagnosis: Diagnosis | null;
  /** The statement adds to the gradient (`+=`, an indexed write, a loop), from the one reading of the source. */
  accumulate?: boolean;
  /** A cmp line that repeats its gradient's verdict: it checks the gradient but does not write it. */
  checksOnly?: boolean;
}

export interface ManualGradient {
  shape: number[];
  data: number[];
}

export interface BackwardCheck {
  cell: number;
  /**
   * In source order, a verdict for each statement that writes or checks a gradient, or that failed (the error's
   * own statement); statements after an error that would have written or checked one are `pending`.
   */
  lines: LineVerdict[];
  /** The first exception or syntax error; its statement's verdict is `error` and later ones are `pending`. */
  error: PythonError | null;
  /** What the cell printed. */
  stdout: string;
  /** The learner's gradient of each graph node at the end of the cell (same shape as the node only). */
  manual: Record<string, ManualGradient>;
  /** Time the check took in the Python worker, ms. */
  elapsed: number;
}

/** A cell the learner writes gradients in (exercise 1's long backward, exercise 2's and 3's one-liners). */
export interface ExerciseCell {
  /** Index among the notebook's cells (all kinds), as NotebookCell.index. */
  cell: number;
  title: string;
  /** The source the editor opens with (blanked for the sample's "Start the exercise"). */
  source: string;
}
