/**
 * The 2-D transpose copy of a float32 or float64 matrix in WebAssembly SIMD (see transpose.wat), through the scratch
 * memory in passes of whole rows of the source; each pass fills a band of columns of the result. A plain
 * JavaScript loop spends about 2 ns on each element whatever the blocking (measured on [30, 200] to [1000, 1000]).
 */
import { scratch } from './scratch';

/** Elements per pass: a band of rows of a large matrix, and its transposed copy, stay in the L2 cache. */
const BLOCK = 1 << 16;
const align16 = (bytes: number) => (bytes + 15) & ~15;

/**
 * out (cols×rows) = src (rows×cols) transposed; false (nothing written) where WebAssembly SIMD is missing or rows
 * are longer than a quarter of a pass.
 */
export function simdTranspose(
  src: Float32Array | Float64Array,
  rows: number,
  cols: number,
  out: Float32Array | Float64Array,
): boolean {
  const wide = src instanceof Float64Array;
  const bytes = wide ? 8 : 4;
  // Whole matrix at once where it fits, else bands of rows in fours (the kernel's blocks).
  const band = rows * cols <= BLOCK ? rows : Math.floor(BLOCK / cols) & ~3;
  // Rows so long that four exceed a pass would need scratch memory (which never shrinks) of their size.
  if (band === 0) return false;
  const srcAt = 16;
  const outAt = align16(srcAt + band * cols * bytes);
  const s = scratch((outAt + band * cols * bytes) / 4);
  if (!s) return false;
  const view = wide ? s.heap64 : s.heap;
  const kernel = wide ? s.k.transpose64 : s.k.transpose32;
  const o = outAt / bytes;
  for (let i0 = 0; i0 < rows; i0 += band) {
    const r = Math.min(band, rows - i0);
    view.set(src.subarray(i0 * cols, (i0 + r) * cols), srcAt / bytes);
    kernel(srcAt, r, cols, outAt, r);
    if (r === rows) out.set(view.subarray(o, o + rows * cols));
    else for (let j = 0; j < cols; j++) out.set(view.subarray(o + j * r, o + (j + 1) * r), j * rows + i0);
  }
  return true;
}
