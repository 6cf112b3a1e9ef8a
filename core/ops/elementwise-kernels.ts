/**
 * Elementwise kernels on raw data. Results are computed in float64 and stored into the output's typed
 * array, which rounds once to float32 — the correctly rounded float32 result for + − × ÷ and √.
 *
 * Each op hands in its own whole-array loop rather than a per-element callback: a callback called from one
 * loop shared by every op is megamorphic, so V8 can neither inline it nor keep the values unboxed (about
 * 30× slower per element). A loop written once per op compiles to a tight loop over one typed-array type.
 */
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
  const out = allocFloat(x.dtype, src.length);
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
  const out = allocFloat(dtype, x.length);
  loop(x, y, out);
  return new Tensor(a.shape, out, dtype);
}

/** mapBinary for a loop over spans: the whole of both operands, of one shape. */
export function mapSpan(op: string, a: Tensor, b: Tensor, loop: SpanLoop): Tensor {
  return mapBinary(op, a, b, (x, y, out) => loop(x, y, out, 0, 0, 0, out.length));
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
export function mapBroadcast(op: string, a: Tensor, b: Tensor, shape: readonly number[], loop: SpanLoop): Tensor {
  const x = a.floats(op);
  const y = b.floats(op);
  const dtype = promoteFloat(a, b);
  const out = allocFloat(dtype, numel(shape));
  const r = shape.length;
  const da = [...new Array<number>(r - a.shape.length).fill(1), ...a.shape];
  const db = [...new Array<number>(r - b.shape.length).fill(1), ...b.shape];
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
