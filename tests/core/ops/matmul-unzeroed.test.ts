/**
 * matmul's result takes a reused array without zeroing it (allocFloat's `zeroed` false): both kernels (float32 in
 * WebAssembly, in blocks of rows; float64 in JavaScript) must write every element. A released array full of NaN
 * waits in the pool; the result must equal the one made in fresh memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { matmul } from '../../../core/ops';
import { drainPool, recycle } from '../../../core/tensor/reuse';
import { Tensor } from '../../../core/tensor/tensor';

afterEach(() => drainPool());

describe('matmul into an unzeroed array', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [m, k, n] of [
      [37, 5, 27],
      [1000, 30, 64], // more rows than one pass through the scratch memory holds
    ]) {
      it(`${dtype} [${m}, ${k}] @ [${k}, ${n}]`, () => {
        const make = (rows: number, cols: number, seed: number) => {
          const data = dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
          for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * seed) * 2;
          return new Tensor([rows, cols], data, dtype);
        };
        const a = make(m, k, 1);
        const b = make(k, n, 7);
        const fresh = Array.from(matmul(a, b).data);
        drainPool();
        const garbage = new Tensor(
          [m * n],
          (dtype === 'float32' ? new Float32Array(m * n) : new Float64Array(m * n)).fill(NaN),
          dtype,
        );
        const array = garbage.data;
        recycle(garbage);
        const again = matmul(a, b).data;
        expect(again === array, 'the product took the released array').toBe(true);
        expect(Array.from(again)).toEqual(fresh);
      });
    }
  }
});
