/**
 * The op-by-op engine's float32 softmax over rows in WebAssembly SIMD (see softmax-op.wat), through the scratch
 * memory a block of rows at a time: bit for bit the JavaScript loop it stands in for, which redoes the rows the
 * kernel lists (a NaN, an infinity, values 700 or more apart).
 */
import { scratch } from './scratch';

/** Floats per pass: a block's rows stay in the L2 cache from copying in to copying out. */
const BLOCK = 1 << 14;
const align4 = (floats: number) => (floats + 3) & ~3;
/** Floats of slack after each buffer: the kernel reads and writes up to 64 bytes past a block's end. */
const SLACK = 16;

/**
 * out = softmax of each of src's `rows` rows of `cols`, then `redo(r)` for each row r the kernel left; false
 * (nothing written) where WebAssembly SIMD is missing.
 */
export function simdSoftmaxRows(
  src: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array,
  redo: (row: number) => void,
): boolean {
  const perPass = Math.max(1, Math.floor(BLOCK / cols));
  const floats = perPass * cols;
  // float offsets: the rows, their x − m in float64, the listed groups; each with 64 bytes of slack
  const data = 4;
  const d = align4(data + floats + SLACK); // float64-aligned: data + … is a multiple of 4 floats
  const flags = d + 2 * (floats + 8) + SLACK;
  const s = scratch(flags + floats / 4 + SLACK);
  if (!s) return false;
  const listed = new Int32Array(s.heap.buffer, flags * 4, Math.ceil(floats / 4) + 2);
  for (let r0 = 0; r0 < rows; r0 += perPass) {
    const r = Math.min(perPass, rows - r0);
    s.heap.set(src.subarray(r0 * cols, (r0 + r) * cols), data);
    const n = s.k.softmax_rows(data * 4, r, cols, d * 4, flags * 4);
    out.set(s.heap.subarray(data, data + r * cols), r0 * cols);
    // a listed group's four elements may span rows; each is redone once
    let done = -1;
    for (let g = 0; g < n; g++) {
      const first = (listed[g] / 8 - d / 2) / cols;
      const last = Math.min(r - 1, Math.floor((listed[g] / 8 - d / 2 + 3) / cols));
      for (let row = Math.max(done + 1, Math.floor(first)); row <= last; row++) redo(r0 + row);
      done = Math.max(done, last);
    }
  }
  return true;
}
