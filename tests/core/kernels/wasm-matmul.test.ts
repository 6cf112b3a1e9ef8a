import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hasWasmMatmul, wasmMatmul } from '../../../core/kernels/wasm-matmul';

describe('WebAssembly matmul kernel', () => {
  it('is available on this platform', () => {
    expect(hasWasmMatmul).toBe(true);
  });

  it.each([
    [1, 1, 1],
    [3, 5, 7],
    [4, 4, 4],
    [32, 30, 200],
    [5, 200, 27],
    [200, 32, 27],
    [7, 3, 1],
  ])('matches a float64 reference within float32 accuracy for %i×%i @ %i×…', (m, k, n) => {
    const A = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 1.7) * 2);
    const B = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.3));
    const C = new Float32Array(m * n).fill(NaN);
    wasmMatmul(A, B, m, k, n, C);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        let mag = 0;
        for (let p = 0; p < k; p++) {
          acc += A[i * k + p] * B[p * n + j];
          mag += Math.abs(A[i * k + p] * B[p * n + j]);
        }
        expect(Math.abs(C[i * n + j] - acc)).toBeLessThanOrEqual(mag * k * 1.2e-7 + 1e-30);
      }
    }
  });

  it('gives every row of a product bigger than one pass of its scratch memory the floats of that row alone', () => {
    // 20,000 × (100 + 150) floats are more than one pass holds, so the rows go through in blocks.
    const m = 20000;
    const k = 100;
    const n = 150;
    const A = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 1.3));
    const B = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.7));
    const C = new Float32Array(m * n).fill(NaN);
    wasmMatmul(A, B, m, k, n, C);
    for (const row of [0, 1, 16776, 16777, 16780, m - 1]) {
      const one = new Float32Array(n);
      wasmMatmul(A.subarray(row * k, (row + 1) * k), B, 1, k, n, one);
      expect(Array.from(C.subarray(row * n, (row + 1) * n))).toEqual(Array.from(one));
    }
  });

  it('propagates NaN and Inf like a float GEMM', () => {
    const C = new Float32Array(2);
    wasmMatmul(Float32Array.from([1, 0]), Float32Array.from([Infinity, 1, 2, NaN]), 1, 2, 2, C);
    expect(C[0]).toBe(Infinity);
    expect(C[1]).toBeNaN();
  });

  it('the generated kernel modules are up to date with their .wat sources', () => {
    expect(() => execFileSync('node', ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
