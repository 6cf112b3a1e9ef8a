/**
 * The WebAssembly SIMD tanh, log and exp (core/kernels/sleef.wat) against PyTorch 1.13's torch.tanh, torch.log and
 * torch.exp on float32, bit for bit (tests/fixtures/float32-math/*.json), and against the scalar tanhF32, logF32, expF32;
 * and their FMA emulation against an exact one. With BPS_EXHAUSTIVE set, every float32 (for tanh, with |x| ≥ 2^-23)
 * is checked, in about five minutes; by default, the chunks of 2^24 patterns around 1 and where branches switch.
 */
import { describe, expect, it } from 'vitest';
import { scratch } from '../../../core/kernels/scratch';
import { sleefMap, sleefTanh } from '../../../core/kernels/wasm-sleef';
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

// [0.5, 2) and the subnormals (log: [2^126, inf] and NaNs, negatives; exp: [±32, ±128), past its cutoffs);
// BPS_EXHAUSTIVE: every float32.
describe.each([
  ['log', 'log_sleef', logF32, logFixture, [0x3f, 0x00, 0x7f, 0x80]],
  ['exp', 'exp_sleef', expF32, expFixture, [0x3f, 0x00, 0x42, 0xc2]],
] as const)('the SIMD %s kernel', (name, kernel, scalarFn, fixture, someChunks) => {
  function kernelMap(xs: Float32Array): Float32Array {
    const ys = new Float32Array(xs.length);
    expect(sleefMap(kernel, xs, ys, scalarFn), 'WebAssembly SIMD is available').toBe(true);
    return ys;
  }

  it(`equals torch.${name} at the edge values (lengths not a multiple of 4 included)`, () => {
    const { x, y } = fixture.values;
    for (const n of [x.length, x.length - 1, x.length - 2, x.length - 3]) {
      const ys = kernelMap(fromBits(x.slice(0, n)));
      const got = new Uint32Array(ys.buffer);
      const expected = fromBits(y);
      for (let i = 0; i < n; i++) {
        if (expected[i] !== expected[i]) expect(ys[i]).toBeNaN();
        else if (got[i] !== y[i]) expect(got[i].toString(16), `x = ${fromBits([x[i]])[0]}`).toBe(y[i].toString(16));
      }
    }
  });

  it(`equals torch.${name} and the scalar on the random values`, () => {
    const { seed, sign_mask, count, explicit, sha256 } = fixture.random;
    const xs = fromBits(randomInputs(seed, count, sign_mask));
    const ys = kernelMap(xs);
    const scalar = xs.map(scalarFn);
    const a = new Uint32Array(ys.buffer);
    const b = new Uint32Array(scalar.buffer);
    const expected = explicitOutputs(fixture);
    let differ = 0;
    for (let i = 0; i < count; i++) if (a[i] !== b[i] || (i < explicit && a[i] !== expected[i])) differ++;
    expect(differ).toBe(0);
    expect(hashOutputs(ys)).toBe(sha256);
  });

  const chunks = process.env.BPS_EXHAUSTIVE ? Array.from({ length: 256 }, (_, k) => k) : someChunks;
  it.each(chunks)(`equals torch.${name} on every float32 of chunk %i (hashed)`, (k) => {
    expect(hashOutputs(kernelMap(chunkInputs(k)))).toBe(fixture.chunks.sha256[k]);
  });
});
