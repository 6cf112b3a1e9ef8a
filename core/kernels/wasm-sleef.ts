/**
 * torch.tanh's, torch.log's and torch.exp's float32 bits in WebAssembly SIMD (see sleef.wat), through the scratch
 * memory a block at a time. Every kernel lists the groups of four it leaves to the caller's exact scalar function
 * (tanhF32, logF32 or expF32, passed in: core/ops sits above this folder).
 */
import { scratch } from './scratch';

/**
 * Floats per pass through the scratch memory, a multiple of 16: a pass stays in the L2 cache from copying in to
 * copying out (tanh of 18M floats: 120–134 ms in passes of 1M floats, 108–112 in these), and the scratch memory,
 * which never shrinks, stays small.
 */
const BLOCK = 1 << 14;

/** n rounded up to whole steps of the unrolled kernels (four groups of four floats). */
const padded = (n: number): number => Math.ceil(n / 16) * 16;

type SleefKernel = 'tanh_sleef' | 'tanh_sleef_replay' | 'log_sleef' | 'exp_sleef';

/**
 * out[i] = f(src[i]) as PyTorch's float32 kernel for f; false (nothing written) where WebAssembly SIMD is missing.
 * `exact` is f's scalar replay, for the groups the kernel lists.
 */
export function sleefMap(
  kernel: SleefKernel,
  src: Float32Array,
  out: Float32Array,
  exact: (x: number) => number,
): boolean {
  const block = Math.min(BLOCK, padded(src.length));
  // data at float 4 (byte 16), then one list slot per group of four
  const s = scratch(4 + block + block / 4);
  if (!s) return false;
  const data = 4;
  const flags = data + block;
  const slots = new Int32Array(s.heap.buffer, flags * 4, block / 4);
  for (let start = 0; start < src.length; start += block) {
    const n = Math.min(block, src.length - start);
    s.heap.set(src.subarray(start, start + n), data);
    // zeros after the last element, to the length the kernels take (their loops run four groups at a time)
    s.heap.fill(0, data + n, data + padded(n));
    const listed = s.k[kernel](data * 4, padded(n), flags * 4);
    // the listed groups redone in the scratch memory, so that src is read before out is written (they may be one)
    for (let g = 0; g < listed; g++) {
      const at = slots[g] / 4;
      for (let i = at; i < Math.min(at + 4, data + n); i++) s.heap[i] = exact(src[start + i - data]);
    }
    out.set(s.heap.subarray(data, data + n), start);
  }
  return true;
}

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
  return sleefMap(path === 'replay' ? 'tanh_sleef_replay' : 'tanh_sleef', src, out, exact);
}
