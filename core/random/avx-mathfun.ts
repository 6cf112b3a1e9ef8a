/**
 * Float32 log, sin and cos computed the way PyTorch's AVX2 normal_fill computes them (the cephes-derived
 * polynomials of avx_mathfun.h), one float32 rounding per operation, so our randn lands on PyTorch's floats.
 * `fma` says whether the compiler fused a multiply with the following add (PyTorch's AVX2 build may).
 */
const f = Math.fround;

/** The float32 fused multiply-add a·b + c, rounded once (a·b is exact in float64 for float32 inputs). */
const fmaF = (a: number, b: number, c: number) => f(a * b + c);

const LOG_P = [7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1].map(f);
const SQRTHF = f(0.707106781186547524);
const LOG_Q1 = f(-2.12194440e-4);
const LOG_Q2 = f(0.693359375);

const view = new DataView(new ArrayBuffer(4));

/** log(x) for float32 x > 0 (normal range), as log256_ps. */
export function logF32(x: number, fma: boolean): number {
  const madd = fma ? fmaF : (a: number, b: number, c: number) => f(f(a * b) + c);
  view.setFloat32(0, x);
  const bits = view.getUint32(0);
  let e = f(((bits >>> 23) & 0xff) - 0x7f);
  // Mantissa in [0.5, 1): keep the fraction bits, exponent of 0.5.
  view.setUint32(0, (bits & ~0x7f800000) | 0x3f000000);
  let m = view.getFloat32(0);
  e = f(e + 1);
  const small = m < SQRTHF;
  const tmp = small ? m : 0;
  m = f(m - 1);
  e = f(e - (small ? 1 : 0));
  m = f(m + tmp);
  const z = f(m * m);
  let y = LOG_P[0];
  for (let i = 1; i < LOG_P.length; i++) y = madd(y, m, LOG_P[i]);
  y = f(y * m);
  y = f(y * z);
  y = madd(e, LOG_Q1, y);
  y = fma ? fmaF(z, f(-0.5), y) : f(y - f(z * 0.5));
  m = f(m + y);
  return madd(e, LOG_Q2, m);
}

const FOPI = f(1.27323954473516);
const DP1 = f(-0.78515625);
const DP2 = f(-2.4187564849853515625e-4);
const DP3 = f(-3.77489497744594108e-8);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f);

/** [sin(x), cos(x)] for float32 x, as sincos256_ps. */
export function sincosF32(xIn: number, fma: boolean): [number, number] {
  const madd = fma ? fmaF : (a: number, b: number, c: number) => f(f(a * b) + c);
  const negative = xIn < 0 || Object.is(xIn, -0);
  let x = Math.abs(xIn);
  let j = Math.trunc(f(x * FOPI));
  j = (j + 1) & ~1;
  const y = f(j);
  const signSin = ((j & 4) !== 0) !== negative;
  const polyMask = (j & 2) === 0;
  // Extended-precision reduction: x = ((x − y·DP1) − y·DP2) − y·DP3.
  x = madd(y, DP1, x);
  x = madd(y, DP2, x);
  x = madd(y, DP3, x);
  const signCos = ((j - 2) & 4) === 0;
  const z = f(x * x);
  let c = COS_P[0];
  c = madd(c, z, COS_P[1]);
  c = madd(c, z, COS_P[2]);
  c = f(c * z);
  c = f(c * z);
  c = fma ? fmaF(z, f(-0.5), c) : f(c - f(z * 0.5));
  c = f(c + 1);
  let s = SIN_P[0];
  s = madd(s, z, SIN_P[1]);
  s = madd(s, z, SIN_P[2]);
  s = f(s * z);
  s = madd(s, x, x);
  const sinV = polyMask ? s : c;
  const cosV = polyMask ? c : s;
  return [signSin ? -sinV : sinV, signCos ? -cosV : cosV];
}
