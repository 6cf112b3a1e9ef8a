/**
 * Work on tensor data that carries no gradient, so it is plain functions rather than ops of the graph:
 * integer (and bool) arithmetic, comparisons, allclose, and the copies behind in-place writes.
 */
import type { Dtype } from '../graph/types';
import { oneHot, sqrt } from '../ops';
import { varianceOfAll } from '../ops/reduce';
import type { Binding } from '../ops/op';
import { TensorError } from '../tensor/errors';
import { broadcastMismatch, broadcastShapes, numel, sameShape, stridesOf, type Shape } from '../tensor/shape';
import { fma64, fmaF32 } from '../tensor/fma';
import { allocFloat, castTo, Tensor } from '../tensor/tensor';

export type IntOp = 'add' | 'sub' | 'mul' | 'floordiv' | 'mod' | 'and' | 'or' | 'xor';
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

const COMPARE: Record<CompareOp, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
};

const INT: Record<IntOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => Math.imul(a, b),
  floordiv: (a, b) => {
    if (b === 0) throw new TensorError('floor_divide', 'ZeroDivisionError');
    return Math.floor(a / b);
  },
  mod: (a, b) => {
    if (b === 0) throw new TensorError('remainder', 'ZeroDivisionError');
    return ((a % b) + b) % b;
  },
  // bitwise, on the two's complement integers the storage holds
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
};

type Operand = Tensor | number;

/** Reads operand values at every index of the broadcast shape. */
function broadcastReader(x: Operand, shape: Shape): (i: number) => number {
  if (typeof x === 'number') return () => x;
  const lead = shape.length - x.shape.length;
  const src = stridesOf(x.shape);
  const out = stridesOf(shape);
  const data = x.data;
  if (numel(x.shape) === numel(shape)) return (i) => data[i];
  return (i) => {
    let rem = i;
    let off = 0;
    for (let d = 0; d < shape.length; d++) {
      const q = Math.floor(rem / out[d]);
      rem -= q * out[d];
      const sd = d - lead;
      if (sd >= 0 && x.shape[sd] !== 1) off += q * src[sd];
    }
    return data[off];
  };
}

function common(op: string, a: Operand, b: Operand): number[] {
  const sa = typeof a === 'number' ? [] : a.shape;
  const sb = typeof b === 'number' ? [] : b.shape;
  const r = broadcastShapes(sa, sb);
  if ('mismatchDim' in r) {
    throw new TensorError(op, broadcastMismatch(r));
  }
  return r.shape;
}

/** a <op> b elementwise with broadcasting; the result is a 0/1 integer tensor (Python shows it as bool). */
export function compare(op: CompareOp, a: Operand, b: Operand): Tensor {
  const shape = common(op, a, b);
  const ra = broadcastReader(a, shape);
  const rb = broadcastReader(b, shape);
  const f = COMPARE[op];
  const out = new Int32Array(numel(shape));
  for (let i = 0; i < out.length; i++) out[i] = f(ra(i), rb(i)) ? 1 : 0;
  return new Tensor(shape, out, 'int64');
}

/** Integer arithmetic with broadcasting (both operands integer tensors or Python ints). */
export function intArith(op: IntOp, a: Operand, b: Operand): Tensor {
  const shape = common(op, a, b);
  const ra = broadcastReader(a, shape);
  const rb = broadcastReader(b, shape);
  const f = INT[op];
  const out = new Int32Array(numel(shape));
  for (let i = 0; i < out.length; i++) out[i] = f(ra(i), rb(i));
  return new Tensor(shape, out, 'int64');
}

/** Copies src into dst (broadcasting src to dst's shape, converting to dst's dtype): in-place writes. */
export function assignInto(dst: Tensor, src: Operand, offsets?: Int32Array): void {
  if (!offsets && typeof src !== 'number' && sameShape(src.shape, dst.shape)) {
    // Element for element: a typed array's set converts as the loop below does (rounding, truncation to ints).
    dst.data.set(src.data);
    return;
  }
  const n = offsets ? offsets.length : dst.size;
  const shape = offsets ? [n] : dst.shape;
  let read: (i: number) => number;
  if (typeof src !== 'number' && offsets && src.size === n) read = (i) => src.data[i];
  else {
    if (typeof src !== 'number' && offsets && src.size !== 1) {
      throw new TensorError(
        'index_put',
        `shape mismatch: value tensor of shape [${src.shape.join(', ')}] cannot be broadcast to indexing result of ${n} elements`,
      );
    }
    if (typeof src !== 'number' && !offsets) common('copy_', dst, src);
    read = typeof src !== 'number' && offsets ? () => src.data[0] : broadcastReader(src, shape);
  }
  const data = dst.data;
  const int = data instanceof Int32Array;
  for (let i = 0; i < n; i++) {
    const v = read(i);
    data[offsets ? offsets[i] : i] = int ? Math.trunc(v) : v;
  }
}

