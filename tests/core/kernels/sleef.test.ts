/**
 * The WebAssembly SIMD tanh and log (core/kernels/sleef.wat) against PyTorch 1.13's torch.tanh and torch.log on
 * float32, bit for bit (tests/fixtures/float32-math/{tanh,log}.json), and against the scalar tanhF32 and logF32;
 * and their FMA emulation against an exact one. With BPS_EXHAUSTIVE set, every float32 (for tanh, with |x| ≥ 2^-23)
 * is checked, in about five minutes; by default, the chunks of 2^24 patterns around 1 and where branches switch.
 */
import { describe, expect, it } from 'vitest';
import { scratch } from '../../../core/kernels/scratch';
import { sleefLog, sleefTanh } from '../../../core/kernels/wasm-sleef';
import { logF32, tanhF32 } from '../../../core/ops/float32-math';
import {
  explicitOutputs,
  fromBits,
  hashOutputs,
  logFixture,
  randomInputs,
  tanhFixture,
} from '../../fixtures/float32-math/unary-fixture';
import { exactFmaF32, fmaCases } from './fma-reference';

const CHUNK = 1 << tanhFixture.chunks.bits;

/** tanh through the kernel, counting the elements it hands back to the scalar function. */
function kernelTanh(xs: Float32Array, path: 'shortcut' | 'replay' = 'shortcut'): { ys: Float32Array; scalar: number } {
  const ys = new Float32Array(xs.length);
  let scalar = 0;
  const exact = (v: number) => {
    scalar++;
    return tanhF32(v);
  };
  const ok = sleefTanh(xs, ys, exact, path);
  expect(ok, 'WebAssembly SIMD is available').toBe(true);
  return { ys, scalar };
}

function chunkInputs(k: number): Float32Array {
  const bits = new Uint32Array(CHUNK);
  for (let i = 0; i < CHUNK; i++) bits[i] = (k * CHUNK + i) >>> 0;
  return new Float32Array(bits.buffer);
}

describe('the SIMD tanh kernel', () => {
  it.each(['shortcut', 'replay'] as const)('equals torch.tanh at the edge values, by its %s', (path) => {
    const { x, y } = tanhFixture.values;
    // lengths not a multiple of 4 included
    for (const n of [x.length, x.length - 1, x.length - 2, x.length - 3]) {
      const { ys } = kernelTanh(fromBits(x.slice(0, n)), path);
      const got = new Uint32Array(ys.buffer);
      const expected = fromBits(y);
      for (let i = 0; i < n; i++) {
        if (expected[i] !== expected[i]) expect(ys[i]).toBeNaN();
        else if (got[i] !== y[i]) expect(got[i].toString(16), `x = ${fromBits([x[i]])[0]}`).toBe(y[i].toString(16));
      }
    }
  });

  it.each(['shortcut', 'replay'] as const)('equals torch.tanh and tanhF32 on the random values, by its %s', (path) => {
    const { seed, count, sha256 } = tanhFixture.random;
    const xs = fromBits(randomInputs(seed, count));
    const { ys } = kernelTanh(xs, path);
    const scalar = xs.map(tanhF32);
    const a = new Uint32Array(ys.buffer);
    const b = new Uint32Array(scalar.buffer);
    let differ = 0;
    for (let i = 0; i < count; i++) if (a[i] !== b[i]) differ++;
    expect(differ).toBe(0);
    expect(hashOutputs(ys)).toBe(sha256);
  });

  // [0.5, 2) and its negation, [2, 8) and [8, 32) (saturation at 8.66), [2^-23, 2^-21) just above the inputs the kernel hands
  // to tanhF32 (0 < |x| < 2^-24, in the edge values), [2^-7, 2^-5) where q = 0 and the products are small.
  // BPS_EXHAUSTIVE: every chunk from 2^-23 up, both signs (below, the kernel hands everything but 0 to tanhF32,
  // whose edge values above cover the subnormals and every power of two).
  const chunks = process.env.BPS_EXHAUSTIVE
    ? Array.from({ length: 256 }, (_, k) => k).filter((k) => (k & 0x7f) >= 0x34)
    : [0x3f, 0xbf, 0x40, 0x41, 0x34, 0x3c];
  const replayed = process.env.BPS_EXHAUSTIVE ? chunks : [0x3f, 0x3c];
  it.each([...chunks.map((k) => [k, 'shortcut'] as const), ...replayed.map((k) => [k, 'replay'] as const)])(
    'equals torch.tanh on every float32 of chunk %i (hashed), by its %s',
    (k, path) => {
      const { ys, scalar } = kernelTanh(chunkInputs(k), path);
      expect(hashOutputs(ys)).toBe(tanhFixture.chunks.sha256[k]);
      // Only 0 < |x| < 2^-24 is redone by the scalar function.
      expect(scalar).toBe(0);
    },
  );

  it('emulates the float32 FMA exactly wherever the result is normal, double-rounding traps included', () => {
    const cases = fmaCases(20000).filter(([a, b, c]) => {
      const r = Math.abs(exactFmaF32(a, b, c));
      return r === 0 || (r >= 2 ** -126 && r < 2 ** 128);
    });
    const n = cases.length;
    const s = scratch(4 * n + 16)!;
    const [a, b, c, out] = [0, 1, 2, 3].map((j) => 16 + j * n * 4);
    cases.forEach(([x, y, z], i) => {
      s.heap[a / 4 + i] = x;
      s.heap[b / 4 + i] = y;
      s.heap[c / 4 + i] = z;
    });
    s.k.fma_f32(a, b, c, out, n);
    let wrong = 0;
    cases.forEach(([x, y, z], i) => {
      const got = s.heap[out / 4 + i];
      if (!Object.is(got, exactFmaF32(x, y, z)) && wrong++ < 5)
        expect.soft(got, `fma(${x}, ${y}, ${z})`).toBe(exactFmaF32(x, y, z));
    });
    expect(wrong).toBe(0);
  });
});

