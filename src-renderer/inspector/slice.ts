/**
 * Any tensor as a 2-D matrix to draw: scalars and vectors become one row, matrices stay as they are, and a
 * 3-D tensor (emb, 32×3×10) is cut at one index of a chosen dim, leaving the other two as rows × columns.
 */
import { stridesOf } from '../../core/tensor/shape';

export interface Matrix {
  rows: number;
  cols: number;
  /** Maps (row, col) to the flat row-major index into the tensor's data. */
  index(row: number, col: number): number;
  /** The full tensor index of (row, col), for the hover readout. */
  coords(row: number, col: number): number[];
}

/** Row-major strides (the core's definition). */
export const strides = stridesOf;

export function asMatrix(shape: readonly number[], sliceDim = 0, sliceAt = 0): Matrix {
  if (shape.length <= 1) {
    const cols = shape[0] ?? 1;
    return { rows: 1, cols, index: (_r, c) => c, coords: (_r, c) => (shape.length ? [c] : []) };
  }
  if (shape.length === 2) {
    const [rows, cols] = shape;
    return { rows, cols, index: (r, c) => r * cols + c, coords: (r, c) => [r, c] };
  }
  if (shape.length !== 3) throw new Error(`asMatrix: ${shape.length}-D tensors are not supported`);
  if (sliceDim < 0 || sliceDim > 2) throw new Error(`asMatrix: no dim ${sliceDim}`);
  if (sliceAt < 0 || sliceAt >= shape[sliceDim])
    throw new Error(`asMatrix: index ${sliceAt} is outside dim ${sliceDim} of size ${shape[sliceDim]}`);
  const st = strides(shape);
  const [a, b] = [0, 1, 2].filter((d) => d !== sliceDim);
  const base = sliceAt * st[sliceDim];
  return {
    rows: shape[a],
    cols: shape[b],
    index: (r, c) => base + r * st[a] + c * st[b],
    coords: (r, c) => {
      const out = [0, 0, 0];
      out[sliceDim] = sliceAt;
      out[a] = r;
      out[b] = c;
      return out;
    },
  };
}
