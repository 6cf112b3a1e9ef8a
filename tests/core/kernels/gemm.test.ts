import { describe, expect, it } from 'vitest';
import { Heap, HeapLayout } from '../../../core/kernels/heap';

/** A float64 reference and the float32 error bound of a k-term dot product (|terms| summed, k·ulp). */
function reference(
  m: number,
  k: number,
  n: number,
  a: (i: number, p: number) => number,
  b: (p: number, j: number) => number,
) {
  const value = new Float64Array(m * n);
  const bound = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < k; p++) {
        value[i * n + j] += a(i, p) * b(p, j);
        bound[i * n + j] += Math.abs(a(i, p) * b(p, j));
      }
      bound[i * n + j] *= (k + 1) * 1.2e-7;
    }
  }
  return { value, bound };
}

const values = (count: number, seed: number) =>
  Float32Array.from({ length: count }, (_, i) => Math.sin(i * 1.7 + seed) * 2);
const SHAPES = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 4, 8],
  [5, 30, 27],
  [32, 27, 200],
  [30, 32, 200],
  [7, 3, 9],
  [2, 200, 30],
];

describe('gemm kernels over a heap', () => {
  it.each(SHAPES)(
    'A @ B, Aᵀ @ B and A @ Bᵀ agree with float64 for m, k, n = %i, %i, %i; nothing outside C is written',
    (m, k, n) => {
      const ldc = n + 3; // padding columns in C must stay untouched
      const layout = new HeapLayout();
      const at = {
        a: layout.reserve(m * k),
        b: layout.reserve(k * n),
        c: layout.reserve(m * ldc),
        bias: layout.reserve(n),
      };
      const heap = new Heap(layout);
      const A = heap.f32(at.a, m * k);
      const B = heap.f32(at.b, k * n);
      const C = heap.f32(at.c, m * ldc);
      const bias = heap.f32(at.bias, n);
      A.set(values(m * k, 1));
      B.set(values(k * n, 2));
      bias.set(values(n, 3));
      const check = (ref: { value: Float64Array; bound: Float64Array }, withBias: boolean) => {
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < ldc; j++) {
            const got = C[i * ldc + j];
            if (j >= n) expect(got, `padding (${i}, ${j})`).toBe(-7);
            else
              expect(
                Math.abs(got - ref.value[i * n + j] - (withBias ? bias[j] : 0)),
                `(${i}, ${j})`,
              ).toBeLessThanOrEqual(ref.bound[i * n + j] + Math.abs(ref.value[i * n + j]) * 1.2e-7 + 1e-6);
          }
        }
      };
      // C = A @ B + bias, A stored m×k
      C.fill(-7);
      heap.k.gemm(at.a, k, 1, at.b, n, at.c, ldc, m, k, n, at.bias);
      check(
        reference(
          m,
          k,
          n,
          (i, p) => A[i * k + p],
          (p, j) => B[p * n + j],
        ),
        true,
      );
      // C = Aᵀ @ B with A read as the stored k×m matrix (A(i, p) = A[p·m + i])
      C.fill(-7);
      heap.k.gemm(at.a, 1, m, at.b, n, at.c, ldc, m, k, n, 0);
      check(
        reference(
          m,
          k,
          n,
          (i, p) => A[p * m + i],
          (p, j) => B[p * n + j],
        ),
        false,
      );
      // C = A @ Bᵀ with B read as a stored n×k matrix
      C.fill(-7);
      heap.k.gemm_nt(at.a, k, at.b, k, at.c, ldc, m, k, n);
      check(
        reference(
          m,
          k,
          n,
          (i, p) => A[i * k + p],
          (p, j) => B[j * k + p],
        ),
        false,
      );
    },
  );
});
