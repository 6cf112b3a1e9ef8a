/**
 * tanh for float32 results, as a rational approximation (the odd/even polynomial pair Eigen uses for
 * float): within a few float32 ulps of Math.tanh and about three times faster, which matters because
 * training evaluates it 6,400 times a step. Only the fast training step uses it; the op-by-op engine
 * that is compared with PyTorch computes tanh as PyTorch does (sleef.wat).
 */
const CLAMP = 7.90531110763549805;
const A1 = 4.89352455891786e-3;
const A3 = 6.37261928875436e-4;
const A5 = 1.48572235717979e-5;
const A7 = 5.12229709037114e-8;
const A9 = -8.60467152213735e-11;
const A11 = 2.00018790482477e-13;
const A13 = -2.76076847742355e-16;
const B0 = 4.89352518554385e-3;
const B2 = 2.268434632439e-3;
const B4 = 1.18534705686654e-4;
const B6 = 1.19825839466702e-6;

export function fastTanh(xIn: number): number {
  // Beyond ±9 tanh rounds to ±1 in float32; NaN falls through the comparisons and stays NaN.
  if (xIn >= 9) return 1;
  if (xIn <= -9) return -1;
  const x = xIn > CLAMP ? CLAMP : xIn < -CLAMP ? -CLAMP : xIn;
  if (x > -0.0004 && x < 0.0004) return x;
  const x2 = x * x;
  const p = ((((((A13 * x2 + A11) * x2 + A9) * x2 + A7) * x2 + A5) * x2 + A3) * x2 + A1) * x;
  const q = ((B6 * x2 + B4) * x2 + B2) * x2 + B0;
  return p / q;
}
