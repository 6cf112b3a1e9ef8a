/**
 * Backward formulas of several ops computed in one pass, with the very roundings of the ops they replace: a
 * division's two gradients and a variance's. Each was four or five elementwise ops, each with an array of its
 * own; a training step's batch norm runs both for every layer. Every intermediate is rounded where the op
 * would store it (Math.fround for float32; a float64 value is stored as computed): + − × ÷ of float32 values
 * computed in float64 and rounded once give the float32 operation's bits, so the results are those of the ops.
 * Operands of other dtypes than the gradient's are left to the ops (the callers check).
 */
import { splitAt } from './reduce-kernels';
import { allocFloat, type FloatData, Tensor } from '../tensor/tensor';

/** For a/b with a, b and g of one shape and dtype: [g / b, −g·a / (b·b)], either left out where not needed. */
export function divBackward(g: Tensor, a: Tensor, b: Tensor, needs: readonly boolean[]): (Tensor | null)[] {
  const G = g.floats('div');
  const A = a.floats('div');
  const B = b.floats('div');
  const ga = needs[0] ? allocFloat(g.dtype, G.length) : null;
  const gb = needs[1] ? allocFloat(g.dtype, G.length) : null;
  if (g.dtype === 'float32') divBackward32(G, A, B, ga, gb);
  else divBackward64(G, A, B, ga, gb);
  return [ga && new Tensor(g.shape, ga, g.dtype), gb && new Tensor(g.shape, gb, g.dtype)];
}

function divBackward32(G: FloatData, A: FloatData, B: FloatData, ga: FloatData | null, gb: FloatData | null): void {
  const f = Math.fround;
  if (ga) for (let i = 0; i < G.length; i++) ga[i] = G[i] / B[i];
  if (gb) for (let i = 0; i < G.length; i++) gb[i] = f(-G[i] * A[i]) / f(B[i] * B[i]);
}

function divBackward64(G: FloatData, A: FloatData, B: FloatData, ga: FloatData | null, gb: FloatData | null): void {
  if (ga) for (let i = 0; i < G.length; i++) ga[i] = G[i] / B[i];
  if (gb) for (let i = 0; i < G.length; i++) gb[i] = (-G[i] * A[i]) / (B[i] * B[i]);
}

/**
 * x.var(d)'s backward: g (of the reduced shape, kept dims as 1) broadcast back, times (x − mean), times
 * 2/(n − correction): `mul(mul(expand(g), x − mean), c)` with `mean` the mean op's result (kept dims as 1).
 */
export function varBackward(g: Tensor, x: Tensor, mean: Tensor, d: number, c: number): Tensor {
  const X = x.floats('var');
  const M = mean.floats('var');
  const Gr = g.floats('var');
  const out = allocFloat(x.dtype, X.length);
  const { outer, size, inner } = splitAt(x.shape, d);
  if (x.dtype === 'float32') {
    const f = Math.fround;
    const cf = f(c);
    for (let o = 0; o < outer; o++)
      for (let s = 0; s < size; s++) {
        const row = (o * size + s) * inner;
        for (let i = 0; i < inner; i++) {
          const r = o * inner + i;
          out[row + i] = f(Gr[r] * f(X[row + i] - M[r])) * cf;
        }
      }
  } else {
    for (let o = 0; o < outer; o++)
      for (let s = 0; s < size; s++) {
        const row = (o * size + s) * inner;
        for (let i = 0; i < inner; i++) {
          const r = o * inner + i;
          out[row + i] = Gr[r] * (X[row + i] - M[r]) * c;
        }
      }
  }
  return new Tensor(x.shape, out, x.dtype);
}
