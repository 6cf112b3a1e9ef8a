/**
 * Float32 log, sin and cos exactly as PyTorch 1.13's AVX2 `normal_fill` computes them: the cephes-derived
 * polynomials of avx_mathfun.h, with one float32 rounding per instruction. GCC contracts some of the
 * header's multiply/add pairs into FMA instructions and not others; the pairing below follows the
 * disassembly of the AVX2 kernel in libtorch_cpu.so 1.13 (Debian's build), so randn lands on torch's bits.
 */
import { fmaF32 } from '../tensor/fma';

const f = Math.fround;

const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f);
// eslint-disable-next-line no-loss-of-precision -- avx_mathfun.h's constant, digit for digit
const SQRTHF = f(0.707106781186547524);
const LOG_Q1 = f(-2.1219444e-4);
const LOG_Q2 = f(0.693359375);

const view = new DataView(new ArrayBuffer(4));

/** log(x) for float32 x in the normal range, as log256_ps (callers pass 1 − u with u in [0, 1)). */
export function logF32(x: number): number {
  view.setFloat32(0, x);
  const bits = view.getUint32(0);
  let e = f(((bits >>> 23) & 0xff) - 0x7f);
  // Mantissa in [0.5, 1): keep the fraction bits, take the exponent of 0.5.
  view.setUint32(0, (bits & ~0x7f800000) | 0x3f000000);
  let m = view.getFloat32(0);
  e = f(e + 1);
  const small = m < SQRTHF;
  const tmp = small ? m : 0;
  m = f(m - 1);
  if (small) e = f(e - 1);
  m = f(m + tmp);
  const eq1 = f(e * LOG_Q1); // its own vmulps, later the addend of an FMA
  const z = f(m * m);
  let y = LOG_P[0];
  for (let i = 1; i < LOG_P.length; i++) y = fmaF32(y, m, LOG_P[i]);
  y = f(y * m);
  y = fmaF32(y, z, eq1);
  y = fmaF32(-z, 0.5, y);
  m = f(m + y);
  return fmaF32(e, LOG_Q2, m);
}

const FOPI = f(1.27323954473516);
const MINUS_DP1 = f(-0.78515625);
const MINUS_DP2 = f(-2.4187564849853515625e-4);
// eslint-disable-next-line no-loss-of-precision -- avx_mathfun.h's constant, digit for digit
const MINUS_DP3 = f(-3.77489497744594108e-8);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f);

/** Writes [sin(x), cos(x)] for float32 x ≥ 0 into out, as sincos256_ps (normal_fill's θ = 2π·u is never negative). */
export function sincosF32(x: number, out: Float64Array | number[]): void {
  let j = Math.trunc(f(x * FOPI));
  j = (j + 1) & ~1;
  const y = j; // small integers are exact in float32
  const sinNegative = (j & 4) !== 0;
  const cosNegative = ((j - 2) & 4) === 0;
  const sinPolyIsSin = (j & 2) === 0;
  // Extended-precision reduction x − y·π/4 in three parts, each a fused multiply-add.
  x = fmaF32(y, MINUS_DP1, x);
  x = fmaF32(y, MINUS_DP2, x);
  x = fmaF32(y, MINUS_DP3, x);
  const z = f(x * x);
  let c = fmaF32(COS_P[0], z, COS_P[1]);
  c = fmaF32(c, z, COS_P[2]);
  c = f(c * z);
  c = fmaF32(c, z, -f(z * 0.5));
  c = f(c + 1);
  let s = fmaF32(SIN_P[0], z, SIN_P[1]);
  s = fmaF32(s, z, SIN_P[2]);
  s = f(s * z);
  s = fmaF32(s, x, x);
  const sin = sinPolyIsSin ? s : c;
  const cos = sinPolyIsSin ? c : s;
  out[0] = sinNegative ? -sin : sin;
  out[1] = cosNegative ? -cos : cos;
}
