/**
 * tanhF32, logF32 and expF32 against PyTorch 1.13's torch.tanh, torch.log and torch.exp on float32 (SLEEF's
 * tanhf8_u10, logf8_u10 and expf8_u10, AVX2 with FMA), bit for bit: tests/fixtures/float32-math/{tanh,log,exp}.json.
 */
import { describe, expect, it } from 'vitest';
import { expF32, logF32, tanhF32 } from '../../../core/ops/float32-math';
import {
  expFixture,
  explicitOutputs,
  fromBits,
  hashOutputs,
  logFixture,
  randomInputs,
  tanhFixture,
} from '../../fixtures/float32-math/unary-fixture';

const bitsOf = (v: number): number => new Uint32Array(Float32Array.of(v).buffer)[0];

describe.each([
  ['tanh', tanhF32, tanhFixture, [] as number[]],
  // log's every float32 in [0.5, 2), and the subnormals (the scalar is too slow for more by default)
  ['log', logF32, logFixture, [0x3f, 0x00]],
  ['exp', expF32, expFixture, [] as number[]],
] as const)('%sF32 equals torch.%s on float32, bit for bit', (_name, fn, fixture, chunks) => {
  it('at the edges: zeros, subnormals, powers of two, its thresholds, infinities, NaN', () => {
    const { x, y } = fixture.values;
    const xs = fromBits(x);
    const expected = fromBits(y);
    let wrong = 0;
    xs.forEach((v, i) => {
      const got = fn(v);
      const same = expected[i] !== expected[i] ? got !== got : bitsOf(got) === y[i];
      if (!same && wrong++ < 10) expect.soft(bitsOf(got).toString(16), `x = ${v}`).toBe(y[i].toString(16));
    });
    expect(wrong).toBe(0);
  });

  it(`on ${fixture.random.count} random values, the first ${fixture.random.explicit} one by one`, () => {
    const { seed, sign_mask, count, explicit, sha256 } = fixture.random;
    const xs = fromBits(randomInputs(seed, count, sign_mask));
    const ys = xs.map(fn);
    const expected = explicitOutputs(fixture);
    const got = new Uint32Array(ys.buffer, 0, explicit);
    let wrong = 0;
    for (let i = 0; i < explicit; i++) {
      if (got[i] !== expected[i] && wrong++ < 10)
        expect.soft(got[i].toString(16), `x = ${xs[i]}`).toBe(expected[i].toString(16));
    }
    expect(wrong).toBe(0);
    expect(hashOutputs(ys)).toBe(sha256);
  });

  it.each(chunks)('on every float32 of chunk %i (hashed)', (k) => {
    const CHUNK = 1 << fixture.chunks.bits;
    const xs = new Float32Array(CHUNK);
    const bits = new Uint32Array(xs.buffer);
    for (let i = 0; i < CHUNK; i++) bits[i] = (k * CHUNK + i) >>> 0;
    expect(hashOutputs(xs.map(fn))).toBe(fixture.chunks.sha256[k]);
  });
});
