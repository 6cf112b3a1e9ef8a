import { describe, expect, it } from 'vitest';
import { divBackward, varBackward } from '../../../core/ops/fused-backward';
import { div, expand, mean, mul, neg, sub, view } from '../../../core/ops';
import { noGrad } from '../../../core/ops/op';
import { reducedShape } from '../../../core/ops/reduce-kernels';
import { numel } from '../../../core/tensor/shape';
import { Tensor } from '../../../core/tensor/tensor';

const SPECIALS = [0, -0, 1e-40, -3e38, 3e38, Number.NaN, Number.POSITIVE_INFINITY, 1 / 3, -7.5, 1e-20];

/** Values with a few specials among them, seeded. */
function values(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, (_, i) => {
    if (i % 7 === 3) return SPECIALS[(i + seed) % SPECIALS.length];
    s = (s * 16807) % 2147483647;
    return ((s / 2147483647) * 8 - 4) * (i % 5 === 0 ? 1e-3 : 1);
  });
}

function make(shape: number[], dtype: 'float32' | 'float64', seed: number): Tensor {
  const v = values(numel(shape), seed);
  return new Tensor(shape, dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v), dtype);
}

const bits = (t: Tensor | null) => Array.from(t!.data);

describe('backward formulas in one pass', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`div (${dtype}): g/b and −g·a/(b·b), bit for bit as the ops compute them`, () => {
      const [g, a, b] = [1, 2, 3].map((seed) => make([7, 13], dtype, seed));
      const [ga, gb] = divBackward(g, a, b, [true, true]);
      const opByOp = noGrad(() => [div(g, b), div(mul(neg(g), a), mul(b, b))]);
      expect(bits(ga)).toEqual(bits(opByOp[0]));
      expect(bits(gb)).toEqual(bits(opByOp[1]));
      expect(divBackward(g, a, b, [false, true])[0]).toBeNull();
    });

    for (const [shape, d] of [
      [[32, 100], 0],
      [[32, 27], 1],
      [[4, 9, 6], 1],
      [[5, 3], 0],
    ] as [number[], number][]) {
      it(`var over dim ${d} of [${shape}] (${dtype}), unbiased, as the ops compute it`, () => {
        const x = make(shape, dtype, 5);
        const n = shape[d];
        for (const keepdim of [true, false]) {
          const g = make(reducedShape(shape, d, keepdim), dtype, 9);
          const m = noGrad(() => mean(x, d, true));
          const fused = varBackward(g, x, m, d, 2 / (n - 1));
          const opByOp = noGrad(() =>
            mul(mul(expand(keepdim ? g : view(g, reducedShape(shape, d, true)), shape), sub(x, m)), 2 / (n - 1)),
          );
          expect(bits(fused)).toEqual(bits(opByOp));
        }
      });
    }
  }
});
