/**
 * The float32 fused multiply-add a·b + c computed exactly in BigInt and rounded once (to nearest, ties to even):
 * an implementation independent of core/tensor/fma.ts, to check it and the WebAssembly emulation against.
 */
import { rng } from '../../helpers/rng';

const f = Math.fround;
const view = new DataView(new ArrayBuffer(4));

/** A finite float32 as m · 2^e with m a signed BigInt. */
function decompose(v: number): { m: bigint; e: number } {
  view.setFloat32(0, v);
  const bits = view.getUint32(0);
  const field = (bits >>> 23) & 0xff;
  const frac = bits & 0x7fffff;
  const m = BigInt(field === 0 ? frac : frac | 0x800000);
  return { m: bits >>> 31 ? -m : m, e: (field === 0 ? 1 : field) - 150 };
}

const bitLength = (n: bigint): number => n.toString(2).length;

export function exactFmaF32(a: number, b: number, c: number): number {
  if (![a, b, c].every(Number.isFinite)) return Math.fround(a * b + c);
  const p = decompose(a);
  const q = decompose(b);
  const r = decompose(c);
  const pe = p.e + q.e;
  const e = Math.min(pe, r.e);
  const s = ((p.m * q.m) << BigInt(pe - e)) + (r.m << BigInt(r.e - e));
  // An exact zero is −0 only when both the product and c are −0 (or negative zero-valued), as IEEE 754 says.
  if (s === 0n) return Object.is(Math.fround(a * b), -0) && Object.is(c, -0) ? -0 : 0;
  const negative = s < 0n;
  const mag = negative ? -s : s;
  const top = bitLength(mag) - 1 + e; // the value is in [2^top, 2^(top+1))
  const ulp = Math.max(top - 23, -149);
  let value: number;
  if (ulp <= e) value = Number(mag) * 2 ** e;
  else {
    const shift = BigInt(ulp - e);
    let kept = mag >> shift;
    const rest = mag - (kept << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
    value = Number(kept) * 2 ** ulp;
  }
  return Math.fround(negative ? -value : value);
}

/** [a, b, c] triples: random magnitudes and signs, and the double-rounding traps. */
export function fmaCases(count: number, seed = 7): number[][] {
  const rnd = rng(seed);
  const signed = (v: number) => (rnd() < 0.5 ? -v : v);
  const cases: number[][] = [];
  for (let i = 0; i < count; i++) {
    const a = f(signed((1 + rnd()) * 2 ** Math.floor(rnd() * 60 - 30)));
    const b = f(signed((1 + rnd()) * 2 ** Math.floor(rnd() * 60 - 30)));
    const c = f(signed((1 + rnd()) * 2 ** Math.floor(rnd() * 80 - 40)));
    cases.push([a, b, c]);
    // c = M·2^k with M's last bit odd; a·b = half an ulp of c times (1 − 2^-30) (or 1 + 2^-30): a·b + c sits
    // 2^-30 of a half-ulp off the midpoint, closer than float64 can hold, so float64 rounds onto it.
    const k = Math.floor(rnd() * 200 - 100);
    const m = (Math.floor(rnd() * 2 ** 22) * 2 + 1 + 2 ** 23) * 2 ** (k - 23);
    const u = 2 ** -15;
    const sign = rnd() < 0.5 ? -1 : 1;
    cases.push([f(sign * 2 ** (k - 24) * (1 + u)), f(rnd() < 0.5 ? 1 - u : 1 + u), f(sign * m)]);
  }
  // Subnormal results, zeros and signed zeros.
  cases.push(
    [2 ** -75, 2 ** -75, 2 ** -149],
    [2 ** -100, -(2 ** -49), 2 ** -149],
    [0, -1, -0],
    [-0, 1, -0],
    [1, 1, -1],
  );
  return cases;
}
