/**
 * One diverging colour scale for a tensor's value, gradient and manual − autograd together, centred on 0 and
 * reaching max |x| over all three: a 1e-9 difference is then as pale as it is small next to the gradient,
 * instead of stretched to full colour by its own range.
 */
import { divergingScale, type ColorScale } from './color-scale';

export function sharedScale(layers: readonly (ArrayLike<number> | null)[]): ColorScale {
  let m = 0;
  for (const data of layers) {
    if (!data) continue;
    for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) m = Math.max(m, Math.abs(data[i]));
  }
  return divergingScale(-m, m);
}
