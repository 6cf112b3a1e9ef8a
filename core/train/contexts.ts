/**
 * The distinct contexts of a split. The network's output for a row depends only on its context (block_size
 * characters), and a split of 182,625 rows has only a few thousand distinct ones, so evaluation runs the
 * network once per distinct context and looks each row's result up.
 */
import type { Dataset } from '../data/dataset';
import { VOCAB_SIZE } from '../mlp/params';

export interface Contexts {
  /** distinct context rows, row-major (rows × blockSize) */
  X: Int32Array;
  rows: number;
  /** for every row of the split, the index of its context */
  of: Int32Array;
  /** how many rows of the split have each context */
  count: Float64Array;
}

const cache = new WeakMap<Dataset, Contexts>();

export function distinctContexts(d: Dataset): Contexts {
  const hit = cache.get(d);
  if (hit) return hit;
  const B = d.blockSize;
  // A context as one number while VOCAB_SIZE^B stays exact in a double; longer ones as strings.
  const numeric = VOCAB_SIZE ** B < Number.MAX_SAFE_INTEGER;
  const index = new Map<number | string, number>();
  const of = new Int32Array(d.rows);
  const firstRow: number[] = [];
  for (let i = 0; i < d.rows; i++) {
    let key: number | string;
    if (numeric) {
      key = 0;
      for (let j = 0; j < B; j++) key = key * VOCAB_SIZE + d.X[i * B + j];
    } else {
      key = d.X.subarray(i * B, i * B + B).join(',');
    }
    let at = index.get(key);
    if (at === undefined) {
      at = firstRow.length;
      index.set(key, at);
      firstRow.push(i);
    }
    of[i] = at;
  }
  const rows = firstRow.length;
  const X = new Int32Array(rows * B);
  firstRow.forEach((r, at) => X.set(d.X.subarray(r * B, r * B + B), at * B));
  const count = new Float64Array(rows);
  for (let i = 0; i < d.rows; i++) count[of[i]]++;
  const result = { X, rows, of, count };
  cache.set(d, result);
  return result;
}
