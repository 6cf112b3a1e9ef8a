import { describe, expect, it } from 'vitest';
import { backward } from '../../../core/autograd/backward';
import { gradcheck } from '../../../core/autograd/gradcheck';
import {
  add,
  clone,
  crossEntropy,
  div,
  embedding,
  exp,
  indexAdd,
  log,
  matmul,
  max,
  mean,
  mul,
  neg,
  pick,
  pow,
  softmax,
  sqrt,
  sub,
  sum,
  tanh,
  transpose,
  variance,
  view,
} from '../../../core/ops';
import { noGrad, withListener } from '../../../core/ops/op';
import { Tensor, tensor } from '../../../core/tensor/tensor';

const t = (shape: number[], v: number[]) => tensor(shape, v).requireGrad();
const ix = (shape: number[], v: number[]) => tensor(shape, v, 'int64');
/** Deterministic, non-symmetric test values in (lo, hi). */
const rnd = (shape: number[], lo = -1, hi = 1, salt = 0) =>
  tensor(
    shape,
    Array.from(
      { length: shape.reduce((a, b) => a * b, 1) },
      (_, i) => lo + ((((Math.sin(i * 12.9898 + salt * 78.233) * 43758.5453) % 1) + 1) % 1) * (hi - lo),
    ),
  );

describe('broadcast gradients, by hand', () => {
  it('a 32×1-like column broadcast along dim 1 sums its gradient over dim 1, keepdim', () => {
    const counts = t([2, 3], [1, 2, 3, 4, 5, 6]);
    const inv = t([2, 1], [0.5, 2]);
    const probs = mul(counts, inv);
    backward(sum(probs));
    expect(inv.grad!.shape).toEqual([2, 1]);
    expect(Array.from(inv.grad!.data)).toEqual([6, 15]);
    expect(Array.from(counts.grad!.data)).toEqual([0.5, 0.5, 0.5, 2, 2, 2]);
  });

  it('a bias of shape [n] is prepended then summed away over dim 0', () => {
    const x = t([3, 2], [1, 2, 3, 4, 5, 6]);
    const b = t([2], [10, 20]);
    const y = add(x, b);
    backward(sum(mul(y, y)));
    // d/db Σ (x+b)² = Σ_rows 2(x+b)
    expect(b.grad!.shape).toEqual([2]);
    expect(Array.from(b.grad!.data)).toEqual([2 * (11 + 13 + 15), 2 * (22 + 24 + 26)]);
  });

  it('a reduction in the forward is a broadcast in the backward', () => {
    const x = t([2, 3], [1, 2, 3, 4, 5, 6]);
    backward(sum(mul(sum(x, 1, true), t([2, 1], [3, 7]))));
    expect(Array.from(x.grad!.data)).toEqual([3, 3, 3, 7, 7, 7]);
  });

  it('max sends the gradient to the argmax only', () => {
    const x = t([2, 3], [1, 9, 3, 8, 2, 4]);
    backward(sum(max(x, 1, true).values));
    expect(Array.from(x.grad!.data)).toEqual([0, 1, 0, 1, 0, 0]);
  });

  it('embedding scatter-adds rows used twice', () => {
    const C = t([3, 2], [0, 1, 2, 3, 4, 5]);
    backward(sum(embedding(C, ix([2, 2], [1, 1, 0, 1]))));
    expect(Array.from(C.grad!.data)).toEqual([1, 1, 3, 3, 0, 0]);
  });

  it('a tensor used twice accumulates both contributions', () => {
    const x = t([2], [3, 4]);
    backward(sum(add(mul(x, x), x)));
    expect(Array.from(x.grad!.data)).toEqual([7, 9]);
  });

  it('a wrong-shaped gradient is caught and names the op', () => {
    const x = t([2, 3], [1, 2, 3, 4, 5, 6]);
    const y = sum(x, 1);
    // Sabotage the recorded backward to return a gradient of the wrong shape.
    const creator = y.creator!;
    y.creator = { ...creator, backward: () => [tensor([3, 2], [0, 0, 0, 0, 0, 0])] };
    expect(() => backward(sum(y))).toThrow(
      'sum: backward produced a gradient of shape [3, 2] for input 0 of shape [2, 3]',
    );
  });
});

