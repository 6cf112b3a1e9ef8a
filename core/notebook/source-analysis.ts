/**
 * The one reading of the learner's source (core/python/_bp_source.py, from Python's own syntax tree) as the
 * TypeScript side receives it: per top-level statement its lines, targets, reads, the gradients it writes by
 * hand and its cmp calls; and every cmp call of the cell, commented ones included. Lines are counted as checks
 * count them: the cell's for .ipynb, the file's for .py.
 */

/** A gradient a statement writes by hand: `dX = …` (op `=`), `dX += …`, `dX[i] = …` (indexed). */
export interface GradientWrite {
  name: string;
  op: string;
  indexed: boolean;
  /** It adds to a gradient already there: `+=`, an indexed write, or a write inside a loop. */
  accumulate: boolean;
}

/** `cmp(label, grad, target)`: the label, the gradient's name (when a plain name) and the target's text. */
export interface CmpCall {
  line: number;
  label: string | null;
  grad: string | null;
  target: string | null;
  /** Written in a comment (`# cmp('h', dh, h)`), as exercises hand them out. */
  commented?: boolean;
}

export interface SourceStatement {
  line: number;
  end: number;
  targets: string[];
  reads: string[];
  grads: GradientWrite[];
  cmps: CmpCall[];
  /** The statement as written, from its first token (a loop with its body). */
  text: string;
}

export interface SourceAnalysis {
  statements: SourceStatement[];
  cmps: CmpCall[];
}

/** The runtime's entry point (core/python/_bp_runtime/ `analyze`). */
export interface SourceReader {
  analyze(source: string, firstLine: number): string;
}

export function analyzeSource(reader: SourceReader, source: string, firstLine = 1): SourceAnalysis {
  return JSON.parse(reader.analyze(source, firstLine)) as SourceAnalysis;
}

/** Whether the cell writes gradients whose names `isGradient` accepts, or checks any (a cmp, commented or not). */
export function writesOrChecksGradients(a: SourceAnalysis, isGradient: (name: string) => boolean): boolean {
  return a.cmps.length > 0 || a.statements.some((s) => s.grads.some((g) => isGradient(g.name)));
}
