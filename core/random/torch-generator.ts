/**
 * PyTorch 1.13's CPU generator, `torch.Generator().manual_seed(s)`, and the draws the lecture makes from
 * it: randn, randint, multinomial (and rand). Each consumes the MT19937 stream exactly as torch does, so
 * a sequence of calls stays in step with the same sequence in Python.
 *
 * randn has two code paths in torch, chosen by element count:
 *  - fewer than 16: at::normal_distribution<double>, a double Box–Muller whose second sample is cached in
 *    the generator for the next call (manual_seed clears it);
 *  - 16 or more: normal_fill, 24-bit float uniforms for every element, then float32 Box–Muller over
 *    blocks of 16, with the last 16 elements re-drawn when the size is not a multiple of 16. On AVX2
 *    machines torch evaluates log/sin/cos with avx_mathfun's polynomials; avx-mathfun.ts replays them.
 */
import { fma64, fmaF32 } from '../tensor/fma';
import { logF32, sincosF32 } from './avx-mathfun';
import { MersenneTwister } from './mersenne-twister';

const TWO_POW_24 = 16777216;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_PI_F32 = Math.fround(2 * Math.PI);
const f = Math.fround;

export class TorchGenerator {
  private readonly mt = new MersenneTwister();
  /** The cached second Box–Muller sample of the scalar path (torch's next_double_normal_sample). */
  private nextDoubleNormal: number | null = null;
  private readonly sincos = new Float64Array(2);

  constructor(seed: number) {
    this.manualSeed(seed);
  }

