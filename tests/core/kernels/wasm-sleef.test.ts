/**
 * core/kernels/wasm-sleef.ts's loader: every length (the kernels run whole steps of 16 floats, the loader pads with
 * zeros and keeps only what was asked for) and every kernel give the scalar replay's bits, refused and listed
 * groups included.
 */
import { describe, expect, it } from 'vitest';
import { sleefMap } from '../../../core/kernels/wasm-sleef';
import { expF32, logF32, tanhF32 } from '../../../core/ops/float32-math';
import { rng } from '../../helpers/rng';

const rand = rng(5);
// tanh: |x| below 2^-8 (refused by the shortcut), below 2^-24 (listed), around 1 and saturated
const tanhInputs = Array.from({ length: 64 }, (_, i) => [1e-9, 3e-3, 0.7, -2.5, 9, -0][i % 6] * (1 + rand()));
const cases = [
  ['tanh_sleef', tanhF32, tanhInputs],
  ['exp_sleef', expF32, Array.from({ length: 64 }, () => (rand() - 0.5) * 30)],
  ['log_sleef', logF32, Array.from({ length: 64 }, () => rand() * 4)],
] as const;

describe('sleefMap', () => {
  it.each(cases)('%s gives the scalar bits at every length from 0 to 40', (kernel, scalar, values) => {
    for (let n = 0; n <= 40; n++) {
      const xs = Float32Array.from(values.slice(0, n));
      const ys = new Float32Array(n).fill(NaN);
      expect(sleefMap(kernel, xs, ys, scalar), 'WebAssembly SIMD is available').toBe(true);
      const expected = new Uint32Array(xs.map(scalar).buffer);
      expect([...new Uint32Array(ys.buffer)], `n = ${n}`).toEqual([...expected]);
    }
  });

  it.each(cases)('%s may write over its input (listed groups read the input first)', (kernel, scalar, values) => {
    const xs = Float32Array.from(values.slice(0, 37));
    const expected = new Uint32Array(xs.map(scalar).buffer);
    expect(sleefMap(kernel, xs, xs, scalar)).toBe(true);
    expect([...new Uint32Array(xs.buffer)]).toEqual([...expected]);
  });
});
