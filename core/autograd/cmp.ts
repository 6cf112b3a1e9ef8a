/** The lecture's `cmp(name, dt, t)`: is the hand-derived gradient exact, approximately right, how far off? */
import { TensorError } from '../tensor/errors';
import { sameShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';

export interface CmpResult {
  exact: boolean;
  approx: boolean;
  maxdiff: number;
}

/** torch.allclose's defaults. */
export const RTOL = 1e-5;
export const ATOL = 1e-8;

/**
 * torch.allclose's test for one element, allclose(input=manual, other=autograd): |manual − autograd| ≤
 * atol + rtol·|autograd|, the difference rounded to float32 when both tensors are; NaN is never close.
 */
export function elementClose(manual: number, autograd: number, float32 = true): boolean {
  const diff = Math.abs(float32 ? Math.fround(manual - autograd) : manual - autograd);
  return diff <= ATOL + RTOL * Math.abs(autograd);
}

export function cmp(name: string, manual: Tensor, autograd: Tensor): CmpResult {
  if (!sameShape(manual.shape, autograd.shape)) {
    throw new TensorError(
      'cmp',
      `d${name} has shape [${manual.shape.join(', ')}] but ${name}.grad has [${autograd.shape.join(', ')}]`,
    );
  }
  const a = manual.data;
  const b = autograd.data;
  const float32 = manual.dtype === 'float32' && autograd.dtype === 'float32';
  const round = float32 ? Math.fround : (v: number) => v;
  let exact = true;
  let approx = true;
  let maxdiff = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) exact = false;
    const diff = Math.abs(round(a[i] - b[i]));
    if (!elementClose(a[i], b[i], float32)) approx = false;
    if (Number.isNaN(diff)) maxdiff = NaN;
    else if (diff > maxdiff) maxdiff = diff;
  }
  return { exact, approx, maxdiff };
}
