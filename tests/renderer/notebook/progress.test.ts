/**
 * The notebook bar counts cells one way: the cell a run is in while it runs and the cell it stopped in are
 * the same number, the `In [n]` the cell list shows (code cells only), in a notebook that starts with markdown.
 */
import { describe, expect, it } from 'vitest';
import type { CellResult, NotebookRun, PythonError } from '../../../core/notebook/types';
import { endText, runningStage, stageText } from '../../../src-renderer/notebook/progress';

const cell = (index: number, kind: CellResult['kind']): CellResult => ({
  index,
  kind,
  source: '',
  stdout: '',
  error: null,
  ran: true,
});
// # Title, In [1], ## Part 2, In [2], In [3]
const cells = [cell(0, 'markdown'), cell(1, 'code'), cell(2, 'markdown'), cell(3, 'code'), cell(4, 'code')];
const ended = (error: PythonError, format: NotebookRun['format'] = 'ipynb') => ({ format, cells, error });
const error = (type: string, line: number): PythonError => ({ type, message: '', cell: 3, line, traceback: '' });

describe('the notebook bar', () => {
  it('says the running cell and the cell it stopped in with the same number', () => {
    expect(stageText(runningStage(cells, 3))).toBe('running cell 2 of 3…');
    expect(endText(ended(error('KeyboardInterrupt', 1)))).toBe('stopped in cell 2');
  });

  it("says an exception's cell and line, or a .py file's line", () => {
    expect(endText(ended(error('NameError', 4)))).toBe('NameError in cell 2, line 4');
    expect(endText(ended(error('NameError', 22), 'py'))).toBe('NameError in line 22');
    expect(endText({ format: 'ipynb', cells, error: null })).toBeNull();
  });
});
