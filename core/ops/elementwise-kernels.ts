/**
 * Elementwise kernels on raw data. Results are computed in float64 and stored into the output's typed
 * array, which rounds once to float32 — the correctly rounded float32 result for + − × ÷ and √.
 *
 * Each op hands in its own whole-array loop rather than a per-element callback: a callback called from one
 * loop shared by every op is megamorphic, so V8 can neither inline it nor keep the values unboxed (about
 * 30× slower per element). A loop written once per op compiles to a tight loop over one typed-array type.
 */
import { type BinaryKernel, simdBinary } from '../kernels/wasm-elementwise';
import { TensorError } from '../tensor/errors';
import { numel, sameShape, stridesOf } from '../tensor/shape';
import { allocFloat, type FloatData, promoteFloat, Tensor } from '../tensor/tensor';
import { expandOp } from './expand';

/** `out[i] = f(x[i])` for every i, with one number of the op's (a scalar operand, an exponent) as `s`. */
export type UnaryLoop = (x: FloatData, out: FloatData, s: number) => void;
/** `out[i] = f(x[i], y[i])` for every i. */
export type BinaryLoop = (x: FloatData, y: FloatData, out: FloatData) => void;
/** `out[oo + i] = f(x[xo + i], y[yo + i])` for i < n: a span of each, for kernels that broadcast. */
export type SpanLoop = (
  x: FloatData,
  y: FloatData,
  out: FloatData,
  xo: number,
  yo: number,
  oo: number,
  n: number,
) => void;

export function mapUnary(op: string, x: Tensor, loop: UnaryLoop, s = 0): Tensor {
  const src = x.floats(op);
  const out = allocFloat(x.dtype, src.length, false);
  loop(src, out, s);
  return new Tensor(x.shape, out, x.dtype);
}

export function mapBinary(op: string, a: Tensor, b: Tensor, loop: BinaryLoop): Tensor {
  if (!sameShape(a.shape, b.shape)) {
    throw new TensorError(op, `operands must be expanded first: [${a.shape.join(', ')}] vs [${b.shape.join(', ')}]`);
  }
  const x = a.floats(op);
  const y = b.floats(op);
  const dtype = promoteFloat(a, b);
  const out = allocFloat(dtype, x.length, false);
  loop(x, y, out);
  return new Tensor(a.shape, out, dtype);
}

/** mapBinary for a loop over spans: the whole of both operands, of one shape. */
export function mapSpan(op: string, a: Tensor, b: Tensor, loop: SpanLoop): Tensor {
  return mapBinary(op, a, b, (x, y, out) => loop(x, y, out, 0, 0, 0, out.length));
}

/**
 * Float32 results shorter than this stay in JavaScript: a kernel call and its copies cost a fixed ~0.25 µs,
 * which a loop of one dtype matches near 80 elements and the ops' loops (float32 and float64) sooner. At 6,400
 * elements the kernel takes 3 µs against the loop's 20.
 */
const SIMD_MIN = 64;

/**
 * A span loop's float32 case in WebAssembly SIMD, at the same bits: each op's loop calls it first and runs
 * its own JavaScript where it says no (another dtype, a short span, no SIMD on the platform).
 */
export function simdSpan(op: BinaryKernel, ...[x, y, out, xo, yo, oo, n]: Parameters<SpanLoop>): boolean {
  return (
    n >= SIMD_MIN &&
    x instanceof Float32Array &&
    y instanceof Float32Array &&
    out instanceof Float32Array &&
    simdBinary(op, x, xo, 0, 1, y, yo, 0, 1, out, oo, 1, n)
  );
}

const scalarCell = new Float32Array(1);

