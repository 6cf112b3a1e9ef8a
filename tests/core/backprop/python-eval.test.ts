/** The numeric rule test's evaluator reads Python as Python does: precedence, broadcasting, the methods used. */
import { describe, expect, it } from 'vitest';
import { Arr, evaluate } from './python-eval';

const tensors: Record<string, Arr> = {
  x: new Arr([2, 3], Float64Array.of(1, 2, 3, 4, 5, 6)),
  col: new Arr([2, 1], Float64Array.of(10, 20)),
  ix: new Arr([3], Float64Array.of(2, 0, 2)),
  rows: new Arr([3, 2], Float64Array.of(1, 1, 2, 2, 3, 3)),
};
const lookup = (name: string) => {
  if (!tensors[name]) throw new Error(`no ${name}`);
  return tensors[name];
};
const run = (text: string) => {
  const v = evaluate(text, lookup);
  return v instanceof Arr ? { shape: [...v.shape], data: [...v.data] } : v;
};

describe('evaluate', () => {
  it.each([
    ['-2**2', -4],
    ['2**-1', 0.5],
    ['1/4 * 2', 0.5],
    ['1 - 2 - 3', -4],
    ['(1 - 2) * -3', 3],
    ['-0.5*(3 + 1)**-1.5', -0.0625],
    ['1e-5 * 1e5', 1],
  ])('%s = %d', (text, value) => {
    expect(run(text)).toBeCloseTo(value, 12);
  });

  it.each([
    ['x * col', [2, 3], [10, 20, 30, 80, 100, 120]],
    ['x - col.T.T', [2, 3], [-9, -8, -7, -16, -15, -14]],
    ['x.sum(1, keepdim=True)', [2, 1], [6, 15]],
    ['x.sum(0)', [3], [5, 7, 9]],
    ['x.mean()', [], [3.5]],
    ['col.expand(2, 3)', [2, 3], [10, 10, 10, 20, 20, 20]],
    ['x.T @ col', [3, 1], [90, 120, 150]],
    ['x.view(-1).unsqueeze(1).shape[0] * col', [2, 1], [60, 120]],
    ['F.one_hot(x.max(1).indices, num_classes=3)', [2, 3], [0, 0, 1, 0, 0, 1]],
    ['torch.zeros_like(rows).index_add(0, ix, rows)', [3, 2], [2, 2, 0, 0, 4, 4]],
  ])('%s', (text, shape, data) => {
    expect(run(text)).toEqual({ shape, data });
  });

  it('softmax rows sum to 1 and keep their order', () => {
    const p = run('F.softmax(x, 1)') as { data: number[] };
    expect(p.data[0] + p.data[1] + p.data[2]).toBeCloseTo(1, 14);
    expect(p.data[2] / p.data[1]).toBeCloseTo(Math.E, 12);
  });

  it('refuses what it cannot read instead of guessing', () => {
    expect(() => run('x ** ')).toThrow(/ends too early/);
    expect(() => run('x.unknown()')).toThrow(/unknown method/);
    expect(() => run('x + rows')).toThrow(/broadcast/);
    expect(() => run('x x')).toThrow(/unread tokens/);
  });
});
