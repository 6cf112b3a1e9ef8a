/**
 * The float32 matmul of the op-by-op engine, on the WebAssembly SIMD gemm kernel (see gemm.wat), several
 * times faster than a JavaScript loop. Operands are copied into a scratch memory; the training step keeps
 * its operands in the wasm heap instead. Falls back to null where WebAssembly SIMD is missing; callers
 * then use the JavaScript kernel.
 */
import { hasWasmKernels } from './kernels';
import { SLACK as SLACK_BYTES } from './heap';
import { scratch } from './scratch';

export const hasWasmMatmul = hasWasmKernels;

const SLACK = SLACK_BYTES / 4; // floats gemm may read past B's end (see gemm.wat)
const align4 = (floats: number) => (floats + 3) & ~3;

/**
 * Floats of A and C per pass through the scratch memory: a block of rows stays in the L2 cache from copying in to
 * copying out (a 182,625-row product in passes of 4M floats ran 5–10% slower), and the scratch memory, which never
 * shrinks, stays small. Each row of C depends on its row of A alone, so the passes give the same floats as one.
 */
const BLOCK_FLOATS = 1 << 16;

/** C = A @ B for row-major float32 A (m×k) and B (k×n), written into `out` (m×n). */
export function wasmMatmul(A: Float32Array, B: Float32Array, m: number, k: number, n: number, out: Float32Array): void {
  const rows = Math.max(4, Math.min(m, Math.floor(BLOCK_FLOATS / Math.max(1, k + n))));
  const b = 4; // float offsets; 0 stays unused
  const a = align4(b + k * n + SLACK);
  const c = align4(a + rows * k + SLACK);
  const s = scratch(c + rows * n + SLACK);
  if (!s) throw new Error('WebAssembly SIMD is not available');
  s.heap.set(B, b);
  for (let r0 = 0; r0 < m; r0 += rows) {
    const r = Math.min(rows, m - r0);
    s.heap.set(A.subarray(r0 * k, (r0 + r) * k), a);
    s.k.gemm(a * 4, k, 1, b * 4, n, c * 4, n, r, k, n, 0);
    out.set(s.heap.subarray(c, c + r * n), r0 * n);
  }
}
