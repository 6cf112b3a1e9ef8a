/** The one gradient walker: full backprop, stopped at chosen tensors, limited to targets, and .grad handling. */
import { describe, expect, it } from 'vitest';
import { backward } from '../../../core/autograd/backward';
import { propagate } from '../../../core/autograd/propagate';
import { add, mul, sum } from '../../../core/ops';
import { onesLike, tensor, type Tensor } from '../../../core/tensor/tensor';

/** x = [1, 2]; y = x * x; z = 3 * y + x: dz/dx = 6x + 1 = [7, 13], of which 1 comes straight from z. */
function chain() {
  const x = tensor([2], [1, 2]).requireGrad();
  const y = mul(x, x);
  const z = add(mul(y, 3), x);
  return { x, y, z, seed: new Map<Tensor, Tensor>([[z, onesLike(z)]]) };
}

const values = (t: Tensor | undefined) => (t ? Array.from(t.data) : null);

describe('propagate', () => {
  it('sums the gradient over every path', () => {
    const { x, y, seed } = chain();
    const g = propagate(seed);
    expect(values(g.get(x))).toEqual([7, 13]);
    expect(values(g.get(y))).toEqual([3, 3]);
  });

  it('does not pass gradients on through stopped tensors (they still receive theirs)', () => {
    const { x, y, seed } = chain();
    const g = propagate(seed, { stopAt: [y] });
    expect(values(g.get(y))).toEqual([3, 3]);
    expect(values(g.get(x))).toEqual([1, 1]);
  });

  it('passes a seed on even when it is also a stop', () => {
    const { x, y } = chain();
    const g = propagate(new Map([[y, tensor([2], [1, 1])]]), { stopAt: [y] });
    expect(values(g.get(x))).toEqual([2, 4]);
  });

  it('skips the ops no target depends on', () => {
    const { x, y, seed } = chain();
    const g = propagate(seed, { targets: [y] });
    expect(values(g.get(y))).toEqual([3, 3]);
    // x gets only what z's own op sends it: y's op, which no target needs, did not run.
    expect(values(g.get(x))).toEqual([1, 1]);
  });

  it('sets .grad on the retained tensors it reached, and only those', () => {
    const { x, y, seed } = chain();
    const other = tensor([1], [5]).requireGrad();
    other.grad = tensor([1], [9]);
    propagate(seed, { retain: [y, other] });
    expect(values(y.grad ?? undefined)).toEqual([3, 3]);
    expect(x.grad).toBeNull();
    expect(values(other.grad ?? undefined)).toEqual([9]);
  });
});

describe('backward', () => {
  it('gives leaves .grad, replacing what they held, or adding to it when asked to accumulate', () => {
    const { x, z } = chain();
    const loss = sum(z);
    backward(loss);
    expect(values(x.grad ?? undefined)).toEqual([7, 13]);
    backward(loss);
    expect(values(x.grad ?? undefined)).toEqual([7, 13]);
    backward(loss, { accumulate: true });
    expect(values(x.grad ?? undefined)).toEqual([14, 26]);
  });
});
