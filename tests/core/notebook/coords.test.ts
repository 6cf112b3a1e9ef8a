/** Places in a notebook read as the cell list shows them: code cells counted from 1 (`In [n]`), in every message. */
import { describe, expect, it } from 'vitest';
import { cellFilename, cellNumber, cellText, errorText, placeText, runningText } from '../../../core/notebook/coords';
import type { CellKind } from '../../../core/notebook/types';

// Markdown first, as most notebooks start: index 0 is a heading, index 1 is In [1].
const kinds: CellKind[] = ['markdown', 'code', 'code', 'markdown', 'code'];
const cells = kinds.map((kind) => ({ kind }));
const ipynb = { format: 'ipynb' as const, cells, path: '/nb/a.ipynb' };
const py = { format: 'py' as const, cells, path: '/nb/a.py' };

describe('notebook places', () => {
  it.each([
    [1, 1],
    [2, 2],
    [4, 3],
  ])('the cell at index %i is In [%i]', (index, n) => {
    expect(cellNumber(cells, index)).toBe(n);
    expect(cellText(cells, index)).toBe(`cell ${n}`);
  });

  it('words a place in a notebook by its cell and line, in a .py file by its line', () => {
    expect(placeText(ipynb, { cell: 4, line: 7 })).toBe('cell 3, line 7');
    expect(placeText(py, { cell: 4, line: 31 })).toBe('line 31');
    expect(errorText(ipynb, { type: 'NameError', message: "name 'x' is not defined", cell: 2, line: 1 })).toBe(
      "NameError in cell 2, line 1: name 'x' is not defined",
    );
    expect(cellFilename(ipynb, 4)).toBe('<cell 3>');
    expect(cellFilename(py, 4)).toBe('/nb/a.py');
  });

  it('says the running cell and the cell a run stopped in with the same number', () => {
    // The bar's "running cell k of n" counted code cells, its "stopped in cell k" every cell: one counting now.
    const code = cells.filter((c) => c.kind === 'code').length;
    expect(runningText(cellNumber(cells, 4), code)).toBe('running cell 3 of 3…');
    expect(`stopped in ${cellText(cells, 4)}`).toBe('stopped in cell 3');
  });
});
