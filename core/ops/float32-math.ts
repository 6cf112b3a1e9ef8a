/**
 * Float32 exp, log, tanh and GELU as PyTorch 1.13's CPU kernels compute them (Debian's build, AVX2), so that
 * `x.exp()`, `x.log()`, `torch.tanh(x)` and `F.gelu(x)` land on torch's bits rather than on the correctly rounded
 * value (exp(4) is 54.598152 in torch, 54.598148 rounded): exp is SLEEF's `Sleef_expf8_u10` (ATen's
 * `Vectorized<float>::exp`), log and tanh its `Sleef_logf8_u10` and `Sleef_tanhf8_u10` (libsleef 3.5.1, the AVX2
 * build with FMA, read from its disassembly); GELU of a float32
 * tensor of 2 or more elements runs in oneDNN's JIT eltwise kernel (Abramowitz–Stegun erf over oneDNN's own
 * exp). One float32 rounding per instruction, fused multiply-adds where those are FMAs.
 */
import { fmaF32 } from '../tensor/fma';

const f = Math.fround;
const R_LN2 = f(Math.LOG2E);
const L2U = f(0.693145751953125);
const L2L = f(1.428606765330187045e-6);
const [P0, P1, P2, P3, P4, P5] = [
  0.000198527617612853646278381, 0.00139304355252534151077271, 0.00833336077630519866943359,
  0.0416664853692054748535156, 0.166666671633720397949219, 0.5,
].map(f);
/** 2^k for k in [-100, 100], by k + 100 (exp's two scaling steps each stay in that range). */
const POW2 = Float64Array.from({ length: 201 }, (_, i) => 2 ** (i - 100));

/** SLEEF's xexpf (1.0-ULP): q = rint(d/ln 2), a two-part reduction, a degree-6 polynomial, then 2^q in two steps. */
export function expF32(x: number): number {
  const d = f(x);
  if (!(d >= -104)) return d !== d ? NaN : 0;
  if (d > 100) return Infinity;
  const q = roundHalfEven(f(d * R_LN2));
  let s = fmaF32(q, -L2U, d);
  s = fmaF32(q, -L2L, s);
  let u = fmaF32(P0, s, P1);
  u = fmaF32(u, s, P2);
  u = fmaF32(u, s, P3);
  u = fmaF32(u, s, P4);
  u = fmaF32(u, s, P5);
  u = f(1 + fmaF32(f(s * s), u, s));
  const half = q >> 1;
  return f(f(u * POW2[half + 100]) * POW2[q - half + 100]);
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && (r & 1) !== 0 ? r - 1 : r;
}

// SLEEF's double-float arithmetic ("df"): a value is hi + lo, two float32s. Each helper leaves its result in
// hi and lo (no object per call: tanh runs these on every element of a 36M-element evaluation).
let hi = 0;
let lo = 0;

/** dfadd2_vf2_vf2_vf: (xh + xl) + y, recovering the error of xh + y whichever is larger. */
function dfAdd2(xh: number, xl: number, y: number): void {
  hi = f(xh + y);
  const v = f(hi - xh);
  lo = f(f(f(xh - f(hi - v)) + f(y - v)) + xl);
}

/** dfadd2_vf2_vf2_vf2: (xh + xl) + (yh + yl). */
function dfAdd22(xh: number, xl: number, yh: number, yl: number): void {
  hi = f(xh + yh);
  const v = f(hi - xh);
  lo = f(f(f(xh - f(hi - v)) + f(yh - v)) + f(xl + yl));
}

/** dfmul_vf2_vf2_vf: (xh + xl)·y, the product's error recovered by a fused multiply-add. */
function dfMul1(xh: number, xl: number, y: number): void {
  hi = f(xh * y);
  lo = fmaF32(xl, y, fmaF32(xh, y, -hi));
}

/** dfmul_vf2_vf2_vf2: (xh + xl)·(yh + yl). */
function dfMul2(xh: number, xl: number, yh: number, yl: number): void {
  hi = f(xh * yh);
  lo = fmaF32(xh, yl, fmaF32(xl, yh, fmaF32(xh, yh, -hi)));
}

/** dfdiv_vf2_vf2_vf2: (nh + nl)/(dh + dl), from one float32 reciprocal refined by fused multiply-adds. */
function dfDiv(nh: number, nl: number, dh: number, dl: number): void {
  const t = f(1 / dh);
  hi = f(nh * t);
  const u = fmaF32(t, nh, -hi);
  const v = fmaF32(-dl, t, fmaF32(-dh, t, 1));
  lo = fmaF32(hi, v, fmaF32(nl, t, u));
}

const EXPK2_P = [0.1980960224e-3, 0.1394256484e-2, 0.8333456703e-2, 0.4166637361e-1].map(f);
// eslint-disable-next-line no-loss-of-precision -- SLEEF's constant, digit for digit
const EXPK2_C3 = f(0.166666659414234244790680580464);

