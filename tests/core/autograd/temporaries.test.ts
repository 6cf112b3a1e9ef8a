/**
 * What a backward pass makes besides the gradients it returns (a matmul's transposed operands, the two terms `+=`
 * replaces with their sum) serves later ops, as PyTorch's engine frees them; the gradients it returns never do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { backward } from '../../../core/autograd/backward';
import { add, matmul, mul, sum } from '../../../core/ops';
import { drainPool } from '../../../core/tensor/reuse';
import { allocFloat, tensor, type Tensor } from '../../../core/tensor/tensor';

afterEach(() => drainPool());

/** A [rows, cols] float32 tensor of 1, 2, 3, … (each value exact in float32), requiring grad. */
function counting(rows: number, cols: number): Tensor {
  return tensor(
    [rows, cols],
    Array.from({ length: rows * cols }, (_, i) => i + 1),
  ).requireGrad();
}

/** Arrays of this length the pool hands out, left as they were (a fresh array is all zeros). */
function pooled(n: number, count: number): Float32Array[] {
  return Array.from({ length: count }, () => allocFloat('float32', n, false) as Float32Array);
}

describe("a backward pass's temporaries", () => {
  it("go to the pool once it ends: a matmul's transposed operands", () => {
    const a = counting(16, 32);
    const b = counting(32, 16);
    backward(sum(matmul(a, b)));
    // dA = ones @ Bᵀ and dB = Aᵀ @ ones: each made a [16, 32] or [32, 16] transposed copy (512 values, none 0).
    const arrays = pooled(512, 2);
    for (const x of arrays) expect(x.some((v) => v !== 0)).toBe(true);
    const sorted = (x: ArrayLike<number>) => Float64Array.from(x).sort();
    const values = arrays.map(sorted).sort((x, y) => x[0] - y[0]);
    expect(Array.from(values[0])).toEqual(Array.from(sorted(a.data)));
    expect(Array.from(values[1])).toEqual(Array.from(sorted(b.data)));
  });

  it('never hand out a gradient the pass returns, and leave its values as they were', () => {
    // x feeds two ops: its gradient is the sum of two terms, which the sum replaces.
    const x = counting(16, 16);
    const y = add(mul(x, 2), mul(x, 3));
    const grads = backward(sum(y));
    const returned = [...grads.values()].map((g) => g.data);
    const gx = Array.from(x.grad!.data);
    expect(gx.every((v) => v === 5)).toBe(true);
    const arrays = pooled(256, 3);
    for (const a of arrays) expect(returned).not.toContain(a);
    // The two terms (all 2s and all 3s) came back; nothing else of that length did.
    const firsts = arrays.map((a) => (a.every((v) => v === a[0]) ? a[0] : NaN));
    expect(firsts.sort()).toEqual([0, 2, 3]);
    for (const a of arrays) a.fill(-1);
    expect(Array.from(x.grad!.data)).toEqual(gx);
  });
});
