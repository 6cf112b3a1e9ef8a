import { describe, expect, it } from 'vitest';
import { expand } from '../../../core/ops/expand';
import { numel } from '../../../core/tensor/shape';
import { tensor } from '../../../core/tensor/tensor';

/** The expansion by its definition: each output element reads the source at its index, 0 where a dim was 1. */
function oracle(src: ArrayLike<number>, from: number[], to: number[]): number[] {
  const lead = to.length - from.length;
  const out: number[] = [];
  for (let o = 0; o < numel(to); o++) {
    let rest = o;
    let at = 0;
    let stride = 1;
    for (let d = to.length - 1; d >= 0; d--) {
      const i = rest % to[d];
      rest = Math.floor(rest / to[d]);
      if (d >= lead) {
        const size = from[d - lead];
        at += (size === 1 ? 0 : i) * stride;
        stride *= size;
      }
    }
    out.push(src[at]);
  }
  return out;
}

const CASES: [number[], number[]][] = [
  [
    [1, 200],
    [64, 200],
  ], // a batch mean against its batch: whole rows copied
  [
    [64, 1],
    [64, 200],
  ], // a column against rows: one value per row
  [[200], [3, 64, 200]], // prepended dims
  [
    [3, 1, 20],
    [3, 5, 20],
  ], // a middle dim
  [
    [3, 40, 1],
    [2, 3, 40, 17],
  ], // short rows of one value (below the whole-row threshold)
  [
    [1, 3],
    [4, 3],
  ], // short rows
  [
    [1, 16],
    [2, 16],
  ], // exactly the threshold
  [[1], [5, 33]],
];

describe('expand', () => {
  for (const [from, to] of CASES) {
    for (const dtype of ['float32', 'float64', 'int64'] as const) {
      it(`[${from}] → [${to}] (${dtype}) reads each element from its source index`, () => {
        const n = numel(from);
        const values = Array.from({ length: n }, (_, i) => (dtype === 'int64' ? i * 7 - 3 : i * 0.37 - 5));
        const x = tensor(from, values, dtype);
        const y = expand(x, to);
        expect(y.shape).toEqual(to);
        expect(Array.from(y.data)).toEqual(oracle(x.data, from, to));
      });
    }
  }
});