/** SLEEF's expk2f: e^a as a double-float (into hi, lo) for 0 ≤ a ≤ 8.67, so q = rint(a/ln 2) ∈ [0, 13]. */
function expk2(a: number): void {
  const q = roundHalfEven(f(a * R_LN2));
  dfAdd2(a, 0, f(q * -L2U));
  dfAdd2(hi, lo, f(q * -L2L));
  const sh = hi;
  const sl = lo;
  let u = fmaF32(EXPK2_P[0], sh, EXPK2_P[1]);
  u = fmaF32(u, sh, EXPK2_P[2]);
  u = fmaF32(u, sh, EXPK2_P[3]);
  dfMul1(sh, sl, u);
  dfAdd2(hi, lo, EXPK2_C3);
  dfMul2(sh, sl, hi, lo);
  dfAdd2(hi, lo, 0.5);
  const th = hi;
  const tl = lo;
  // dfsqu_vf2_vf2(s), then times t
  hi = f(sh * sh);
  lo = fmaF32(f(sh + sh), sl, fmaF32(sh, sh, -hi));
  dfMul2(hi, lo, th, tl);
  dfAdd22(sh, sl, hi, lo);
  // dfadd_vf2_vf_vf2(1, t), then both parts times 2^q in SLEEF's two steps (exact for q this small)
  const eh = f(1 + hi);
  const el = f(f(f(1 - eh) + hi) + lo);
  const half = q >> 1;
  hi = f(f(eh * POW2[half + 100]) * POW2[q - half + 100]);
  lo = f(f(el * POW2[half + 100]) * POW2[q - half + 100]);
}

/** Above this |x| SLEEF's tanhf returns ±1 outright. */
const TANH_SATURATES = f(8.664339742);

/**
 * SLEEF's xtanhf (1.0-ULP): with d = e^|x| and r = 1/d in double-float, (d − r)/(d + r), its sign taken from x.
 * The roundings and fused multiply-adds follow Sleef_tanhf8_u10avx2's instructions one for one.
 */
export function tanhF32(x: number): number {
  const a = Math.abs(f(x));
  if (!(a <= TANH_SATURATES)) return a !== a ? NaN : x > 0 ? 1 : -1;
  expk2(a);
  const dh = hi;
  const dl = lo;
  // dfrec_vf2_vf2(d)
  const rh = f(1 / dh);
  const rl = f(rh * fmaF32(-dl, rh, fmaF32(-dh, rh, 1)));
  // dfadd_vf2_vf2_vf2(d, −r) and (d, r): d ≥ r, so the error terms are sums in this order
  const nh = f(dh - rh);
  const nl = f(f(f(f(dh - nh) - rh) + dl) - rl);
  const wh = f(dh + rh);
  const wl = f(f(f(f(dh - wh) + rh) + dl) + rl);
  dfDiv(nh, nl, wh, wl);
  const y = f(hi + lo);
  // The sign bit of x is XORed in, so tanh(−0) is −0.
  return x < 0 || Object.is(x, -0) ? -y : y;
}

const LOG_LN2_HI = f(0.69314718246459960938);
const LOG_LN2_LO = f(-1.904654323148236017e-9);
const LOG_P = [0.3027294874, 0.3996108174, 0.666669488].map(f);
const FOUR_THIRDS = f(1 / 0.75);
const bits = new DataView(new ArrayBuffer(4));

/**
 * SLEEF's xlogf_u1 (1.0-ULP) as Sleef_logf8_u10avx2 runs it: x = m·2^e with m in [0.75, 1.5), then
 * e·ln 2 + 2·atanh((m − 1)/(m + 1)) in double-float, the series a degree-2 polynomial in its square.
 */
export function logF32(v: number): number {
  let d = f(v);
  if (d === Infinity) return Infinity;
  if (!(d >= 0)) return NaN;
  if (d === 0) return -Infinity;
  const subnormal = d < 1.1754943508222875e-38;
  if (subnormal) d = f(d * 2 ** 64);
  bits.setFloat32(0, f(d * FOUR_THIRDS));
  const biased = (bits.getUint32(0) >>> 23) & 0xff;
  // m = d·2^-(biased − 127), by subtracting from the exponent field
  bits.setFloat32(0, d);
  bits.setUint32(0, (bits.getUint32(0) - (biased << 23) + 0x3f800000) >>> 0);
  const m = bits.getFloat32(0);
  const e = biased - (subnormal ? 191 : 127);
  // s = (ln 2)·e as a double-float (dfmul_vf2_vf2_vf)
  const sh = f(LOG_LN2_HI * e);
  const sl = fmaF32(LOG_LN2_LO, e, fmaF32(LOG_LN2_HI, e, -sh));
  // (m − 1)/(m + 1): dfadd2_vf2_vf_vf(∓1, m) each, then dfdiv
  const nh = f(m - 1);
  let v1 = f(nh + 1);
  const nl = f(f(-1 - f(nh - v1)) + f(m - v1));
  const wh = f(m + 1);
  v1 = f(wh - 1);
  const wl = f(f(1 - f(wh - v1)) + f(m - v1));
  dfDiv(nh, nl, wh, wl);
  const xh = hi;
  const xl = lo;
  const x2 = f(xh * xh);
  let t = fmaF32(LOG_P[0], x2, LOG_P[1]);
  t = fmaF32(x2, t, LOG_P[2]);
  // s + 2x (dfadd_vf2_vf2_vf2), then + x³·t (dfadd_vf2_vf2_vf)
  const ah = f(sh + f(xh + xh));
  const al = f(f(f(f(sh - ah) + f(xh + xh)) + sl) + f(xl + xl));
  const y = f(f(x2 * xh) * t);
  const bh = f(ah + y);
  return f(bh + f(f(f(ah - bh) + y) + al));
}

