/**
 * Elementwise kernels on raw data. Results are computed in float64 and stored into the output's typed
 * array, which rounds once to float32 — the correctly rounded float32 result for + − × ÷ and √.
 */
import { TensorError } from '../tensor/errors';
import { sameShape } from '../tensor/shape';
import { allocFloat, promoteFloat, Tensor } from '../tensor/tensor';

export function mapUnary(op: string, x: Tensor, f: (v: number) => number): Tensor {
  const src = x.floats(op);
  const out = allocFloat(x.dtype, src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return new Tensor(x.shape, out, x.dtype);
}

export function mapBinary(op: string, a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  if (!sameShape(a.shape, b.shape)) {
    throw new TensorError(op, `operands must be expanded first: [${a.shape.join(', ')}] vs [${b.shape.join(', ')}]`);
  }
  const x = a.floats(op);
  const y = b.floats(op);
  const dtype = promoteFloat(a, b);
  const out = allocFloat(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i], y[i]);
  return new Tensor(a.shape, out, dtype);
}

/** A Python scalar as the tensor sees it: PyTorch casts it to float32 for float32 tensors. */
export function scalarFor(x: Tensor, s: number): number {
  return x.dtype === 'float32' ? Math.fround(s) : s;
}

/** Rounds an intermediate result the way a float32 kernel would. */
export function roundFor(x: Tensor): (v: number) => number {
  return x.dtype === 'float32' ? Math.fround : (v: number) => v;
}
