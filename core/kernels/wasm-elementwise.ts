/**
 * + − × ÷ (and tanh's backward) of float32 arrays in WebAssembly SIMD (see elementwise.wat), through the scratch
 * memory a block at a time. The result is rows×cols, row-major, from `oo` in `out`; each operand is its data, its first element,
 * its row stride and its column stride (1 along a row, 0 for one value per row: a column, or with a row
 * stride of 0 a single value). Same-shaped operands are one row; a row or column broadcast is one call.
 */
import { scratch } from './scratch';

/** The kernel's ops: + − × ÷, and tanh's backward x · (1 − y²) (see elementwise.wat). */
export const BINARY_KERNELS = { add: 0, sub: 1, mul: 2, div: 3, tanh_backward: 4, square_backward: 5 } as const;
export type BinaryKernel = keyof typeof BINARY_KERNELS;

/**
 * Result floats per pass: the three buffers of a pass stay in the L2 cache between copying in, the kernel and
 * copying out, and the scratch memory (which never shrinks) stays small.
 */
const BLOCK = 1 << 15;
/** Floats after each buffer: the kernel reads up to 3 past an operand's end and writes up to 3 past the result's. */
const SLACK = 4;
/** Float offset of the kernel's 32-byte splat area; offsets 0–3 stay unused. */
const TMP = 4;
const align4 = (floats: number) => (floats + 3) & ~3;

/** a[from … from + n), without making a view when that is all of a (a view costs about as much as a small op's copy). */
const part = (a: Float32Array, from: number, n: number) =>
  from === 0 && n === a.length ? a : a.subarray(from, from + n);

/** out = x op y as described above; false (nothing written) where WebAssembly SIMD is missing. */
export function simdBinary(
  op: BinaryKernel,
  x: Float32Array,
  xo: number,
  xrs: number,
  xcs: number,
  y: Float32Array,
  yo: number,
  yrs: number,
  ycs: number,
  out: Float32Array,
  oo: number,
  rows: number,
  cols: number,
): boolean {
  // A pass is whole rows, or part of one row when a row alone exceeds the block.
  const passCols = Math.min(cols, BLOCK);
  const passRows = Math.max(1, Math.floor(BLOCK / cols));
  const xa = TMP + 8;
  const ya = align4(xa + (passRows - 1) * xrs + (passCols - 1) * xcs + 1 + SLACK);
  const oa = align4(ya + (passRows - 1) * yrs + (passCols - 1) * ycs + 1 + SLACK);
  const s = scratch(oa + passRows * passCols + SLACK);
  if (!s) return false;
  const { k, heap } = s;
  const code = BINARY_KERNELS[op];
  for (let r0 = 0; r0 < rows; r0 += passRows) {
    const r = Math.min(passRows, rows - r0);
    for (let c0 = 0; c0 < cols; c0 += passCols) {
      const c = Math.min(passCols, cols - c0);
      const xs = xo + r0 * xrs + c0 * xcs;
      const ys = yo + r0 * yrs + c0 * ycs;
      heap.set(part(x, xs, (r - 1) * xrs + (c - 1) * xcs + 1), xa);
      heap.set(part(y, ys, (r - 1) * yrs + (c - 1) * ycs + 1), ya);
      k.binary(code, xa * 4, xrs, xcs, ya * 4, yrs, ycs, oa * 4, r, c, TMP * 4);
      out.set(heap.subarray(oa, oa + r * c), oo + r0 * cols + c0);
    }
  }
  return true;
}
