/**
 * tanhF32 against PyTorch 1.13's torch.tanh on float32 (SLEEF's tanhf8_u10, AVX2 with FMA), bit for bit:
 * tests/fixtures/float32-math/tanh.json.
 */
import { describe, expect, it } from 'vitest';
import { tanhF32 } from '../../../core/ops/float32-math';
import { fromBits, hashOutputs, randomInputs, tanhFixture } from '../../fixtures/float32-math/tanh-fixture';

const bitsOf = (v: number): number => new Uint32Array(Float32Array.of(v).buffer)[0];

describe('tanhF32 equals torch.tanh on float32, bit for bit', () => {
  it('at the edges: zeros, subnormals, saturation, where q steps, tiny and huge values, infinities, NaN', () => {
    const { x, y } = tanhFixture.values;
    const xs = fromBits(x);
    const expected = fromBits(y);
    let wrong = 0;
    xs.forEach((v, i) => {
      const got = tanhF32(v);
      const same = expected[i] !== expected[i] ? got !== got : bitsOf(got) === y[i];
      if (!same && wrong++ < 10) expect.soft(bitsOf(got).toString(16), `x = ${v}`).toBe(y[i].toString(16));
    });
    expect(wrong).toBe(0);
  });

  it(`on ${tanhFixture.random.count} random values, the first ${tanhFixture.random.explicit} one by one`, () => {
    const { seed, count, explicit, y_base64, sha256 } = tanhFixture.random;
    const xs = fromBits(randomInputs(seed, count));
    const ys = xs.map(tanhF32);
    const bytes = Buffer.from(y_base64, 'base64');
    const expected = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const got = new Uint32Array(ys.buffer, 0, explicit);
    let wrong = 0;
    for (let i = 0; i < explicit; i++) {
      if (got[i] !== expected[i] && wrong++ < 10)
        expect.soft(got[i].toString(16), `x = ${xs[i]}`).toBe(expected[i].toString(16));
    }
    expect(wrong).toBe(0);
    expect(hashOutputs(ys)).toBe(sha256);
  });
});
