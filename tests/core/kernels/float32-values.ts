/**
 * Float32 values that probe elementwise kernels: ordinary ones, every exponent from subnormal to near overflow
 * (so sums, products and quotients overflow, underflow and land on subnormals), and the specials.
 */
import { rng } from '../../helpers/rng';

export const SPECIALS = [
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  1,
  -1,
  1.401298464324817e-45, // the smallest subnormal
  -1.401298464324817e-45,
  1.1754942106924411e-38, // the largest subnormal
  1.1754943508222875e-38, // the smallest normal
  3.4028234663852886e38, // the largest float32
  -3.4028234663852886e38,
  1e-30,
  1e30,
  0.1,
  1 / 3,
].map(Math.fround);

/** n float32 values from `seed`: a third near 1, a third over every exponent, a third specials. */
export function float32Values(n: number, seed: number): Float32Array {
  const next = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const kind = Math.floor(next() * 3);
    if (kind === 0) out[i] = next() * 4 - 2;
    else if (kind === 1) out[i] = (next() < 0.5 ? -1 : 1) * (1 + next()) * 2 ** Math.floor(next() * 277 - 149);
    else out[i] = SPECIALS[Math.floor(next() * SPECIALS.length)];
  }
  return out;
}

/** Whether two float32 results agree: the same value and sign of zero, or both NaN (whose bits IEEE leaves open). */
export function sameFloat(a: number, b: number): boolean {
  return Number.isNaN(a) ? Number.isNaN(b) : Object.is(a, b);
}

/** The indices where `actual` and `expected` differ (see sameFloat), at most `limit` of them. */
export function differences(actual: ArrayLike<number>, expected: ArrayLike<number>, limit = 5): string[] {
  const out: string[] = [];
  if (actual.length !== expected.length) return [`length ${actual.length} vs ${expected.length}`];
  for (let i = 0; i < actual.length && out.length < limit; i++)
    if (!sameFloat(actual[i], expected[i])) out.push(`[${i}] ${actual[i]} vs ${expected[i]}`);
  return out;
}
