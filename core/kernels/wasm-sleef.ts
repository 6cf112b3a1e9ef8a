/**
 * torch.tanh's and torch.log's float32 bits in WebAssembly SIMD (see sleef.wat), through the scratch memory a
 * block at a time. The kernels leave to the caller's exact scalar function (tanhF32 or logF32, passed in: core/ops
 * sits above this folder) the 0–3 elements after the last whole group of four, and tanh the groups it flags.
 */
import { scratch } from './scratch';

/** Floats per pass through the scratch memory, which never shrinks (as wasmMatmul's BLOCK_FLOATS). */
const BLOCK = 1 << 20;

/**
 * out[i] = tanh(src[i]) as PyTorch's float32 kernel; false (nothing written) where WebAssembly SIMD is missing.
 * `replay` sends every group through the kernel's operation-for-operation path (for the tests).
 */
export function sleefTanh(
  src: Float32Array,
  out: Float32Array,
  exact: (x: number) => number,
  path: 'shortcut' | 'replay' = 'shortcut',
): boolean {
  const whole = src.length & ~3;
  const block = Math.min(BLOCK, whole);
  // data at float 4 (byte 16), then one flag slot per group of four
  const s = scratch(4 + block + block / 4);
  if (!s) return false;
  const data = 4;
  const flags = data + block;
  const slots = new Int32Array(s.heap.buffer);
  for (let start = 0; start < whole; start += block) {
    const n = Math.min(block, whole - start);
    s.heap.set(src.subarray(start, start + n), data);
    const kernel = path === 'replay' ? s.k.tanh_sleef_replay : s.k.tanh_sleef;
    const flagged = kernel(data * 4, n, flags * 4);
    out.set(s.heap.subarray(data, data + n), start);
    for (let g = 0; g < flagged; g++) {
      const at = start + (slots[flags + g] / 4 - data);
      for (let i = at; i < at + 4; i++) out[i] = exact(src[i]);
    }
  }
  for (let i = whole; i < src.length; i++) out[i] = exact(src[i]);
  return true;
}

/**
 * out[i] = log(src[i]) or exp(src[i]) as PyTorch's float32 kernels; false (nothing written) where WebAssembly SIMD
 * is missing.
 */
export function sleefMap(
  kernel: 'log_sleef' | 'exp_sleef',
  src: Float32Array,
  out: Float32Array,
  exact: (x: number) => number,
): boolean {
  const whole = src.length & ~3;
  const block = Math.min(BLOCK, whole);
  const s = scratch(4 + block);
  if (!s) return false;
  for (let start = 0; start < whole; start += block) {
    const n = Math.min(block, whole - start);
    s.heap.set(src.subarray(start, start + n), 4);
    s.k[kernel](16, n);
    out.set(s.heap.subarray(4, 4 + n), start);
  }
  for (let i = whole; i < src.length; i++) out[i] = exact(src[i]);
  return true;
}
