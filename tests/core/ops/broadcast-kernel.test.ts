import { describe, expect, it } from 'vitest';
import { add, div, mul, sub } from '../../../core/ops/elementwise';
import { expand } from '../../../core/ops/expand';
import { noGrad } from '../../../core/ops/op';
import { broadcastShapes, numel } from '../../../core/tensor/shape';
import { Tensor } from '../../../core/tensor/tensor';

const random = (shape: number[], dtype: 'float32' | 'float64' = 'float32', seed = 1): Tensor => {
  let s = seed;
  const values = Array.from({ length: numel(shape) }, () => {
    s = (s * 16807) % 2147483647;
    return (s / 2147483647) * 4 - 2;
  });
  return new Tensor(shape, dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values), dtype);
};

const PAIRS: [number[], number[]][] = [
  [
    [64, 200],
    [1, 200],
  ], // a batch minus its mean: one block per row
  [
    [1, 200],
    [64, 200],
  ],
  [[64, 27], [27]], // `h @ W2 + b2`
  [
    [64, 27],
    [64, 1],
  ], // a column against rows: short blocks
  [
    [4, 3, 20],
    [4, 1, 20],
  ], // a middle dim broadcast
  [
    [1, 3, 20],
    [4, 1, 1],
  ],
  [[5, 20], [1]],
  [
    [0, 20],
    [1, 20],
  ],
  [
    [2, 1, 40],
    [3, 40],
  ],
];

describe('elementwise ops on operands that broadcast, outside autograd', () => {
  for (const [sa, sb] of PAIRS) {
    it(`[${sa}] with [${sb}] equals the explicit expansion, element for element`, () => {
      const a = random(sa, 'float32', 3);
      const b = random(sb, sa.length === 3 ? 'float64' : 'float32', 7);
      const r = broadcastShapes(a.shape, b.shape);
      if (!('shape' in r)) throw new Error('test shapes must broadcast');
      for (const op of [add, sub, mul, div]) {
        const direct = noGrad(() => op(a, b));
        const expanded = noGrad(() => op(expand(a, r.shape), expand(b, r.shape)));
        expect(direct.shape).toEqual(r.shape);
        expect(direct.dtype).toBe(expanded.dtype);
        expect(Array.from(direct.data)).toEqual(Array.from(expanded.data));
      }
    });
  }

  it('still expands explicitly when autograd records the op (the graph draws the broadcast)', () => {
    const w = random([1, 20]).requireGrad();
    const y = sub(random([8, 20]), w);
    expect(y.creator?.inputs.map((t) => t.shape)).toEqual([
      [8, 20],
      [8, 20],
    ]);
  });

  it("names the dim where shapes do not broadcast, as PyTorch's message does", () => {
    expect(() => noGrad(() => add(random([4, 3]), random([4, 5])))).toThrow(
      'The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1',
    );
  });
});
