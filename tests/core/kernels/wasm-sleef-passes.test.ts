/**
 * sleefMap over arrays longer than one pass through the scratch memory: every pass gives the scalar bits, groups
 * listed for the scalar replay included (tiny values, placed at the passes' borders too).
 */
import { describe, expect, it } from 'vitest';
import { sleefMap } from '../../../core/kernels/wasm-sleef';
import { expF32, tanhF32 } from '../../../core/ops/float32-math';
import { rng } from '../../helpers/rng';

describe('sleefMap in many passes', () => {
  it.each([
    ['tanh_sleef', tanhF32],
    ['exp_sleef', expF32],
  ] as const)('%s of 100,003 floats gives the scalar bits', (kernel, scalar) => {
    const next = rng(21);
    const xs = Float32Array.from({ length: 100003 }, () => (next() - 0.5) * 12);
    // values the kernels list for the scalar replay, around every multiple of 4,096
    for (let at = 4096; at < xs.length; at += 4096) for (let i = -3; i < 3; i++) xs[at + i] = 1e-9 * (i + 4);
    const ys = new Float32Array(xs.length).fill(NaN);
    expect(sleefMap(kernel, xs, ys, scalar)).toBe(true);
    const wrong: string[] = [];
    for (let i = 0; i < xs.length && wrong.length < 5; i++)
      if (!Object.is(ys[i], scalar(xs[i]))) wrong.push(`[${i}] f(${xs[i]}) = ${ys[i]}, not ${scalar(xs[i])}`);
    expect(wrong).toEqual([]);
  });
});
