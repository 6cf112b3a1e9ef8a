/**
 * Central-difference gradient checks in float64: the third opinion beside the manual and the autograd
 * gradients. f must be a pure function of its inputs (it is re-run for every perturbed element).
 */
import { noGrad } from '../ops/op';
import { castTo, Tensor } from '../tensor/tensor';
import { backward } from './backward';

export interface GradcheckResult {
  /** Largest |analytic − numeric| over the checked elements, per input. */
  maxAbsError: number[];
  ok: boolean;
}

/** Numerical ∂f/∂x[i] by (f(x + h) − f(x − h)) / 2h, for a scalar-valued f of float64 tensors. */
function numericalGrad(f: (xs: Tensor[]) => number, xs: Tensor[], which: number, i: number, h = 1e-6): number {
  const x = xs[which].data as Float64Array;
  const orig = x[i];
  x[i] = orig + h;
  const plus = f(xs);
  x[i] = orig - h;
  const minus = f(xs);
  x[i] = orig;
  return (plus - minus) / (2 * h);
}

/**
 * Checks autograd against central differences for every element of every float input (cast to float64).
 * `f` builds a tensor from the inputs; its sum weighted by a fixed pseudo-random cotangent is the scalar.
 */
export function gradcheck(
  f: (xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  { atol = 1e-5, rtol = 1e-4, maxElements = 200 } = {},
): GradcheckResult {
  const xs = inputs.map((t) => (t.isFloat ? castTo(t, 'float64').requireGrad() : t));
  const out = f(xs);
  // A fixed cotangent so that every output element matters, not just their plain sum.
  const w = Float64Array.from({ length: out.size }, (_, k) => Math.sin(k + 1) + 1.5);
  const seed = new Tensor(out.shape, w.slice());
  backward(out, {}, seed);
  const scalar = (ys: Tensor[]) => {
    const o = noGrad(() => f(ys)).data;
    let s = 0;
    for (let k = 0; k < o.length; k++) s += o[k] * w[k];
    return s;
  };
  const maxAbsError = xs.map(() => 0);
  let ok = true;
  xs.forEach((x, which) => {
    if (!x.isFloat) return;
    const analytic = x.grad?.data ?? new Float64Array(x.size);
    const step = Math.max(1, Math.floor(x.size / maxElements));
    for (let i = 0; i < x.size; i += step) {
      const num = numericalGrad(scalar, xs, which, i);
      const err = Math.abs(analytic[i] - num);
      maxAbsError[which] = Math.max(maxAbsError[which], err);
      if (!(err <= atol + rtol * Math.abs(num))) ok = false;
    }
  });
  return { maxAbsError, ok };
}
