import { describe, expect, it } from 'vitest';
import {
  add,
  argmax,
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
  oneHot,
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
import { tensor, type Tensor } from '../../../core/tensor/tensor';

const t = (shape: number[], v: number[]) => tensor(shape, v);
const ix = (shape: number[], v: number[]) => tensor(shape, v, 'int64');
const vals = (x: Tensor) => Array.from(x.data);

describe('forward values', () => {
  const a = t([2, 3], [1, 2, 3, 4, 5, 6]);
  const col = t([2, 1], [10, 20]);
  const row = t([3], [1, 0.5, 0.25]);

  it.each<[string, () => Tensor, number[], number[]]>([
    ['add broadcasts a column', () => add(a, col), [2, 3], [11, 12, 13, 24, 25, 26]],
    ['sub broadcasts a row', () => sub(a, row), [2, 3], [0, 1.5, 2.75, 3, 4.5, 5.75]],
    ['mul by a scalar on the left (1/n*x)', () => mul(0.5, a), [2, 3], [0.5, 1, 1.5, 2, 2.5, 3]],
    ['div scalar on the left (1.0/x)', () => div(1, t([2], [2, 4])), [2], [0.5, 0.25]],
    ['rsub scalar (1.0 - x)', () => sub(1, t([2], [0.25, 2])), [2], [0.75, -1]],
    ['neg', () => neg(t([2], [1, -2])), [2], [-1, 2]],
    ['pow 2', () => pow(t([2], [3, -2]), 2), [2], [9, 4]],
    ['pow -1', () => pow(t([2], [4, 0.5]), -1), [2], [0.25, 2]],
    ['pow -0.5', () => pow(t([2], [4, 16]), -0.5), [2], [0.5, 0.25]],
    ['sum dim 1 keepdim', () => sum(a, 1, true), [2, 1], [6, 15]],
    ['sum dim 0', () => sum(a, 0), [3], [5, 7, 9]],
    ['sum all', () => sum(a), [], [21]],
    ['mean all', () => mean(a), [], [3.5]],
    ['mean dim 0 keepdim', () => mean(a, 0, true), [1, 3], [2.5, 3.5, 4.5]],
    ['max dim 1 keepdim values', () => max(t([2, 3], [1, 9, 3, 7, 2, 7]), 1, true).values, [2, 1], [9, 7]],
    ['var unbiased', () => variance(t([3, 1], [1, 2, 6]), 0, true), [1, 1], [7]],
    ['var biased', () => variance(t([3, 1], [1, 2, 6]), 0, true, false), [1, 1], [14 / 3]],
    ['matmul', () => matmul(a, t([3, 1], [1, 1, 1])), [2, 1], [6, 15]],
    ['transpose', () => transpose(a), [3, 2], [1, 4, 2, 5, 3, 6]],
    ['view with -1', () => view(a, [-1]), [6], [1, 2, 3, 4, 5, 6]],
    ['clone', () => clone(a), [2, 3], [1, 2, 3, 4, 5, 6]],
    [
      'embedding',
      () => embedding(t([3, 2], [0, 1, 10, 11, 20, 21]), ix([2, 2], [2, 0, 1, 1])),
      [2, 2, 2],
      [20, 21, 0, 1, 10, 11, 10, 11],
    ],
    ['pick rows', () => pick(a, ix([2], [2, 0])), [2], [3, 4]],
    ['one_hot', () => oneHot(ix([2], [1, 0]), 3), [2, 3], [0, 1, 0, 1, 0, 0]],
    [
      'index_add',
      () => indexAdd(t([2, 2], [0, 0, 0, 0]), 0, ix([3], [1, 1, 0]), t([3, 2], [1, 2, 3, 4, 5, 6])),
      [2, 2],
      [5, 6, 4, 6],
    ],
  ])('%s', (_name, f, shape, expected) => {
    const out = f();
    expect(out.shape).toEqual(shape);
    expect(vals(out)).toEqual(expected.map(Math.fround));
  });

  it('exp, log, tanh and sqrt match Math in float32', () => {
    const x = t([3], [0.5, 1, 2]);
    expect(vals(exp(x))).toEqual([0.5, 1, 2].map((v) => Math.fround(Math.exp(v))));
    expect(vals(log(x))).toEqual([0.5, 1, 2].map((v) => Math.fround(Math.log(v))));
    expect(vals(tanh(x))).toEqual([0.5, 1, 2].map((v) => Math.fround(Math.tanh(v))));
    expect(vals(sqrt(x))).toEqual([0.5, 1, 2].map((v) => Math.fround(Math.sqrt(v))));
  });

  it('max gives the first index among ties, and argmax agrees', () => {
    const x = t([1, 4], [3, 7, 7, 1]);
    expect(vals(max(x, 1).indices)).toEqual([1]);
    expect(vals(argmax(x, 1))).toEqual([1]);
  });

  it('softmax rows sum to 1 and cross_entropy is the mean NLL', () => {
    const logits = t([2, 3], [1, 2, 3, 0, 0, 0]);
    const p = softmax(logits, 1);
    expect(p.data[3]).toBeCloseTo(1 / 3, 6);
    expect(p.data[0] + p.data[1] + p.data[2]).toBeCloseTo(1, 6);
    const loss = crossEntropy(logits, ix([2], [2, 0]));
    expect(loss.data[0]).toBeCloseTo((-Math.log(p.data[2]) - Math.log(p.data[3])) / 2, 6);
  });

  it('float32 results are rounded once: 0.1 + 0.2 in float32', () => {
    expect(add(t([1], [0.1]), t([1], [0.2])).data[0]).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  });
});