describe('the SIMD log kernel', () => {
  function kernelLog(xs: Float32Array): Float32Array {
    const ys = new Float32Array(xs.length);
    expect(sleefLog(xs, ys, logF32), 'WebAssembly SIMD is available').toBe(true);
    return ys;
  }

  it('equals torch.log at the edge values (lengths not a multiple of 4 included)', () => {
    const { x, y } = logFixture.values;
    for (const n of [x.length, x.length - 1, x.length - 2, x.length - 3]) {
      const ys = kernelLog(fromBits(x.slice(0, n)));
      const got = new Uint32Array(ys.buffer);
      const expected = fromBits(y);
      for (let i = 0; i < n; i++) {
        if (expected[i] !== expected[i]) expect(ys[i]).toBeNaN();
        else if (got[i] !== y[i]) expect(got[i].toString(16), `x = ${fromBits([x[i]])[0]}`).toBe(y[i].toString(16));
      }
    }
  });

  it('equals torch.log and logF32 on the random values', () => {
    const { seed, sign_mask, count, explicit, sha256 } = logFixture.random;
    const xs = fromBits(randomInputs(seed, count, sign_mask));
    const ys = kernelLog(xs);
    const scalar = xs.map(logF32);
    const a = new Uint32Array(ys.buffer);
    const b = new Uint32Array(scalar.buffer);
    const expected = explicitOutputs(logFixture);
    let differ = 0;
    for (let i = 0; i < count; i++) if (a[i] !== b[i] || (i < explicit && a[i] !== expected[i])) differ++;
    expect(differ).toBe(0);
    expect(hashOutputs(ys)).toBe(sha256);
  });

  // [0.5, 2), the subnormals, [2^126, inf] and NaNs, negatives (all NaN); BPS_EXHAUSTIVE: every float32.
  const chunks = process.env.BPS_EXHAUSTIVE ? Array.from({ length: 256 }, (_, k) => k) : [0x3f, 0x00, 0x7f, 0x80];
  it.each(chunks)('equals torch.log on every float32 of chunk %i (hashed)', (k) => {
    expect(hashOutputs(kernelLog(chunkInputs(k)))).toBe(logFixture.chunks.sha256[k]);
  });
});
