/**
 * The float32 matmul's bits: every element of C is the float32 sum over p in order of float32 products, each
 * product and each sum rounded once (no fused multiply-add), starting from 0, whatever the tiling, the row block
 * or the edges of the tiles. The oracle is that loop in JavaScript, with Math.fround after every operation.
 */
import { describe, expect, it } from 'vitest';
import { wasmMatmul } from '../../../core/kernels/wasm-matmul';
import { rng } from '../../helpers/rng';
import { differences } from './float32-values';

function oracle(A: Float32Array, B: Float32Array, m: number, k: number, n: number): Float32Array {
  const f = Math.fround;
  const C = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let c = 0;
      for (let p = 0; p < k; p++) c = f(c + f(A[i * k + p] * B[p * n + j]));
      C[i * n + j] = c;
    }
  return C;
}

describe('wasmMatmul sums each element in order, in float32', () => {
  const next = rng(31);
  // values over many exponents, so that the order of the sums shows in the last bits
  const value = () => (next() - 0.5) * 2 ** Math.floor(next() * 24 - 12);
  it.each([
    [1, 1, 1],
    [5, 3, 9],
    [7, 30, 64],
    [9, 64, 27],
    [6, 100, 100],
    [3, 10, 5],
    [701, 30, 27], // many tiles of four rows, and a short last one
    [1100, 100, 30], // rows in more than one pass through the scratch memory
  ])('[%i, %i] @ [%i, …]', (m, k, n) => {
    const A = Float32Array.from({ length: m * k }, value);
    const B = Float32Array.from({ length: k * n }, value);
    const C = new Float32Array(m * n).fill(NaN);
    wasmMatmul(A, B, m, k, n, C);
    expect(differences(C, oracle(A, B, m, k, n))).toEqual([]);
  });
});
