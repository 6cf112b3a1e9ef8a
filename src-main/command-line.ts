/**
 * `Backprop Studio notebook.ipynb` (or `npm start -- notebook.py`): the notebook named on the command line,
 * one of the ways a person chooses a file (with the open dialog, a drop and Open Recent). Electron's own
 * argv has the executable first and, unpackaged, the main script next; switches are Chromium's, not files.
 */
import { resolve } from 'node:path';
import { notebookFormat } from '../core/notebook/parse';

export function notebookFromArgs(argv: readonly string[], cwd: string): string | null {
  const file = argv.slice(1).find((a) => !a.startsWith('-') && notebookFormat(a) !== null);
  return file === undefined ? null : resolve(cwd, file);
}
