/**
 * CPython 3's `random` module, as far as the lecture uses it: `random.seed(42)` with an int and
 * `random.shuffle(words)`, reproduced bit for bit (MT19937 seeded by init_by_array, getrandbits-based
 * rejection sampling in _randbelow).
 */
import { MersenneTwister } from './mersenne-twister';

export class PythonRandom {
  private readonly mt = new MersenneTwister();

  constructor(seed: number | bigint) {
    this.seed(seed);
  }

  /** random.seed(n) for an int n: the absolute value, as 32-bit words, least significant first. */
  seed(n: number | bigint): void {
    let v = BigInt(n);
    if (v < 0n) v = -v;
    const key: number[] = [];
    do {
      key.push(Number(v & 0xffffffffn));
      v >>= 32n;
    } while (v > 0n);
    this.mt.initByArray(key);
  }

  /** random.getrandbits(k) for 0 < k ≤ 32. */
  getrandbits(k: number): number {
    if (k <= 0 || k > 32) throw new RangeError(`getrandbits supports 1..32 bits here, got ${k}`);
    return this.mt.nextUint32() >>> (32 - k);
  }

  /** random.random(): 53 random bits as a float in [0, 1). */
  random(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** random._randbelow(n): rejection sampling on n.bit_length() bits. */
  randbelow(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n >= 2 ** 32)
      throw new RangeError(`randbelow needs an integer 0 < n < 2^32, got ${n}`);
    const k = 32 - Math.clz32(n); // n.bit_length()
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** random.shuffle(x), in place: Fisher–Yates from the end, as CPython does. */
  shuffle<T>(x: T[]): T[] {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    return x;
  }
}
