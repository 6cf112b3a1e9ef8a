/** Summary statistics of a flat tensor, skipping NaN/±Inf (counted separately) so one bad value never hides the rest. */

export interface TensorStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation, Bessel-corrected: what `t.std()` gives in torch (NaN for one value, as there). */
  std: number;
  nan: number;
  inf: number;
}

export function tensorStats(data: ArrayLike<number>): TensorStats {
  let n = 0,
    nan = 0,
    inf = 0,
    min = Infinity,
    max = -Infinity,
    mean = 0,
    m2 = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isNaN(v)) {
      nan++;
      continue;
    }
    if (!Number.isFinite(v)) {
      inf++;
      continue;
    }
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
    // Welford: stable for 182625 values of similar size.
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  if (n === 0) return { count: data.length, min: NaN, max: NaN, mean: NaN, std: NaN, nan, inf };
  return { count: data.length, min, max, mean, std: n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN, nan, inf };
}

/** Equal-width histogram of the finite values over [min, max]. */
export function histogram(data: ArrayLike<number>, bins: number, min: number, max: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  if (!(max >= min)) return counts;
  const width = max - min || 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.floor(((v - min) / width) * bins))]++;
  }
  return counts;
}

/** Elementwise manual − autograd, for the diff view. */
export function difference(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  if (a.length !== b.length) throw new Error(`difference: lengths ${a.length} and ${b.length} differ`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}
