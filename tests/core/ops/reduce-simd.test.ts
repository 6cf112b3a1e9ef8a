/**
 * sum, mean and var over one dim of float32 tensors (SIMD from 4 elements after the dim) against an oracle
 * written here: per output element, a float64 accumulator over the dim in order, rounded once to float32, as
 * the JavaScript loops always did. Values span every exponent (so the order of additions shows in the bits),
 * with ±0, ±inf, NaN and subnormals; shapes cover odd widths and sizes larger than one pass.
 */
import { describe, expect, it } from 'vitest';
import { mean, sum, variance, varianceOfAll } from '../../../core/ops/reduce';
import { numel } from '../../../core/tensor/shape';
import { Tensor } from '../../../core/tensor/tensor';
import { differences, float32Values } from '../kernels/float32-values';

const f = Math.fround;

/** For each (outer, inner) element, `fold` over the dim's values in order. */
function perColumn(x: Tensor, dim: number, fold: (values: number[]) => number): Float32Array {
  const outer = x.shape.slice(0, dim).reduce((a, b) => a * b, 1);
  const size = x.shape[dim];
  const inner = x.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const values = Array.from({ length: size }, (_, s) => x.data[(o * size + s) * inner + i]);
      out[o * inner + i] = fold(values);
    }
  return out;
}

const sum64 = (vs: number[]) => vs.reduce((acc, v) => acc + v, 0);
const mean32 = (vs: number[]) => f(f(sum64(vs)) / vs.length);

const CASES: [number[], number][] = [
  [[32, 200], 0],
  [[7, 13, 9], 0],
  [[7, 13, 9], 1],
  [[7, 13, 9], 2], // nothing after the dim: the JavaScript loop
  [[5, 3], 0], // too small for SIMD
  [[3, 1000, 203], 1], // several passes through the scratch memory
  [[20000, 5], 0],
  [[2, 50001], 0], // rows longer than a pass: the JavaScript loop
  [[1, 64], 0],
  [[10000], 0], // a whole tensor viewed flat (`p.grad.std()`)
  [[4, 333], 1],
];

/**
 * Finite values whose sums along `dim` depend on the order of additions even after rounding to float32: every
 * fourth element along the dim is 2^52 and two later −2^52, so each small value between them is rounded to an
 * integer or lost depending on what the accumulator holds when it arrives.
 */
function orderSensitive(shape: number[], dim: number, seed: number): Float32Array {
  const size = shape[dim];
  const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: numel(shape) }, (_, e) => {
    const s = Math.floor(e / inner) % size;
    if (s % 4 === 0) return 2 ** 52;
    if (s % 4 === 2) return -(2 ** 52);
    return Math.sin((e + seed) * 12.9898) * 10 ** ((e * 7 + seed) % 4);
  });
}

describe('float32 sums over one dim keep their order, hence their bits', () => {
  CASES.forEach(([shape, dim], k) => {
    for (const [kind, values] of [
      ['specials and every exponent', float32Values(numel(shape), 100 + k)],
      ['values whose sums show their order', orderSensitive(shape, dim, k)],
    ] as const) {
      it(`sum, mean and var of [${shape}] over dim ${dim}: ${kind}`, () => {
        const x = new Tensor(shape, values, 'float32');
        expect(differences(sum(x, dim).data, perColumn(x, dim, sum64))).toEqual([]);
        expect(differences(mean(x, dim, true).data, perColumn(x, dim, mean32))).toEqual([]);
        const sq = (vs: number[]) => {
          const m = mean32(vs);
          return vs.reduce((acc, v) => acc + (v - m) * (v - m), 0);
        };
        const n = shape[dim];
        expect(
          differences(
            variance(x, dim).data,
            perColumn(x, dim, (vs) => sq(vs) / Math.max(0, n - 1)),
          ),
        ).toEqual([]);
        expect(
          differences(
            variance(x, dim, false, false).data,
            perColumn(x, dim, (vs) => sq(vs) / n),
          ),
        ).toEqual([]);
      });
    }
  });
});

describe('the variance of every element, as Python asks it where autograd does not see it', () => {
  for (const [shape, unbiased] of [
    [[100, 100], true],
    [[27, 10], false],
    [[7, 13, 9], true],
    [[1], true],
    [[0], true],
  ] as [number[], boolean][]) {
    it(`of [${shape}] (unbiased ${unbiased}) has the bits of a flat view's var(0), without making the view`, () => {
      const x = new Tensor(shape, float32Values(numel(shape), 7), 'float32');
      const flat = new Tensor([numel(shape)], Float32Array.from(x.data), 'float32');
      const v = varianceOfAll(x, unbiased);
      expect(v.shape).toEqual([]);
      expect(differences(v.data, variance(flat, 0, false, unbiased).data)).toEqual([]);
    });
  }
});
