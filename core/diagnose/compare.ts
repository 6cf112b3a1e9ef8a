/** Numeric comparisons the diagnoses share: "equal up to float rounding" for tensors computed in other orders. */
type Values = ArrayLike<number>;

export function maxAbs(a: Values): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/**
 * `a` equals `b` up to the rounding of float32 sums taken in another order: every entry within 1e-4 of the
 * larger tensor's scale. Loose on purpose: it tells which formula the learner wrote, not whether it is exact.
 */
export function roughlyEqual(a: Values, b: Values): boolean {
  if (a.length !== b.length) return false;
  const tol = 1e-4 * Math.max(maxAbs(a), maxAbs(b)) + 1e-9;
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= tol)) return false;
  return true;
}

/** Σ of several same-sized arrays of values (float64). */
export function sumOf(parts: readonly Values[], size: number): Float64Array {
  const out = new Float64Array(size);
  for (const p of parts) for (let i = 0; i < size; i++) out[i] += p[i];
  return out;
}

/** The k that best fits m ≈ k·g (least squares), or null when g is all zeros. */
export function bestFactor(m: Values, g: Values): number | null {
  let mg = 0;
  let gg = 0;
  for (let i = 0; i < g.length; i++) {
    mg += m[i] * g[i];
    gg += g[i] * g[i];
  }
  return gg > 0 ? mg / gg : null;
}

export function scaled(g: Values, k: number): Float64Array {
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) out[i] = k * g[i];
  return out;
}

/** The transpose of a rows×cols matrix's values. */
export function transposed(a: Values, rows: number, cols: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
  return out;
}
