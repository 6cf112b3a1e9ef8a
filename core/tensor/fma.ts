/**
 * Fused multiply-adds, a·b + c rounded once, as the FMA instructions PyTorch's CPU kernels run (explicitly, or where
 * GCC fuses a multiply into an add): JavaScript has none, so they are rebuilt from exact products and sums.
 */
const f = Math.fround;

/**
 * The float32 fused multiply-add a·b + c, rounded once. a·b of float32s is exact in a double; the sum
 * is rounded to double first, which can only mislead the float32 rounding when it lands exactly on a
 * float32 midpoint (rare: checked first), so there the sum's lost remainder decides the side.
 */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const near = f(s);
  // At a midpoint the other float32 neighbour is as far on the other side.
  const other = near + 2 * (s - near);
  if (near === s || f(other) !== other) return near;
  // Knuth's TwoSum: the exact remainder of p + c.
  const pv = s - c;
  const err = p - pv + (c - (s - pv));
  return err === 0 ? near : f(s + (err > 0 ? 1 : -1) * Math.abs(s) * 2 ** -40);
}

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter

/**
 * The float64 a·b + c with one rounding: Dekker's exact product and
 * Knuth's exact sum, their parts added smallest first (exact but for a tie at the last bit, which never shows).
 */
export function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  const as = SPLIT * a - (SPLIT * a - a);
  const bs = SPLIT * b - (SPLIT * b - b);
  const pe = as * bs - p + as * (b - bs) + (a - as) * bs + (a - as) * (b - bs);
  const s = p + c;
  const v = s - p;
  const se = p - (s - v) + (c - v);
  return s + (se + pe);
}
