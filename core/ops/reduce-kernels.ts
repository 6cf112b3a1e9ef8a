/**
 * Reduction kernels over one dim, viewing the tensor as [outer, size, inner]. They work on raw data and
 * never touch autograd: the differentiable ops in reduce.ts and expand's backward are built on them.
 * Sums accumulate in float64 and round once, so float32 results are as close to exact as we can make them.
 */
import { simdColumnSums } from '../kernels/wasm-reduce';
import { TensorError } from '../tensor/errors';
import { normalizeDim } from '../tensor/shape';
import { allocFloat, type FloatData, Tensor } from '../tensor/tensor';

export function splitAt(shape: readonly number[], dim: number): { outer: number; size: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i];
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i];
  // A 0-d tensor has one virtual dim of size 1: PyTorch reduces it over dim 0 (or -1) to itself.
  return { outer, size: shape[dim] ?? 1, inner };
}

export function reducedShape(shape: readonly number[], dim: number, keepdim: boolean): number[] {
  if (shape.length === 0) return [];
  return keepdim ? shape.map((d, i) => (i === dim ? 1 : d)) : shape.filter((_, i) => i !== dim);
}

export function checkDim(op: string, x: Tensor, dim: number): number {
  const d = normalizeDim(dim, x.shape.length);
  if (d === null) {
    const r = x.shape.length;
    throw new TensorError(op, `Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`);
  }
  return d;
}

/**
 * Float32 sums over a dim with at least this many elements after it (and this many in all) run in SIMD, four of
 * those elements at a time: fewer would leave lanes idle and cost the kernel call more than the loop.
 */
const SIMD_INNER = 4;
const SIMD_MIN = 256;

/**
 * out = the sums over the dim in float64, in order, per (outer, inner) element (with `mean`, of squared deviations
 * from it), divided by `divisor`, in SIMD where it pays (see SIMD_INNER); false where the caller's loop should run.
 */
export function simdColumnAcc(
  src: FloatData,
  split: { outer: number; size: number; inner: number },
  out: FloatData,
  mean: FloatData | null = null,
  divisor = 1,
): boolean {
  const { outer, size, inner } = split;
  if (inner < SIMD_INNER || size * inner < SIMD_MIN) return false;
  if (!(src instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  if (mean !== null && !(mean instanceof Float32Array)) return false;
  return simdColumnSums(src, outer, size, inner, out, mean, divisor);
}

/** Sum over one dim (no autograd). */
export function sumKernel(x: Tensor, dim: number, keepdim: boolean): Tensor {
  const d = checkDim('sum', x, dim);
  const src = x.floats('sum');
  const split = splitAt(x.shape, d);
  const { outer, size, inner } = split;
  const out = allocFloat(x.dtype, outer * inner, false);
  if (simdColumnAcc(src, split, out)) return new Tensor(reducedShape(x.shape, d, keepdim), out, x.dtype);
  if (inner === 1) {
    // Along the last dim (`counts.sum(1)`): one float64 running sum a row, in order, as acc[0] below would be,
    // without filling and copying an accumulator array a row (4× faster on [32, 200]).
    for (let o = 0; o < outer; o++) {
      let acc = 0;
      for (let s = o * size; s < (o + 1) * size; s++) acc += src[s];
      out[o] = acc;
    }
    return new Tensor(reducedShape(x.shape, d, keepdim), out, x.dtype);
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    const base = o * size * inner;
    for (let s = 0; s < size; s++) {
      const row = base + s * inner;
      for (let i = 0; i < inner; i++) acc[i] += src[row + i];
    }
    out.set(acc, o * inner);
  }
  return new Tensor(reducedShape(x.shape, d, keepdim), out, x.dtype);
}

/** Sum of every element to a 0-d tensor (no autograd). */
export function sumAllKernel(x: Tensor): Tensor {
  const src = x.floats('sum');
  let acc = 0;
  for (let i = 0; i < src.length; i++) acc += src[i];
  const out = allocFloat(x.dtype, 1);
  out[0] = acc;
  return new Tensor([], out, x.dtype);
}
