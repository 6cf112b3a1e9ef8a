/**
 * Sums over one dim of a float32 tensor viewed as [outer, size, inner], in WebAssembly SIMD through the scratch
 * memory (see reduce.wat): eight inner elements at a time in float64. Each accumulator still adds its elements in
 * order along the dim, one float64 rounding each, as the JavaScript loops do, so the sums have the same bits.
 */
import { scratch } from './scratch';

/** Float32s of the input per pass (whole rows of `inner`): small enough to stay in the L2 cache. */
const BLOCK = 1 << 15;
/** The kernels read and accumulate up to 7 elements past a row's end (see reduce.wat). */
const SPILL = 8;

/**
 * out[o·inner + i] = Σ_s src[o, s, i] (mean null), or Σ_s (src[o, s, i] − mean[o·inner + i])², summed in float64 in
 * order over s, then divided by `divisor` and rounded once to float32; false (nothing written) where WebAssembly
 * SIMD is missing or a row along inner is longer than a pass.
 */
export function simdColumnSums(
  src: Float32Array,
  outer: number,
  size: number,
  inner: number,
  out: Float32Array,
  mean: Float32Array | null = null,
  divisor = 1,
): boolean {
  // Rows longer than a pass would need scratch memory (which never shrinks) of their size: the caller's loop.
  if (inner > BLOCK) return false;
  const passRows = Math.floor(BLOCK / inner);
  // float64 index 2 (byte 16) onwards: the accumulators, the means, then the float32 rows
  const accAt = 2;
  const meanAt = accAt + inner + SPILL;
  const srcAt = (meanAt + inner + SPILL) * 2;
  const s = scratch(srcAt + passRows * inner + SPILL);
  if (!s) return false;
  const { k, heap, heap64 } = s;
  for (let o = 0; o < outer; o++) {
    heap64.fill(0, accAt, accAt + inner + SPILL);
    if (mean) heap64.set(mean.subarray(o * inner, (o + 1) * inner), meanAt);
    const base = o * size * inner;
    for (let s0 = 0; s0 < size; s0 += passRows) {
      const r = Math.min(passRows, size - s0);
      heap.set(src.subarray(base + s0 * inner, base + (s0 + r) * inner), srcAt);
      if (mean) k.colsqdev8(srcAt * 4, r, inner, meanAt * 8, accAt * 8);
      else k.colsum8(srcAt * 4, r, inner, accAt * 8);
    }
    if (divisor === 1) out.set(heap64.subarray(accAt, accAt + inner), o * inner);
    else for (let i = 0; i < inner; i++) out[o * inner + i] = heap64[accAt + i] / divisor;
  }
  return true;
}
