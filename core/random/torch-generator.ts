/**
 * PyTorch 1.13's CPU generator: `torch.Generator().manual_seed(s)` and the draws the lecture makes from
 * it — randn, randint, multinomial — reproducing its integer stream exactly and its floats to within an
 * ulp. (On AVX2 machines PyTorch computes normal_fill's log/sin/cos with avx_mathfun's float32
 * polynomials; avx-mathfun.ts does the same, so nearly every float is identical.)
 */
import { logF32, sincosF32 } from './avx-mathfun';
import { MersenneTwister } from './mersenne-twister';

/** PyTorch's AVX2 build fuses avx_mathfun's multiply-adds (checked against torch 1.13 in tests/core/random). */
const AVX_FMA = true;

const TWO_POW_24 = 16777216;
const TWO_POW_53 = 9007199254740992;
const f = Math.fround;

export class TorchGenerator {
  private readonly mt = new MersenneTwister();
  /** The cached second Box–Muller sample of at::normal_distribution<double> (scalar path). */
  private nextDoubleNormal: number | null = null;

  constructor(seed: number) {
    this.manualSeed(seed);
  }

  /** manual_seed(s): the engine takes the low 32 bits; cached normals are dropped. */
  manualSeed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
    this.mt.initGenrand(seed % 2 ** 32);
    this.nextDoubleNormal = null;
  }

  /** generator->random(): one 32-bit word. */
  random(): number {
    return this.mt.nextUint32();
  }

  /** A float in [0, 1) from 24 bits of one word: uniform_real_distribution<float>. */
  private uniformFloat(): number {
    return (this.mt.nextUint32() & (TWO_POW_24 - 1)) / TWO_POW_24;
  }

  /** A double in [0, 1) from 53 bits of random64(): uniform_real_distribution<double>. */
  private uniformDouble(): number {
    const hi = this.mt.nextUint32();
    const lo = this.mt.nextUint32();
    // random64() = hi << 32 | lo; keep its low 53 bits: 21 bits of hi, all of lo.
    return ((hi & 0x1fffff) * 4294967296 + lo) / TWO_POW_53;
  }

  /** at::normal_distribution<double>(0, 1), with its cached second sample. */
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

  /** torch.randn(shape, generator=g) as float32. */
  randn(shape: readonly number[]): Float32Array {
    const size = shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(size);
    if (size < 16) {
      for (let i = 0; i < size; i++) out[i] = this.normalDouble();
      return out;
    }
    // normal_fill: uniforms for every element, Box–Muller on blocks of 16 (first 8 with last 8),
    // and a tail block that re-draws the last 16 elements when size is not a multiple of 16.
    for (let i = 0; i < size; i++) out[i] = this.uniformFloat();
    for (let i = 0; i + 16 <= size; i += 16) normalFill16(out, i);
    if (size % 16 !== 0) {
      const start = size - 16;
      for (let i = 0; i < 16; i++) out[start + i] = this.uniformFloat();
      normalFill16(out, start);
    }
    return out;
  }

  /** torch.randint(low, high, shape, generator=g): `random() % range + low` per element. */
  randint(low: number, high: number, shape: readonly number[]): Int32Array {
    const range = high - low;
    if (!Number.isInteger(range) || range <= 0) throw new RangeError(`randint needs low < high, got [${low}, ${high})`);
    if (range >= 2 ** 31) throw new RangeError(`randint ranges of 2^31 or more are not supported, got ${range}`);
    const size = shape.reduce((a, b) => a * b, 1);
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) out[i] = (this.mt.nextUint32() % range) + low;
    return out;
  }

  /**
   * torch.multinomial(p, num_samples=1, generator=g) for one row of probabilities: PyTorch 1.13 draws
   * q ~ Exp(1) per entry (float64 uniforms, cast to float32) and takes argmax(p / q).
   */
  multinomial(probs: ArrayLike<number>, numSamples = 1): Int32Array {
    if (numSamples !== 1) throw new RangeError('only num_samples=1 is supported');
    const q = new Float32Array(probs.length);
    for (let i = 0; i < probs.length; i++) q[i] = -1 * Math.log(1 - this.uniformDouble());
    let best = -Infinity;
    let at = 0;
    for (let i = 0; i < probs.length; i++) {
      const p = probs[i];
      if (!(p >= 0) || p === Infinity) throw new RangeError(`probability tensor contains either inf, nan or element < 0 (index ${i}: ${p})`);
      const v = f(f(p) / q[i]);
      if (v > best) {
        best = v;
        at = i;
      }
    }
    if (!(best > 0)) throw new RangeError('invalid multinomial distribution (sum of probabilities <= 0)');
    return Int32Array.of(at);
  }
}

/** Box–Muller on 16 uniforms in place: u1 = 1 − data[j], u2 = data[j + 8]. */
function normalFill16(data: Float32Array, at: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = f(1 - data[at + j]);
    const u2 = data[at + j + 8];
    const radius = f(Math.sqrt(f(-2 * logF32(u1, AVX_FMA))));
    const theta = f(f(2 * Math.PI) * u2);
    const [sin, cos] = sincosF32(theta, AVX_FMA);
    data[at + j] = f(radius * cos);
    data[at + j + 8] = f(radius * sin);
  }
}
