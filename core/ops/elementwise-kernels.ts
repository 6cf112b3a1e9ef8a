/**
 * Elementwise kernels on raw data. Results are computed in float64 and stored into the output's typed
 * array, which rounds once to float32 — the correctly rounded float32 result for + − × ÷ and √.
 *
 * Each op hands in its own whole-array loop rather than a per-element callback: a callback called from one
 * loop shared by every op is megamorphic, so V8 can neither inline it nor keep the values unboxed (about
 * 30× slower per element). A loop written once per op compiles to a tight loop over one typed-array type.
 */
import { TensorError } from '../tensor/errors';
import { sameShape } from '../tensor/shape';
import { allocFloat, type FloatData, promoteFloat, Tensor } from '../tensor/tensor';

/** `out[i] = f(x[i])` for every i, with one number of the op's (a scalar operand, an exponent) as `s`. */
export type UnaryLoop = (x: FloatData, out: FloatData, s: number) => void;
/** `out[i] = f(x[i], y[i])` for every i. */
export type BinaryLoop = (x: FloatData, y: FloatData, out: FloatData) => void;

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

/** A Python scalar as the tensor sees it: PyTorch casts it to float32 for float32 tensors. */
export function scalarFor(x: Tensor, s: number): number {
  return x.dtype === 'float32' ? Math.fround(s) : s;
}
