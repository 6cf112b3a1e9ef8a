/**
 * Big arrays in the storage pool (core/tensor/reuse.ts): an evaluation's 182,000-row results are reused as the
 * small ones are, within a budget of their own, and let go when they sit unused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BIG_BYTES, BIG_IDLE_ALLOCS, BIG_POOL_BYTES, drainPool, recycle } from '../../../core/tensor/reuse';
import { allocFloat, Tensor } from '../../../core/tensor/tensor';

afterEach(() => drainPool());

/** A float32 tensor of `floats` elements that Python has let go of (nothing holds it). */
function released(floats: number): Float32Array {
  const data = new Float32Array(floats);
  recycle(new Tensor([floats], data));
  return data;
}

// Identity is compared as a boolean: a failing toBe would print millions of elements.
describe('big arrays', () => {
  const floats = BIG_BYTES / 4 + 1024; // just over the line

  it('are reused, zeroed, for the next array of their length', () => {
    const data = released(floats);
    data.fill(7);
    const next = allocFloat('float32', floats);
    expect(next === data).toBe(true);
    expect(next.every((v) => v === 0)).toBe(true);
  });

  it('keep the newest ones within their budget', () => {
    const each = Math.floor(BIG_POOL_BYTES / 4 / 2.5); // two fit, three do not
    const arrays = [released(each), released(each), released(each)];
    const next = [allocFloat('float32', each, false), allocFloat('float32', each, false)];
    expect(arrays.map((a) => next.includes(a))).toEqual([false, true, true]);
    expect(allocFloat('float32', each, false) === arrays[0]).toBe(false);
  });

  it('leave the pool when other allocations pass them by', () => {
    const data = released(floats);
    // The allocation that takes it is the last of BIG_IDLE_ALLOCS.
    for (let i = 1; i < BIG_IDLE_ALLOCS; i++) allocFloat('float32', 300, false);
    expect(allocFloat('float32', floats, false) === data).toBe(true);
    const again = released(floats);
    for (let i = 0; i < BIG_IDLE_ALLOCS; i++) allocFloat('float32', 300, false);
    expect(allocFloat('float32', floats, false) === again).toBe(false);
  });

  it('tell the bridge what they leave to the collector: nothing when pooled, what the pool let go for them', () => {
    const each = Math.floor(BIG_POOL_BYTES / 4 / 2.5);
    const left = [0, 1, 2].map(() => recycle(new Tensor([each], new Float32Array(each))));
    expect(left).toEqual([0, 0, each * 4]);
    const held = new Tensor([each], new Float32Array(each)).requireGrad();
    expect(recycle(held)).toBe(each * 4);
  });

  it('do not crowd out small ones', () => {
    released(floats);
    const small = released(6400);
    expect(allocFloat('float32', 6400, false) === small).toBe(true);
  });
});
