import { describe, expect, it } from 'vitest';
import { tanhInPlace } from '../../../core/kernels/wasm-tanh';
import { fastTanh } from '../../../core/kernels/fast-tanh';

const ULP_AT_1 = 2 ** -23;

describe('float32 tanh kernels', () => {
  const xs = Float32Array.from({ length: 4003 }, (_, i) => (i - 2001) / 200); // −10 … 10, odd length for the tail
  const exact = Array.from(xs, (x) => Math.fround(Math.tanh(x)));

  it('the WebAssembly kernel is within 4 float32 ulps of tanh (scaled to |tanh| ≥ 2^-24), tail included', () => {
    const ys = xs.slice();
    tanhInPlace(ys);
    ys.forEach((y, i) =>
      expect(Math.abs(y - exact[i]), `x = ${xs[i]}`).toBeLessThanOrEqual(
        4 * ULP_AT_1 * Math.max(Math.abs(exact[i]), 2 ** -24),
      ),
    );
  });

  it('fastTanh (the fallback) agrees as well', () => {
    xs.forEach((x, i) =>
      expect(Math.abs(Math.fround(fastTanh(x)) - exact[i])).toBeLessThanOrEqual(
        4 * ULP_AT_1 * Math.max(Math.abs(exact[i]), 2 ** -24),
      ),
    );
  });

  it('keeps NaN and saturates infinities', () => {
    const ys = Float32Array.from([NaN, Infinity, -Infinity, 0]);
    tanhInPlace(ys);
    expect(ys[0]).toBeNaN();
    expect(Math.abs(ys[1] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(ys[2] + 1)).toBeLessThan(1e-6);
    expect(ys[3]).toBe(0);
  });
});
