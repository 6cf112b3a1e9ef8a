import { describe, expect, it } from 'vitest';
import { MersenneTwister } from '../../../core/random/mersenne-twister';

describe('MT19937', () => {
  it('init_genrand(5489): the reference stream (the C++ standard checks the 10000th output)', () => {
    const mt = new MersenneTwister();
    mt.initGenrand(5489);
    expect([mt.nextUint32(), mt.nextUint32(), mt.nextUint32()]).toEqual([3499211612, 581869302, 3890346734]);
    for (let i = 4; i < 10000; i++) mt.nextUint32();
    expect(mt.nextUint32()).toBe(4123659995);
  });

  it('an unseeded twister behaves as seeded with 5489', () => {
    const a = new MersenneTwister();
    const b = new MersenneTwister();
    b.initGenrand(5489);
    expect([a.nextUint32(), a.nextUint32()]).toEqual([b.nextUint32(), b.nextUint32()]);
  });

  it('init_by_array([0x123, 0x234, 0x345, 0x456]): the first outputs of mt19937ar.out', () => {
    const mt = new MersenneTwister();
    mt.initByArray([0x123, 0x234, 0x345, 0x456]);
    expect([...Array(5)].map(() => mt.nextUint32())).toEqual([
      1067595299, 955945823, 477289528, 4107218783, 4228976476,
    ]);
  });

  it("init_by_array([61731, 24903, 614, 42143]): CPython's test_strong_reference_implementation", () => {
    const mt = new MersenneTwister();
    mt.initByArray([61731, 24903, 614, 42143]);
    // genrand_res53 as 53-bit integers, draws 1991–2000 (CPython's Lib/test/test_random.py).
    const res53 = () => BigInt(mt.nextUint32() >>> 5) * 67108864n + BigInt(mt.nextUint32() >>> 6);
    const draws = [...Array(2000)].map(res53).slice(-10);
    expect(draws).toEqual([
      0x0eab3258d2231fn,
      0x1b89db315277a5n,
      0x1db622a5518016n,
      0x0b7f9af0d575bfn,
      0x029e4c4db82240n,
      0x04961892f5d673n,
      0x02b291598e4589n,
      0x11388382c15694n,
      0x02dad977c9e1fen,
      0x191d96d4d334c6n,
    ]);
  });
});
