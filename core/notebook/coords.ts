/**
 * Places in a notebook, worded in one place. A place is a cell index (NotebookCell.index, counted from 0 as
 * the notebook's cell list is) and a line counted from 1 (the cell's line for .ipynb, the file's for .py);
 * people read cells counted from 1, as Jupyter's `In [N]` does.
 */
import type { Notebook } from './types';

export interface NotebookPlace {
  cell: number;
  line: number;
}

/** `cell 3` for the cell at index 2. */
export const cellText = (cell: number): string => `cell ${cell + 1}`;

/** `cell 3, line 5` in a notebook; `line 5` in a .py file, whose lines are the file's. */
export function placeText(format: Notebook['format'], p: NotebookPlace): string {
  return format === 'py' ? `line ${p.line}` : `${cellText(p.cell)}, line ${p.line}`;
}

/** The file name Python reports for a cell's code (`<cell 3>`), or the .py file's path. */
export function cellFilename(nb: Pick<Notebook, 'format' | 'path'>, cell: number): string {
  return nb.format === 'py' ? nb.path : `<${cellText(cell)}>`;
}
