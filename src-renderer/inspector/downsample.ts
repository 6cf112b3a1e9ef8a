/**
 * Shrinks a matrix to at most maxRows × maxCols cells for drawing: each cell shows the value of largest
 * magnitude in its block, so a lone large gradient stays visible instead of being averaged away.
 */
import type { Matrix } from './slice';

export interface Grid {
  rows: number;
  cols: number;
  /** Row-major cell values. */
  values: Float64Array;
  /** Source rows/cols per cell (1 when not downsampled). */
  rowStep: number;
  colStep: number;
}

export function downsample(data: ArrayLike<number>, m: Matrix, maxRows: number, maxCols: number): Grid {
  const rowStep = Math.max(1, Math.ceil(m.rows / maxRows));
  const colStep = Math.max(1, Math.ceil(m.cols / maxCols));
  const rows = Math.ceil(m.rows / rowStep);
  const cols = Math.ceil(m.cols / colStep);
  const values = new Float64Array(rows * cols);
  for (let gr = 0; gr < rows; gr++) {
    for (let gc = 0; gc < cols; gc++) {
      let best = 0,
        bestAbs = -1;
      const r1 = Math.min(m.rows, (gr + 1) * rowStep);
      const c1 = Math.min(m.cols, (gc + 1) * colStep);
      for (let r = gr * rowStep; r < r1; r++) {
        for (let c = gc * colStep; c < c1; c++) {
          const v = data[m.index(r, c)];
          const a = Number.isNaN(v) ? Infinity : Math.abs(v); // NaN wins: it must show
          if (a > bestAbs) {
            bestAbs = a;
            best = v;
          }
        }
      }
      values[gr * cols + gc] = best;
    }
  }
  return { rows, cols, values, rowStep, colStep };
}
