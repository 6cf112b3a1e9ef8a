import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MersenneTwister } from '../../../core/random/mersenne-twister';
import { PythonRandom } from '../../../core/random/python-random';
import { TorchGenerator } from '../../../core/random/torch-generator';

interface RngFixture {
  torch: {
    seed: number;
    randn: { shape: number[]; data: number[] }[];
    randint: { low: number; high: number; n: number; data: number[] }[];
    multinomial: { probs: number[]; draws: number[] };
  }[];
  python: { seed: number; getrandbits: number[]; random: number[]; shuffle20: number[] }[];
}
const fx = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'rng.json'), 'utf8')) as RngFixture;

/** Distance in float32 units in the last place. */
function ulps(a: number, b: number): number {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat32(0, a);
  buf.setFloat32(4, b);
  const ia = buf.getInt32(0);
  const ib = buf.getInt32(4);
  const ord = (i: number) => (i < 0 ? -2147483648 - i : i);
  return Math.abs(ord(ia) - ord(ib));
}

describe('MT19937', () => {
  it('matches the reference output for the default seed 5489', () => {
    const mt = new MersenneTwister();
    mt.initGenrand(5489);
    // The first outputs of std::mt19937 with its default seed; the 10000th is the C++ standard's check value.
    expect([mt.nextUint32(), mt.nextUint32(), mt.nextUint32()]).toEqual([3499211612, 581869302, 3890346734]);
    for (let i = 4; i < 10000; i++) mt.nextUint32();
    expect(mt.nextUint32()).toBe(4123659995);
  });
});

describe.each(fx.python)('CPython random, seed $seed', ({ seed, getrandbits, random, shuffle20 }) => {
  it('getrandbits and random()', () => {
    const r = new PythonRandom(BigInt(seed));
    expect([...Array(5)].map(() => r.getrandbits(32))).toEqual(getrandbits.slice(0, 5));
    expect([...Array(5)].map(() => r.getrandbits(7))).toEqual(getrandbits.slice(5));
    expect([r.random(), r.random(), r.random()]).toEqual(random);
  });

  it('shuffle', () => {
    expect(new PythonRandom(BigInt(seed)).shuffle([...Array(20).keys()])).toEqual(shuffle20);
  });
});

describe.each(fx.torch)('torch.Generator().manual_seed($seed)', ({ seed, randn, randint, multinomial }) => {
  it('randn: every float within 1 ulp (over 99% identical), drawn in the same sequence', () => {
    const g = new TorchGenerator(seed);
    let worst = 0;
    let exact = 0;
    let total = 0;
    for (const { shape, data } of randn) {
      const ours = g.randn(shape);
      expect(ours.length).toBe(data.length);
      data.forEach((v, i) => {
        const d = ulps(ours[i], v);
        worst = Math.max(worst, d);
        exact += d === 0 ? 1 : 0;
        total++;
      });
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(exact / total).toBeGreaterThan(0.99);
    // The integer stream stays in step: what comes next is identical.
    for (const { low, high, n, data } of randint) expect(Array.from(g.randint(low, high, [n]))).toEqual(data);
    const draws = multinomial.draws.map(() => g.multinomial(Float32Array.from(multinomial.probs))[0]);
    expect(draws).toEqual(multinomial.draws);
  });
});

describe('bad input', () => {
  it('names the problem', () => {
    expect(() => new TorchGenerator(-1)).toThrow('seed must be a non-negative integer');
    expect(() => new TorchGenerator(1).randint(5, 5, [1])).toThrow('randint needs low < high');
    expect(() => new TorchGenerator(1).multinomial([0.5, NaN])).toThrow('probability tensor contains either inf, nan or element < 0');
  });
});
