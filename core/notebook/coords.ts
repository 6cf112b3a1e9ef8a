/**
 * Places in a notebook, worded in one place. In the data (runs, checks, errors, figures, graph nodes) a place is
 * `{cell, line}`: `cell` the cell's position in the notebook's list (NotebookCell.index, from 0, markdown cells
 * included), `line` counted from 1 (the cell's line for .ipynb, the file's for .py). The learner never reads that
 * position: every message counts cells as the cell list does, code cells only from 1, as `In [n]` (Jupyter's
 * numbers after a fresh Run All), so `cell 9` is the cell shown as `In [9]`. Python gets its wording from here too
 * (the bridge's `place`).
 */
import type { CellKind, Notebook } from './types';

export interface NotebookPlace {
  cell: number;
  line: number;
}

/** What wording a place needs of its notebook: the format, and each cell's kind. */
export interface PlaceContext {
  format: Notebook['format'];
  cells: readonly { kind: CellKind }[];
}

/** The number the cell at `index` shows in the cell list (`In [n]`): code cells counted from 1. */
export function cellNumber(cells: PlaceContext['cells'], index: number): number {
  let n = 0;
  for (let i = 0; i <= index && i < cells.length; i++) if (cells[i].kind === 'code') n++;
  return Math.max(n, 1);
}

/** `cell 9` for the cell shown as `In [9]`. */
export const cellText = (cells: PlaceContext['cells'], index: number): string => `cell ${cellNumber(cells, index)}`;

/** `cell 9, line 5` in a notebook; `line 5` in a .py file, whose lines are the file's. */
export function placeText(nb: PlaceContext, p: NotebookPlace): string {
  return nb.format === 'py' ? `line ${p.line}` : `${cellText(nb.cells, p.cell)}, line ${p.line}`;
}

/** `NameError in cell 9, line 4: name 'x' is not defined`. */
export const errorText = (nb: PlaceContext, e: NotebookPlace & { type: string; message: string }): string =>
  `${e.type} in ${placeText(nb, e)}: ${e.message}`;

/** A run's stage in the bar: `running cell 3 of 9…`, cell 3 being `In [3]` of the notebook's 9 code cells. */
export const runningText = (number: number, of: number): string => `running cell ${number} of ${of}…`;

/** The file name Python reports for a cell's code (`<cell 9>`), or the .py file's path. */
export function cellFilename(nb: PlaceContext & Pick<Notebook, 'path'>, index: number): string {
  return nb.format === 'py' ? nb.path : `<${cellText(nb.cells, index)}>`;
}