describe('float64 central-difference gradcheck, every op', () => {
  const cases: [string, (xs: Tensor[]) => Tensor, Tensor[]][] = [
    ['add (broadcast)', ([a, b]) => add(a, b), [rnd([3, 4]), rnd([1, 4], -1, 1, 1)]],
    ['sub (broadcast)', ([a, b]) => sub(a, b), [rnd([3, 4]), rnd([3, 1], -1, 1, 2)]],
    ['mul (broadcast)', ([a, b]) => mul(a, b), [rnd([3, 4]), rnd([4], -1, 1, 3)]],
    ['div (broadcast)', ([a, b]) => div(a, b), [rnd([3, 4]), rnd([3, 1], 0.5, 2, 4)]],
    ['scalar ops', ([a]) => sub(1, div(mul(0.5, add(a, 2)), 3)), [rnd([3, 4])]],
    ['rdiv scalar', ([a]) => div(2, a), [rnd([5], 0.5, 2)]],
    ['neg', ([a]) => neg(a), [rnd([4])]],
    ['pow 2', ([a]) => pow(a, 2), [rnd([4])]],
    ['pow -1', ([a]) => pow(a, -1), [rnd([4], 0.5, 2)]],
    ['pow -0.5', ([a]) => pow(a, -0.5), [rnd([4], 0.5, 2)]],
    ['pow 1.5', ([a]) => pow(a, 1.5), [rnd([4], 0.5, 2)]],
    ['exp', ([a]) => exp(a), [rnd([4])]],
    ['log', ([a]) => log(a), [rnd([4], 0.5, 2)]],
    ['tanh', ([a]) => tanh(a), [rnd([4])]],
    ['sqrt', ([a]) => sqrt(a), [rnd([4], 0.5, 2)]],
    ['sum dim keepdim', ([a]) => sum(a, 1, true), [rnd([3, 4])]],
    ['sum dim', ([a]) => sum(a, 0), [rnd([3, 4])]],
    ['mean all', ([a]) => mean(a), [rnd([3, 4])]],
    ['mean dim', ([a]) => mean(a, 0, true), [rnd([3, 4])]],
    ['max', ([a]) => max(a, 1, true).values, [rnd([3, 4])]],
    ['var unbiased', ([a]) => variance(a, 0, true), [rnd([5, 3])]],
    ['var biased', ([a]) => variance(a, 1, false, false), [rnd([5, 3])]],
    ['matmul', ([a, b]) => matmul(a, b), [rnd([3, 4]), rnd([4, 2], -1, 1, 5)]],
    ['transpose', ([a]) => transpose(a), [rnd([3, 4])]],
    ['view', ([a]) => view(a, [2, -1]), [rnd([3, 4])]],
    ['clone', ([a]) => clone(a), [rnd([3, 4])]],
    ['embedding', ([C]) => embedding(C, ix([2, 3], [1, 0, 1, 2, 2, 1])), [rnd([3, 4])]],
    ['pick', ([a]) => pick(a, ix([3], [1, 3, 0])), [rnd([3, 4])]],
    ['index_add', ([a, s]) => indexAdd(a, 0, ix([3], [1, 1, 0]), s), [rnd([2, 4]), rnd([3, 4], -1, 1, 6)]],
    ['softmax', ([a]) => softmax(a, 1), [rnd([3, 4], -2, 2)]],
    ['cross_entropy', ([a]) => crossEntropy(a, ix([3], [1, 3, 0])), [rnd([3, 4], -2, 2)]],
  ];
  it.each(cases)('%s', (_name, f, inputs) => {
    const r = gradcheck(f, inputs);
    expect(r.ok, `max errors ${r.maxAbsError.join(', ')}`).toBe(true);
  });

  it('gradcheck notices a wrong backward', () => {
    const x = rnd([4], 0.5, 2);
    const wrong = (xs: Tensor[]) => {
      const y = exp(xs[0]);
      const c = y.creator!;
      y.creator = { ...c, backward: (g) => [mul(c.backward(g)[0]!, 1.01)] };
      return y;
    };
    expect(gradcheck(wrong, [x]).ok).toBe(false);
  });
});

describe('backward computes only the gradients some input needs', () => {
  it('X @ W with data X: one product for W.grad, none for X (PyTorch skips it too)', () => {
    const X = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    const W = tensor([3, 2], [1, 0, 0, 1, 1, 1]).requireGrad();
    const loss = sum(matmul(X, W));
    const ops: string[] = [];
    withListener({ onOp: (op) => ops.push(op) }, () => backward(loss));
    expect(ops.filter((op) => op === 'matmul')).toHaveLength(1);
    // W.grad = Xᵀ · ones: each row of W gets the sum of its column of X.
    expect(Array.from(W.grad!.data)).toEqual([5, 5, 7, 7, 9, 9]);
  });
});

describe('x**2 backward in one pass', () => {
  it('gives the bits of grad · (2 · x) computed op by op, overflow and NaN included', () => {
    const xs = [0.1, -3.5, 1e-40, 2e38, -3e38, Number.NaN, 0, -0, 7.25, 1 / 3];
    const gs = [0.7, 1e30, -2, 3, 1e-3, 1, Number.POSITIVE_INFINITY, 5, -1 / 7, 2.5];
    for (const dtype of ['float32', 'float64'] as const) {
      const make = (v: number[]) =>
        new Tensor([v.length], dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v), dtype);
      const x = make(xs).requireGrad();
      const g = make(gs);
      backward(sum(mul(pow(x, 2), g)));
      const opByOp = noGrad(() => mul(g, mul(x, 2)));
      expect(Array.from(x.grad!.data)).toEqual(Array.from(opByOp.data));
    }
  });
});