/**
 * erf in float64, to well under a float32 ulp (what the scalar tail of a float32 kernel, glibc's erff, gives once
 * rounded): its Taylor series near 0, and erfc's continued fraction (Lentz) further out.
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (Number.isNaN(x)) return NaN;
  if (a < 2.5) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= -x2 / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (a > 6) return Math.sign(x);
  // erfc(a) = exp(−a²)/√π · 1/(a + 1/2/(a + 1/(a + 3/2/(a + …))))
  const tiny = 1e-300;
  let fr = a;
  let c = a;
  let dd = 0;
  for (let n = 1; n < 300; n++) {
    const an = n / 2;
    dd = a + an * dd;
    dd = dd === 0 ? tiny : 1 / dd;
    c = a + an / c;
    if (c === 0) c = tiny;
    const delta = c * dd;
    fr *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / fr;
  return Math.sign(x) * (1 - erfc);
}

const hex = (bits: number): number => {
  const v = new DataView(new ArrayBuffer(4));
  v.setUint32(0, bits);
  return v.getFloat32(0);
};
// oneDNN's jit_uni_eltwise_injector tables.
const EXP_POL = [0x3f7ffffb, 0x3efffee3, 0x3e2aad40, 0x3d2b9d0d, 0x3c07cfce].map(hex);
const LN2 = hex(0x3f317218);
const LOG2E = hex(0x3fb8aa3b);
const LN_FLT_MAX = hex(0x42b17218);
const LN_FLT_MIN = hex(0xc2aeac50);
const SQRT1_2 = f(Math.SQRT1_2);
const ERF_P = f(0.3275911);
const ERF_POL = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429].map(f);
const ONE_OVER_SQRT_PI = f(1 / Math.sqrt(Math.PI));

/** oneDNN's exp_compute_vector_fwd: n = floor(x·log2 e + ½), a degree-5 polynomial of x − n·ln 2, times 2^n. */
function expOneDnn(x: number): number {
  const under = x < LN_FLT_MIN;
  x = Math.max(Math.min(x, LN_FLT_MAX), LN_FLT_MIN);
  const n = Math.floor(f(f(x * LOG2E) + 0.5));
  const r = fmaF32(-n, LN2, x);
  let p = EXP_POL[4];
  for (let i = 3; i >= 0; i--) p = fmaF32(p, r, EXP_POL[i]);
  p = fmaF32(p, r, 1);
  return under ? 0 : f(f(p * 2 ** (n - 1)) * 2);
}

/** erf(s/√2) as oneDNN's GELU computes it: sign · (1 − r(t)·t·exp(−x²)), t = 1/(1 + p|x|), x = s/√2. */
function erfOneDnn(s: number): { x: number; erf: number } {
  const x = f(s * SQRT1_2);
  const t = f(1 / fmaF32(ERF_P, Math.abs(x), 1));
  const et = f(-expOneDnn(-f(x * x)) * t);
  let r = ERF_POL[4];
  for (let i = 3; i >= 0; i--) r = fmaF32(r, t, ERF_POL[i]);
  const erf = fmaF32(et, r, 1);
  return { x, erf: x < 0 ? -erf : erf };
}

/** GELU(s) = ½s·(1 + erf(s/√2)), as oneDNN's gelu_erf forward: S + S·erf with S = ½s. */
export function geluF32(s: number): number {
  const { erf } = erfOneDnn(s);
  const half = f(s * 0.5);
  return fmaF32(erf, half, half);
}

/** dGELU/ds = Φ(s) + s·φ(s), as oneDNN's gelu_erf backward: ½ + x·exp(−x²)/√π + ½·erf(x), x = s/√2. */
export function geluGradF32(s: number): number {
  const { x, erf } = erfOneDnn(s);
  const t = f(f(x * ONE_OVER_SQRT_PI) * expOneDnn(-f(x * x)));
  return fmaF32(erf, 0.5, f(t + 0.5));
}
