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

/** C = A @ B for row-major float32 A (m×k) and B (k×n), written into `out` (m×n). */
export function wasmMatmul(A: Float32Array, B: Float32Array, m: number, k: number, n: number, out: Float32Array): void {
  const a = 4; // float offsets; 0 stays unused
  const b = align4(a + m * k + SLACK);
  const c = align4(b + k * n + SLACK);
  const s = scratch(c + m * n + SLACK);
  if (!s) throw new Error('WebAssembly SIMD is not available');
  s.heap.set(A, a);
  s.heap.set(B, b);
  s.k.gemm(a * 4, k, 1, b * 4, n, c * 4, n, m, k, n, 0);
  out.set(s.heap.subarray(c, c + m * n));
}
