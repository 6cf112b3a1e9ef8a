/**
 * The float32 matmul kernel, run in WebAssembly with 128-bit SIMD (see matmul.wat): several times faster
 * than a JavaScript loop, which is what lets a training step beat PyTorch's on one core. Falls back to
 * null where WebAssembly SIMD is missing; callers then use the JavaScript kernel.
 */
import { WASM_BASE64 } from './matmul-wasm';
import { instantiateKernel } from './wasm-module';

interface MatmulExports {
  memory: WebAssembly.Memory;
  matmul(a: number, b: number, c: number, m: number, k: number, n: number): void;
}

const kernel = instantiateKernel<MatmulExports>(WASM_BASE64);
const PAGE = 65536;
const align16 = (bytes: number) => (bytes + 15) & ~15;

export const hasWasmMatmul = kernel !== null;

/** C = A @ B for row-major float32 A (m×k) and B (k×n), written into `out` (m×n). */
export function wasmMatmul(A: Float32Array, B: Float32Array, m: number, k: number, n: number, out: Float32Array): void {
  if (!kernel) throw new Error('WebAssembly SIMD is not available');
  const m4 = (m + 3) & ~3;
  const aBytes = align16(m4 * k * 4);
  const bBytes = align16(k * n * 4);
  const cBytes = align16(m4 * n * 4);
  const need = aBytes + bBytes + cBytes;
  const mem = kernel.memory;
  if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / PAGE));
  const heap = new Float32Array(mem.buffer);
  heap.set(A, 0);
  // Zero the padding rows of A so they contribute nothing (their C rows are ignored anyway).
  heap.fill(0, m * k, m4 * k);
  heap.set(B, aBytes / 4);
  kernel.matmul(0, aBytes, aBytes + bBytes, m4, k, n);
  out.set(heap.subarray((aBytes + bBytes) / 4, (aBytes + bBytes) / 4 + m * n));
}
