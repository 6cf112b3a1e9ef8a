/** expand's copy against its definition: out[i, j, …] = x at the same index, 0 along each broadcast dim. */
import { describe, expect, it } from 'vitest';
import { expand } from '../../../core/ops/expand';
import { numel, stridesOf } from '../../../core/tensor/shape';
import { Tensor } from '../../../core/tensor/tensor';

const CASES: [number[], number[]][] = [
  [
    [1, 200],
    [32, 200],
  ],
  [
    [32, 1],
    [32, 200],
  ],
  [[], [4, 5]],
  [[1], [7]],
  [
    [3, 1, 5],
    [2, 3, 4, 5],
  ],
  [
    [1, 4, 1],
    [3, 4, 6],
  ],
  [
    [2, 3],
    [2, 3],
  ],
];

describe('expand copies each element from its broadcast source', () => {
  for (const [from, to] of CASES) {
    for (const dtype of ['float32', 'float64', 'int64'] as const) {
      it(`[${from}] → [${to}] ${dtype}`, () => {
        const n = numel(from);
        const values = Array.from({ length: n }, (_, i) => i * 3 - 7);
        const data =
          dtype === 'int64'
            ? Int32Array.from(values)
            : dtype === 'float64'
              ? Float64Array.from(values, (v) => v + 0.25)
              : Float32Array.from(values, (v) => v + 0.5);
        const x = new Tensor(from, data, dtype);
        const out = expand(x, to);
        const lead = to.length - from.length;
        const outStrides = stridesOf(to);
        const srcStrides = stridesOf(from);
        const expected = Array.from({ length: numel(to) }, (_, o) => {
          let s = 0;
          to.forEach((_, d) => {
            const idx = Math.floor(o / outStrides[d]) % to[d];
            if (d >= lead && from[d - lead] !== 1) s += idx * srcStrides[d - lead];
          });
          return data[s];
        });
        expect(Array.from(out.data)).toEqual(expected);
      });
    }
  }
});
