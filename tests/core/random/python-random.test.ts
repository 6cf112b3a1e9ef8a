import { describe, expect, it } from 'vitest';
import { PythonRandom } from '../../../core/random/python-random';
import { rng } from './rng-fixture';

describe.each(rng.python)('CPython random.Random($seed)', (c) => {
  const seed = BigInt(c.seed);

  it('getrandbits(32), (7), (1) and random() continue one stream', () => {
    const r = new PythonRandom(seed);
    expect([...Array(5)].map(() => r.getrandbits(32))).toEqual(c.getrandbits32);
    expect([...Array(5)].map(() => r.getrandbits(7))).toEqual(c.getrandbits7);
    expect([...Array(5)].map(() => r.getrandbits(1))).toEqual(c.getrandbits1);
    expect([r.random(), r.random(), r.random()]).toEqual(c.random);
    for (const [n, draws] of Object.entries(c.randbelow))
      expect([...Array(5)].map(() => r.randbelow(Number(n)))).toEqual(draws);
  });

  it('shuffle', () => {
    expect(new PythonRandom(seed).shuffle([...Array(20).keys()])).toEqual(c.shuffle20);
  });
});

describe('PythonRandom', () => {
  it('seeds with |n|, like CPython', () => {
    expect(new PythonRandom(-42).random()).toBe(new PythonRandom(42).random());
  });

  it('rejects what it does not implement', () => {
    expect(() => new PythonRandom(1).getrandbits(33)).toThrow('getrandbits supports 1..32 bits');
    expect(() => new PythonRandom(1).randbelow(0)).toThrow('randbelow needs an integer 0 < n < 2^32');
  });
});