/** simdSpan for a tensor and a Python scalar `s` (already rounded as scalarFor does), the scalar first or second. */
export function simdScalar(op: BinaryKernel, x: FloatData, s: number, out: FloatData, scalarFirst: boolean): boolean {
  if (out.length < SIMD_MIN || !(x instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  scalarCell[0] = s;
  return scalarFirst
    ? simdBinary(op, scalarCell, 0, 0, 0, x, 0, 0, 1, out, 0, 1, out.length)
    : simdBinary(op, x, 0, 0, 1, scalarCell, 0, 0, 0, out, 0, 1, out.length);
}

/** A Python scalar as the tensor sees it: PyTorch casts it to float32 for float32 tensors. */
export function scalarFor(x: Tensor, s: number): number {
  return x.dtype === 'float32' ? Math.fround(s) : s;
}

/**
 * `loop` over two operands that broadcast to `shape`, without expanding either: for an op autograd does not
 * record (under no_grad, or on data), where an expansion would never be drawn nor differentiated, and would
 * cost a full-size copy (a 182,000-row evaluation's `hpreact - bnmean` expands bnmean to 146 MB). The result
 * is the same float for float: each element still meets its own pair of operands.
 */
export function mapBroadcast(
  op: string,
  a: Tensor,
  b: Tensor,
  shape: readonly number[],
  loop: SpanLoop,
  kernel?: BinaryKernel,
): Tensor {
  const x = a.floats(op);
  const y = b.floats(op);
  const dtype = promoteFloat(a, b);
  const out = allocFloat(dtype, numel(shape), false);
  const r = shape.length;
  const da = [...new Array<number>(r - a.shape.length).fill(1), ...a.shape];
  const db = [...new Array<number>(r - b.shape.length).fill(1), ...b.shape];
  if (
    kernel &&
    out.length >= SIMD_MIN &&
    x instanceof Float32Array &&
    y instanceof Float32Array &&
    out instanceof Float32Array
  ) {
    const m = asMatrix(shape, da, db);
    if (m && simdBinary(kernel, x, 0, m.xrs, m.xcs, y, 0, m.yrs, m.ycs, out, 0, m.rows, m.cols))
      return new Tensor(shape, out, dtype);
  }
  // The trailing dims both operands have whole form one contiguous block per step of the dims before them.
  let inner = r;
  while (inner > 0 && da[inner - 1] === shape[inner - 1] && db[inner - 1] === shape[inner - 1]) inner--;
  const block = numel(shape.slice(inner));
  if (block < 16) {
    // Short blocks (a column against rows, say): a call per block would cost more than expanding.
    const ex = sameShape(a.shape, shape) ? x : expandData(a, shape);
    const ey = sameShape(b.shape, shape) ? y : expandData(b, shape);
    loop(ex, ey, out, 0, 0, 0, out.length);
    return new Tensor(shape, out, dtype);
  }
  // Block strides of each operand over the outer dims (0 where it is broadcast).
  const sa = blockStrides(da, inner);
  const sb = blockStrides(db, inner);
  const counter = new Array<number>(inner).fill(0);
  let oa = 0;
  let ob = 0;
  for (let o = 0; o < out.length; o += block) {
    loop(x, y, out, oa, ob, o, block);
    for (let d = inner - 1; d >= 0; d--) {
      oa += sa[d];
      ob += sb[d];
      if (++counter[d] < shape[d]) break;
      oa -= sa[d] * shape[d];
      ob -= sb[d] * shape[d];
      counter[d] = 0;
    }
  }
  return new Tensor(shape, out, dtype);
}

/**
 * The broadcast as one rows×cols result (see simdBinary): the dims split at p into outer and inner ones such that
 * each operand has all or none of the outer dims of size > 1, and all or none of the inner ones. Null where no
 * split does (an operand broadcast along a middle dim only, say); the inner part is made as long as it can be.
 * Plain loops: this runs once per op, and closures here cost as much as a small op's arithmetic.
 */
function asMatrix(
  shape: readonly number[],
  da: readonly number[],
  db: readonly number[],
): { rows: number; cols: number; xrs: number; xcs: number; yrs: number; ycs: number } | null {
  const r = shape.length;
  for (let p = 0; p <= r; p++) {
    const xo = had(shape, da, 0, p);
    const xi = had(shape, da, p, r);
    const yo = had(shape, db, 0, p);
    const yi = had(shape, db, p, r);
    if (xo < 0 || xi < 0 || yo < 0 || yi < 0) continue;
    let rows = 1;
    for (let d = 0; d < p; d++) rows *= shape[d];
    let cols = 1;
    for (let d = p; d < r; d++) cols *= shape[d];
    // A part with no dims of size > 1 counts as had: its one index is 0 whatever the stride.
    return {
      rows,
      cols,
      xrs: xo === 0 ? 0 : xi === 0 ? 1 : cols,
      xcs: xi === 0 ? 0 : 1,
      yrs: yo === 0 ? 0 : yi === 0 ? 1 : cols,
      ycs: yi === 0 ? 0 : 1,
    };
  }
  return null;
}

/** Over dims [from, to) of size > 1: 1 if the operand has them all, 0 if none, −1 if some, 2 if there are none. */
function had(shape: readonly number[], dims: readonly number[], from: number, to: number): number {
  let seen = 2;
  for (let d = from; d < to; d++) {
    if (shape[d] === 1) continue;
    const h = dims[d] === shape[d] ? 1 : 0;
    if (seen === 2) seen = h;
    else if (seen !== h) return -1;
  }
  return seen;
}

/** Per outer dim, how far one step moves in the operand's data (0 where the operand has size 1 there). */
function blockStrides(dims: readonly number[], inner: number): number[] {
  return stridesOf(dims)
    .slice(0, inner)
    .map((s, d) => (dims[d] === 1 ? 0 : s));
}

/** The operand's values repeated out to `shape` (the expand op's forward, without recording an op). */
function expandData(t: Tensor, shape: readonly number[]): FloatData {
  return expandOp.forward([t], { shape: [...shape] }).out.data as FloatData;
}

/** Rounds an intermediate result the way a float32 kernel would. */
export function roundFor(x: Tensor): (v: number) => number {
  return x.dtype === 'float32' ? Math.fround : (v: number) => v;
}

/**
 * A loop from a per-element function, for rare ops where the function reads more clearly than a loop (gelu):
 * each call site makes its own closure, but the call inside stays megamorphic, so hot ops write their loops.
 */
export const eachUnary =
  (f: (v: number) => number): UnaryLoop =>
  (x, out) => {
    for (let i = 0; i < out.length; i++) out[i] = f(x[i]);
  };

/** eachUnary for two operands. */
export const eachBinary =
  (f: (a: number, b: number) => number): BinaryLoop =>
  (x, y, out) => {
    for (let i = 0; i < out.length; i++) out[i] = f(x[i], y[i]);
  };
