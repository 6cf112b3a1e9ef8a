/**
 * MT19937, the 32-bit Mersenne Twister that both CPython's `random` and PyTorch's CPU generator use.
 * Only the seeding differs between them (init_genrand vs init_by_array); see python-random.ts and
 * torch-generator.ts.
 */
const N = 624;
const M = 397;

export class MersenneTwister {
  private readonly mt = new Uint32Array(N);
  private index = N + 1;

  /** Knuth's linear seeding of the state from one 32-bit word (PyTorch's manual_seed). */
  initGenrand(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i in 32-bit arithmetic, split to stay exact in doubles.
      mt[i] = (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
    this.index = N;
  }

  /** Seeding from an array of 32-bit words (CPython's random.seed). */
  initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] =
        ((mt[i] ^ (((((prev & 0xffff0000) >>> 16) * 1664525) << 16) + (prev & 0x0000ffff) * 1664525)) + key[j] + j) >>>
        0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] =
        ((mt[i] ^ (((((prev & 0xffff0000) >>> 16) * 1566083941) << 16) + (prev & 0x0000ffff) * 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.index = N;
  }

  /** The next tempered 32-bit output. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      if (this.index > N) this.initGenrand(5489);
      this.twist();
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Regenerates all N words; three loops instead of `% N` on every index. */
  private twist(): void {
    const mt = this.mt;
    let k = 0;
    for (; k < N - M; k++) mt[k] = mt[k + M] ^ mix(mt[k], mt[k + 1]);
    for (; k < N - 1; k++) mt[k] = mt[k + M - N] ^ mix(mt[k], mt[k + 1]);
    mt[N - 1] = mt[M - 1] ^ mix(mt[N - 1], mt[0]);
    this.index = 0;
  }
}

/** The twist of the top bit of one word with the low bits of the next. */
function mix(upper: number, lower: number): number {
  const y = (upper & 0x80000000) | (lower & 0x7fffffff);
  return (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
}