/** torch.allclose(a, b, rtol, atol): |a − b| ≤ atol + rtol·|b| everywhere (broadcasting); NaN is never close, inf only to itself. */
export function allclose(a: Tensor, b: Tensor, rtol: number, atol: number): boolean {
  const shape = common('allclose', a, b);
  const ra = broadcastReader(a, shape);
  const rb = broadcastReader(b, shape);
  const round = a.dtype === 'float32' && b.dtype === 'float32' ? Math.fround : (v: number) => v;
  for (let i = 0; i < numel(shape); i++) {
    const x = ra(i);
    const y = rb(i);
    if (x === y) continue;
    // An infinity is close only to itself (caught above), as torch.isclose: |1 − inf| ≤ rtol·inf must not pass.
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    if (!(Math.abs(round(x - y)) <= atol + rtol * Math.abs(y))) return false;
  }
  return true;
}

/**
 * a·b + c elementwise with one rounding (b a tensor of a's shape, or a number): PyTorch's `add(other, alpha=)`,
 * `sub_` and `addcmul_` kernels fuse their multiply into the add. Float tensors of one dtype and shape only.
 */
export function fusedMultiplyAdd(a: Tensor, b: Operand, c: Tensor): Tensor {
  if (!sameShape(a.shape, c.shape) || (typeof b !== 'number' && !sameShape(b.shape, c.shape)))
    throw new TensorError('fma', 'operands of one shape expected');
  const single = c.dtype === 'float32';
  const fma = single ? fmaF32 : fma64;
  const x = a.floats('fma');
  const y = typeof b === 'number' ? null : b.floats('fma');
  const k = typeof b === 'number' ? (single ? Math.fround(b) : b) : 0;
  const z = c.floats('fma');
  const out = allocFloat(c.dtype, z.length);
  for (let i = 0; i < z.length; i++) out[i] = fma(x[i], y ? y[i] : k, z[i]);
  return new Tensor(c.shape, out, c.dtype);
}

/** Python's dtype names by the core storage that holds them: every integer dtype and bool in int64's. */
const DTYPES: Record<string, Dtype> = {
  float32: 'float32',
  float64: 'float64',
  int64: 'int64',
  int32: 'int64',
  int16: 'int64',
  int8: 'int64',
  bool: 'int64',
};

/** The core dtype that stores a Python dtype name; undefined for one the core has no storage for. */
export const coreDtype = (name: string): Dtype | undefined => DTYPES[name];

function castDtype(name: string): Dtype {
  const d = coreDtype(name);
  if (!d) throw new TensorError('cast', `dtype ${name} is not supported`);
  return d;
}

/** The integer dtypes narrower than their int64 storage, by width: their values wrap as PyTorch's do. */
const NARROW_BITS: Record<string, number> = { int8: 8, int16: 16 };

/** t (a fresh copy) with every value wrapped to dtype's width in two's complement (300 as int8 is 44). */
function wrapNarrow(t: Tensor, dtype: string): Tensor {
  const bits = NARROW_BITS[dtype];
  if (bits === undefined) return t;
  const shift = 32 - bits;
  const d = t.data as Int32Array;
  for (let i = 0; i < d.length; i++) d[i] = (d[i] << shift) >> shift;
  return t;
}

/** Python's entry points to the work above, beside the registry's ops in the bridge's table (`core.op(key, …)`). */
export const DATA_BINDINGS: Record<string, Binding> = {
  one_hot: (io, x: number, n: number) => oneHot(io.tensor(x), n),
  int_arith: (io, op: IntOp, a: number, aIsTensor: boolean, b: number, bIsTensor: boolean) =>
    intArith(op, aIsTensor ? io.tensor(a) : a, bIsTensor ? io.tensor(b) : b),
  compare: (io, op: CompareOp, a: number, aIsTensor: boolean, b: number, bIsTensor: boolean) =>
    compare(op, aIsTensor ? io.tensor(a) : a, bIsTensor ? io.tensor(b) : b),
  cast: (io, a: number, dtype: string) => wrapNarrow(castTo(io.tensor(a), castDtype(dtype)), dtype),
  fma: (io, a: number, b: number, bIsTensor: boolean, c: number) =>
    fusedMultiplyAdd(io.tensor(a), bIsTensor ? io.tensor(b) : b, io.tensor(c)),
  /** x.var() / x.std() over every element where autograd does not see it (part 3's update ratios, 38 a step). */
  var_all: (io, a: number, unbiased: boolean, root: boolean) => {
    const v = varianceOfAll(io.tensor(a), unbiased);
    return root ? sqrt(v) : v;
  },
  detach: (io, a: number) => {
    const t = io.tensor(a);
    return new Tensor(t.shape, t.data, t.dtype);
  },
};