  /** manual_seed(s): torch reads s as a 64-bit two's complement integer and seeds MT19937 with its low 32 bits. */
  manualSeed(seed: number): void {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer (within ±2^53), got ${seed}`);
    this.mt.initGenrand(((seed % TWO_POW_32) + TWO_POW_32) % TWO_POW_32);
    this.nextDoubleNormal = null;
  }

  /** generator->random(): the next 32-bit word. */
  random(): number {
    return this.mt.nextUint32();
  }

  /** torch.rand(shape, generator=g): uniform_real_distribution<float>, 24 bits of one word each. */
  rand(shape: readonly number[]): Float32Array {
    const out = new Float32Array(numel(shape));
    for (let i = 0; i < out.length; i++) out[i] = this.uniformFloat();
    return out;
  }

  /** torch.randn(shape, generator=g) for float32. */
  randn(shape: readonly number[]): Float32Array {
    return this.normal(numel(shape), 0, 1, 'float32') as Float32Array;
  }

  /**
   * `t.normal_(mean, std)` of n elements (`torch.randn` is mean 0, std 1). float32 with n ≥ 16 takes
   * normal_fill's AVX2 path (mean + std·z in one fused multiply-add); float64 with n ≥ 16 the same blocks of 16
   * in double; fewer than 16 draw one double Box–Muller sample each.
   */
  normal(n: number, mean: number, std: number, dtype: 'float32' | 'float64'): Float32Array | Float64Array {
    const single = dtype === 'float32';
    const out = single ? new Float32Array(n) : new Float64Array(n);
    if (n < 16) {
      for (let i = 0; i < n; i++) out[i] = fma64(this.normalDouble(), std, mean);
      return out;
    }
    const uniform = single ? () => this.uniformFloat() : () => this.uniformDouble();
    const block = single
      ? (at: number) => this.boxMuller16(out as Float32Array, at, f(mean), f(std))
      : (at: number) => boxMuller16Double(out as Float64Array, at, mean, std);
    for (let i = 0; i < n; i++) out[i] = uniform();
    for (let i = 0; i + 16 <= n; i += 16) block(i);
    if (n % 16 !== 0) {
      // torch recomputes the tail as a whole block: the last 16 elements get fresh uniforms.
      const start = n - 16;
      for (let i = start; i < n; i++) out[i] = uniform();
      block(start);
    }
    return out;
  }

  /**
   * `t.uniform_(from, to)` of n elements: uniform_real_distribution in the tensor's dtype, 24 bits of one word
   * (float32) or 53 of two (float64), scaled as from + u·(to − from) with the float32 kernel's one fused rounding.
   */
  uniform(n: number, from: number, to: number, dtype: 'float32' | 'float64'): Float32Array | Float64Array {
    if (dtype === 'float64') {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = fma64(this.uniformDouble(), to - from, from);
      return out;
    }
    const out = new Float32Array(n);
    const lo = f(from);
    const range = f(f(to) - lo);
    for (let i = 0; i < n; i++) out[i] = fmaF32(this.uniformFloat(), range, lo);
    return out;
  }

  /** torch.randint(low, high, shape, generator=g), int64 in torch; here the values must fit an int32. */
  randint(low: number, high: number, shape: readonly number[]): Int32Array {
    return this.randintInto(low, high, new Int32Array(numel(shape)));
  }

  /** randint into a caller-owned array (training draws a batch 200,000 times); returns `out`. */
  randintInto(low: number, high: number, out: Int32Array): Int32Array {
    const range = high - low;
    if (!Number.isInteger(low) || !Number.isInteger(high) || range <= 0) {
      throw new RangeError(`randint needs integers low < high, got [${low}, ${high})`);
    }
    if (low < -(2 ** 31) || high > 2 ** 31 || range >= TWO_POW_32) {
      throw new RangeError(`randint here is limited to int32 values, got [${low}, ${high})`);
    }
    // Ranges below 2^32 take one 32-bit word per element: word % range + low.
    for (let i = 0; i < out.length; i++) out[i] = (this.mt.nextUint32() % range) + low;
    return out;
  }

  /**
   * torch.multinomial(p.view(1, -1), numSamples, replacement, generator=g)[0] for one row of weights
   * (need not sum to 1). The default is torch's, replacement=False, which is what the lecture's sampling
   * `torch.multinomial(probs, num_samples=1, generator=g)` uses. In torch 1.13 the two settings are
   * different algorithms even for one sample, so they give different draws from the same seed.
   */
  multinomial(probs: ArrayLike<number>, numSamples = 1, replacement = false): Int32Array {
    const k = probs.length;
    if (!Number.isInteger(numSamples) || numSamples <= 0)
      throw new RangeError(`cannot sample n_sample <= 0 samples (got ${numSamples})`);
    if (!replacement && numSamples > k)
      throw new RangeError(
        `cannot sample n_sample > prob_dist.size(-1) samples without replacement (${numSamples} > ${k})`,
      );
    return replacement
      ? this.multinomialByInverseCdf(probs, numSamples)
      : this.multinomialByExponentials(probs, numSamples);
  }

  /** Without replacement (Gumbel-max as exponentials): q ~ Exp(1) per entry, then the top numSamples of p / q. */
  private multinomialByExponentials(probs: ArrayLike<number>, numSamples: number): Int32Array {
    const k = probs.length;
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const p = f(probs[i]);
      if (!(p >= 0) || p === Infinity)
        throw new RangeError(`probability tensor contains either inf, nan or element < 0 (index ${i}: ${probs[i]})`);
      sum += p;
    }
    if (sum === 0) throw new RangeError('invalid multinomial distribution (sum of probabilities <= 0)');
    // exponential_ draws every q before the division: Exp(1) in double, stored as float32.
    const ratio = new Float32Array(k);
    for (let i = 0; i < k; i++) ratio[i] = -Math.log(1 - this.uniformDouble());
    for (let i = 0; i < k; i++) ratio[i] = f(probs[i]) / ratio[i];
    if (numSamples === 1) return Int32Array.of(argmax(ratio));
    // topk, largest first; NaN (0/0, probability ~2^-53 per entry) ranks above everything, as in torch.
    const order = Array.from({ length: k }, (_, i) => i);
    const key = (i: number) => (Number.isNaN(ratio[i]) ? Infinity : ratio[i]);
    order.sort((a, b) => key(b) - key(a) || a - b);
    return Int32Array.from(order.slice(0, numSamples));
  }

  /** With replacement: a float32 cumulative sum, normalised, binary-searched for one double uniform per sample. */
  private multinomialByInverseCdf(probs: ArrayLike<number>, numSamples: number): Int32Array {
    const k = probs.length;
    const cdf = new Float32Array(k);
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const p = f(probs[i]);
      if (!(p >= 0))
        throw new RangeError(
          `invalid multinomial distribution (encountering probability entry < 0) at index ${i}: ${probs[i]}`,
        );
      if (p === Infinity)
        throw new RangeError(
          `invalid multinomial distribution (encountering probability entry = infinity or NaN) at index ${i}`,
        );
      sum = f(sum + p);
      cdf[i] = sum;
    }
    if (!(sum > 0)) throw new RangeError('invalid multinomial distribution (sum of probabilities <= 0)');
    for (let i = 0; i < k; i++) cdf[i] = cdf[i] / sum;
    cdf[k - 1] = 1;
    const out = new Int32Array(numSamples);
    for (let s = 0; s < numSamples; s++) {
      const u = this.uniformDouble();
      // The first bucket whose cumulative probability is ≥ u.
      let lo = 0;
      let hi = k;
      while (hi > lo) {
        const mid = lo + ((hi - lo) >> 1);
        if (cdf[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      out[s] = lo;
    }
    return out;
  }

  /** uniform_real_distribution<float>(0, 1): the low 24 bits of one word, times 2^-24. */
  private uniformFloat(): number {
    return (this.mt.nextUint32() & (TWO_POW_24 - 1)) / TWO_POW_24;
  }

  /** uniform_real_distribution<double>(0, 1): the low 53 bits of random64() = (word1 << 32) | word2. */
  private uniformDouble(): number {
    const hi = this.mt.nextUint32();
    const lo = this.mt.nextUint32();
    return ((hi & 0x1fffff) * TWO_POW_32 + lo) / TWO_POW_53;
  }

  /** at::normal_distribution<double>(0, 1): Box–Muller, returning the cosine sample and caching the sine one. */
  private normalDouble(): number {
    if (this.nextDoubleNormal !== null) {
      const v = this.nextDoubleNormal;
      this.nextDoubleNormal = null;
      return v;
    }
    const u1 = this.uniformDouble();
    const u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** normal_fill_16_AVX2 in place: element j pairs with j + 8; u1 = 1 − data[j], θ = 2π·data[j + 8]. */
  private boxMuller16(data: Float32Array, at: number, mean: number, std: number): void {
    const sc = this.sincos;
    for (let j = at; j < at + 8; j++) {
      const radius = f(Math.sqrt(-2 * logF32(f(1 - data[j]))));
      sincosF32(f(TWO_PI_F32 * data[j + 8]), sc);
      data[j] = fmaF32(f(radius * sc[1]), std, mean);
      data[j + 8] = fmaF32(f(radius * sc[0]), std, mean);
    }
  }
}

/** normal_fill_16<double>: the same pairing as the float32 block, in double with the C library's log, cos, sin. */
function boxMuller16Double(data: Float64Array, at: number, mean: number, std: number): void {
  for (let j = at; j < at + 8; j++) {
    const radius = Math.sqrt(-2 * Math.log(1 - data[j]));
    const theta = 2 * Math.PI * data[j + 8];
    data[j] = fma64(radius * Math.cos(theta), std, mean);
    data[j + 8] = fma64(radius * Math.sin(theta), std, mean);
  }
}

/** The first index of the largest value; a NaN counts as the largest, as in torch.argmax. */
function argmax(values: Float32Array): number {
  let at = 0;
  for (let i = 1; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(values[at])) break;
    if (v > values[at] || Number.isNaN(v)) at = i;
  }
  return at;
}

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new RangeError(`shape must hold non-negative integers, got [${shape.join(', ')}]`);
    n *= d;
  }
  return n;
}
