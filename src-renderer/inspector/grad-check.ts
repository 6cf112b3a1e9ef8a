/**
 * What the inspector says about a hand-written gradient against autograd's: which entries fail
 * torch.allclose's elementwise test, the row and column sums of both over the matrix on screen, and the
 * lecture's kind of observation read off those sums ("each row of dlogits sums to 0").
 */
import { elementClose } from '../../core/autograd/cmp';
import type { Grid } from './downsample';
import type { Matrix } from './slice';
import { formatFloat32 } from './tensor-format';

export interface WrongEntries {
  /** 1 where the entry is wrong, over the whole tensor's flat data. */
  mask: Uint8Array;
  count: number;
  total: number;
}

export function wrongEntries(manual: ArrayLike<number>, autograd: ArrayLike<number>, float32 = true): WrongEntries {
  if (manual.length !== autograd.length)
    throw new Error(`wrongEntries: ${manual.length} manual entries against ${autograd.length} from autograd`);
  const mask = new Uint8Array(manual.length);
  let count = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!elementClose(manual[i], autograd[i], float32)) {
      mask[i] = 1;
      count++;
    }
  }
  return { mask, count, total: mask.length };
}

export const wrongText = (w: Pick<WrongEntries, 'count' | 'total'>): string =>
  w.count === 0
    ? `all ${w.total} ${w.total === 1 ? 'entry' : 'entries'} right`
    : `${w.count} of ${w.total} ${w.total === 1 ? 'entry' : 'entries'} wrong`;

/** The downsampled heatmap's cells that hold at least one wrong entry of the matrix shown. */
export function wrongCells(mask: Uint8Array, m: Matrix, grid: Pick<Grid, 'rows' | 'cols' | 'rowStep' | 'colStep'>) {
  const cells = new Uint8Array(grid.rows * grid.cols);
  let count = 0;
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      if (!mask[m.index(r, c)]) continue;
      const k = Math.floor(r / grid.rowStep) * grid.cols + Math.floor(c / grid.colStep);
      if (!cells[k]) count++;
      cells[k] = 1;
    }
  }
  return { cells, count };
}

/** Sums along one axis of the matrix, with the sums of magnitudes that say how big "≈ 0" is for each. */
export interface AxisSums {
  sum: Float64Array;
  abs: Float64Array;
}

/** Row sums (over the columns) and column sums (over the rows) of the matrix shown. */
export function matrixSums(data: ArrayLike<number>, m: Matrix): { rows: AxisSums; cols: AxisSums } {
  const rows = { sum: new Float64Array(m.rows), abs: new Float64Array(m.rows) };
  const cols = { sum: new Float64Array(m.cols), abs: new Float64Array(m.cols) };
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      const v = data[m.index(r, c)];
      rows.sum[r] += v;
      cols.sum[c] += v;
      rows.abs[r] += Math.abs(v);
      cols.abs[c] += Math.abs(v);
    }
  }
  return { rows, cols };
}

/**
 * A sum is 0 when it is small next to what it adds up: float32 rounding leaves ~1e-7 of Σ|x| (the lecture's
 * dlogits rows: 5e-9), while a sum that is not 0 by design is a sizeable part of it (≥ 5e-2 in every lecture
 * gradient). A sum of nothing but zeros is 0 too.
 */
export const SUM_RTOL = 1e-4;
export const sumIsZero = (sum: number, abs: number): boolean => Math.abs(sum) <= SUM_RTOL * abs;
/** Below this every entry of a float32 gradient is noise next to the lecture's (1e-4 to 1). */
export const ENTRY_ZERO = 1e-6;

/** Where two axes of sums disagree beyond float32 noise (relative to both sides' magnitudes). */
export function sumMismatch(manual: AxisSums, autograd: AxisSums): Uint8Array {
  const out = new Uint8Array(manual.sum.length);
  for (let i = 0; i < out.length; i++) {
    const d = Math.abs(manual.sum[i] - autograd.sum[i]);
    out[i] = d <= SUM_RTOL * Math.max(manual.abs[i], autograd.abs[i]) ? 0 : 1;
  }
  return out;
}

const firstIndex = (mask: ArrayLike<number>): number => Array.prototype.findIndex.call(mask, (v: number) => v !== 0);

/**
 * The observations for a gradient named `grad` (`dlogits`, or `demb[:, 0, :]` for a slice): that each row
 * (column) of autograd's sums to 0, and whether the learner's does; or, where they are not 0 by design,
 * how many of the learner's sums differ from autograd's. Empty when there is nothing to say.
 */
export function sumsObservations(
  grad: string,
  manual: ArrayLike<number>,
  autograd: ArrayLike<number>,
  m: Matrix,
): string[] {
  let maxAbs = 0;
  for (let r = 0; r < m.rows; r++)
    for (let c = 0; c < m.cols; c++) maxAbs = Math.max(maxAbs, Math.abs(autograd[m.index(r, c)]));
  const out: string[] = [];
  if (maxAbs <= ENTRY_ZERO) {
    let mine = 0;
    for (let r = 0; r < m.rows; r++)
      for (let c = 0; c < m.cols; c++) mine = Math.max(mine, Math.abs(manual[m.index(r, c)]));
    out.push(
      `every entry of ${grad} is ≈0 (autograd's largest is ${formatFloat32(maxAbs)}): ` +
        (mine <= ENTRY_ZERO ? 'yours are too' : `yours are not, up to ${formatFloat32(mine)}`),
    );
    return out;
  }
  const mine = matrixSums(manual, m);
  const theirs = matrixSums(autograd, m);
  const axes = [
    { key: 'rows', one: 'row', n: m.rows, along: m.cols },
    { key: 'cols', one: 'column', n: m.cols, along: m.rows },
  ] as const;
  for (const { key, one, n, along } of axes) {
    // A sum over one entry is the entry: nothing to observe along that axis.
    if (along < 2) continue;
    const a = theirs[key];
    const b = mine[key];
    // One row (a vector) or one column: its sum is the whole tensor's.
    const single = n === 1;
    const what = single ? grad : `each ${one} of ${grad}`;
    const sums = single ? 'sum' : `${one} sums`;
    const zero = a.sum.every((s, i) => sumIsZero(s, a.abs[i])) && a.abs.some((x) => x > 0);
    if (zero) {
      const off = Array.from(b.sum, (s, i) => (sumIsZero(s, Math.max(b.abs[i], a.abs[i])) ? 0 : 1));
      const bad = off.reduce((x: number, y) => x + y, 0);
      const first = firstIndex(off);
      const also = single ? 'and so does yours' : 'and so do yours';
      const but = single
        ? `but yours sums to ${formatFloat32(b.sum[0])}`
        : `but ${bad} of your ${n} ${one}s ${bad === 1 ? 'does' : 'do'} not: ${one} ${first} sums to ${formatFloat32(b.sum[first])}`;
      out.push(`${what} sums to 0 (autograd's, to float32 rounding), ${bad === 0 ? also : but}`);
      continue;
    }
    const diff = sumMismatch(b, a);
    const bad = diff.reduce((x: number, y) => x + y, 0);
    const first = firstIndex(diff);
    out.push(
      bad === 0
        ? `your ${sums} ${single ? 'matches' : 'match'} autograd's${single ? '' : ` in every ${one}`}`
        : single
          ? `your sum is ${formatFloat32(b.sum[0])}, autograd's ${formatFloat32(a.sum[0])}`
          : `your ${sums} differ from autograd's in ${bad} of ${n} ${one}s (${one} ${first}: ` +
            `${formatFloat32(b.sum[first])} against ${formatFloat32(a.sum[first])})`,
    );
  }
  return out;
}
