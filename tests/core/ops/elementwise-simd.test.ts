/**
 * + − × ÷ on float32 tensors (which run in WebAssembly SIMD from 64 elements) against an oracle written here:
 * Math.fround(a op b) per element, each element meeting its own broadcast operands. Lengths below and above
 * the SIMD threshold, odd tails, specials, scalars on either side, broadcasts and the in-place loops.
 */
import { describe, expect, it } from 'vitest';
import { add, div, mul, type Operand, SPAN_LOOPS, sub } from '../../../core/ops/elementwise';
import { backward } from '../../../core/autograd/backward';
import { pow, tanh } from '../../../core/ops/math';
import { sum } from '../../../core/ops/reduce';
import { noGrad } from '../../../core/ops/op';
import { numel, stridesOf } from '../../../core/tensor/shape';
import { Tensor } from '../../../core/tensor/tensor';
import { differences, float32Values } from '../kernels/float32-values';

const f = Math.fround;
const OPS = [
  { name: 'add', op: add, exact: (a: number, b: number) => a + b },
  { name: 'sub', op: sub, exact: (a: number, b: number) => a - b },
  { name: 'mul', op: mul, exact: (a: number, b: number) => a * b },
  { name: 'div', op: div, exact: (a: number, b: number) => a / b },
] as const;

const f32 = (shape: number[], seed: number) => new Tensor(shape, float32Values(numel(shape), seed), 'float32');

/** t's element at the broadcast index `idx` of a result of rank idx.length. */
function at(t: Tensor, idx: number[]): number {
  const lead = idx.length - t.shape.length;
  const strides = stridesOf(t.shape);
  let o = 0;
  t.shape.forEach((n, d) => (o += (n === 1 ? 0 : idx[lead + d]) * strides[d]));
  return t.data[o];
}

function oracle(a: Tensor, b: Tensor, shape: readonly number[], exact: (a: number, b: number) => number): Float32Array {
  const out = new Float32Array(numel(shape));
  const strides = stridesOf(shape);
  for (let i = 0; i < out.length; i++) {
    const idx = shape.map((n, d) => Math.floor(i / strides[d]) % n);
    out[i] = f(exact(at(a, idx), at(b, idx)));
  }
  return out;
}

describe('float32 + − × ÷ give the exactly rounded float32 of each pair (SIMD and JavaScript paths)', () => {
  for (const { name, op, exact } of OPS) {
    it(`${name}: same shapes, from 1 to 300 elements`, () => {
      for (const n of [1, 3, 4, 63, 64, 65, 67, 129, 300]) {
        const a = f32([n], n);
        const b = f32([n], n + 100);
        expect(differences(op(a, b).data, oracle(a, b, [n], exact))).toEqual([]);
      }
      const a = f32([32, 203], 1);
      const b = f32([32, 203], 2);
      expect(differences(op(a, b).data, oracle(a, b, [32, 203], exact))).toEqual([]);
    });

    it(`${name}: a Python scalar on either side`, () => {
      for (const n of [5, 64, 6401]) {
        const a = f32([n], n);
        for (const s of [0.1, -0, 3, 1e-40, Infinity, NaN, 1e39]) {
          const sf = f(s); // PyTorch casts the scalar to the tensor's float32
          const left = new Tensor([1], Float32Array.of(sf), 'float32');
          expect(differences(op(a, s).data, oracle(a, left, [n], exact))).toEqual([]);
          expect(differences(op(s, a).data, oracle(left, a, [n], exact))).toEqual([]);
        }
      }
    });

    it(`${name}: broadcasts outside autograd (a row, a column, an outer product, middle dims)`, () => {
      const pairs: [number[], number[]][] = [
        [
          [32, 200],
          [1, 200],
        ],
        [[200], [32, 200]],
        [
          [32, 200],
          [32, 1],
        ],
        [
          [32, 1],
          [32, 200],
        ],
        [
          [32, 1],
          [1, 200],
        ],
        [
          [1, 1],
          [17, 9],
        ],
        [
          [4, 3, 20],
          [4, 1, 20],
        ],
        [
          [2, 1, 40],
          [3, 40],
        ],
        [
          [6, 1, 1],
          [6, 5, 7],
        ],
        [
          [3, 1],
          [3, 70],
        ],
      ];
      pairs.forEach(([sa, sb], k) => {
        const a = f32(sa, 10 + k);
        const b = f32(sb, 50 + k);
        const r = noGrad(() => op(a, b));
        expect(differences(r.data, oracle(a, b, r.shape, exact))).toEqual([]);
      });
    });

    it(`${name}: in place over a span of the left operand, as the bridge's \`x[i] op= y\` writes`, () => {
      const x = float32Values(700, 3);
      const y = float32Values(500, 4);
      const expected = x.slice();
      for (let i = 0; i < 301; i++) expected[5 + i] = f(exact(x[5 + i], y[7 + i]));
      SPAN_LOOPS[name](x, y, x, 5, 7, 5, 301);
      expect(differences(x, expected)).toEqual([]);
    });
  }

  it('x ** 2 is x × x rounded once', () => {
    for (const n of [5, 64, 6401]) {
      const a = f32([n], n + 7);
      expect(
        differences(
          pow(a, 2).data,
          oracle(a, a, [n], (u, v) => u * v),
        ),
      ).toEqual([]);
    }
  });

  it("tanh's gradient is g · (1 − y²), 1 − y² rounded once", () => {
    for (const n of [5, 64, 6401]) {
      const x = new Tensor(
        [n],
        Float32Array.from(float32Values(n, n), (v) => v / 4),
        'float32',
      ).requireGrad();
      const g = f32([n], n + 1);
      const y = tanh(x);
      backward(sum(mul(y, g)));
      const expected = Float32Array.from(y.data, (v, i) => f(g.data[i] * f(1 - v * v)));
      expect(differences(x.grad!.data, expected)).toEqual([]);
    }
  });

  it('keeps float64 and mixed dtypes in float64', () => {
    const a = new Tensor(
      [100],
      Float64Array.from({ length: 100 }, (_, i) => 0.1 * i + 1e-9),
      'float64',
    );
    const b: Operand = f32([100], 1);
    const r = mul(a, b);
    expect(r.dtype).toBe('float64');
    expect(Array.from(r.data)).toEqual(Array.from(a.data, (v, i) => v * b.data[i]));
  });
});
