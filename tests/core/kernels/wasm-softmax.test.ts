/**
 * The op-by-op softmax's WebAssembly kernel (core/kernels/wasm-softmax.ts, softmax-op.wat) gives the bits of the
 * plain JavaScript loop written here (Math.max, Math.exp in float64 rounded to float32, a float64 sum in order,
 * float64 quotients rounded to float32): for every row length, for differences x − m across all of fdlibm's
 * reductions and its small-argument shortcut, and for rows it hands back (NaN, infinities, spreads of 700 or more).
 */
import { describe, expect, it } from 'vitest';
import { scratch } from '../../../core/kernels/scratch';
import { simdSoftmaxRows } from '../../../core/kernels/wasm-softmax';
import { rng } from '../../helpers/rng';
import { differences, float32Values } from './float32-values';

/** The oracle: row r of src's softmax into out. */
function softmaxRow(src: Float32Array, out: Float32Array, r: number, cols: number): void {
  const base = r * cols;
  let m = -Infinity;
  for (let j = 0; j < cols; j++) m = Math.max(m, src[base + j]);
  let s = 0;
  for (let j = 0; j < cols; j++) {
    out[base + j] = Math.exp(src[base + j] - m);
    s += out[base + j];
  }
  for (let j = 0; j < cols; j++) out[base + j] = out[base + j] / s;
}

function expected(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) softmaxRow(src, out, r, cols);
  return out;
}

/** The kernel's result, and the rows it left to the oracle. */
function kernel(src: Float32Array, rows: number, cols: number): { out: Float32Array; redone: Set<number> } {
  const out = new Float32Array(rows * cols).fill(NaN);
  const redone = new Set<number>();
  const ran = simdSoftmaxRows(src, rows, cols, out, (r) => {
    redone.add(r);
    softmaxRow(src, out, r, cols);
  });
  expect(ran, 'WebAssembly SIMD is available').toBe(true);
  return { out, redone };
}

describe('simdSoftmaxRows', () => {
  it('gives the loop bits at every row length, one row to many blocks of rows', () => {
    const next = rng(11);
    for (const cols of [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 27, 64, 100, 257, 20000]) {
      for (const rows of [1, 3, 70, cols < 100 ? 1500 : 2]) {
        const src = Float32Array.from({ length: rows * cols }, () => (next() - 0.5) * 12);
        const { out, redone } = kernel(src, rows, cols);
        expect(differences(out, expected(src, rows, cols)), `${rows} × ${cols}`).toEqual([]);
        expect(redone.size, 'ordinary rows stay in the kernel').toBe(0);
      }
    }
  });

  it('computes exp as V8 does over every reduction: x − m from 2^-40 to 699, and across their borders', () => {
    const next = rng(12);
    // borders of fdlibm's cases: ½ ln 2, 1.5 ln 2, 2^-28, and 1
    const borders = [0.3465735912322998, 1.0397205352783203, 2 ** -28, 1].flatMap((b) =>
      [-2, -1, 0, 1, 2].map((u) => Math.fround(b) * (1 + u * 2 ** -23)),
    );
    const diffs = [
      ...borders,
      ...Array.from({ length: 30000 }, () => 2 ** (next() * 49.4 - 40)),
      ...Array.from({ length: 5000 }, () => next() * 699),
    ];
    // rows [m, m − d] with m 0 (x − m is a float32) or a value whose difference with x is not
    const ms = [0, 1.5, -3.25e3, 171.09];
    const src = new Float32Array(diffs.length * ms.length * 2);
    let at = 0;
    for (const m of ms)
      for (const d of diffs) {
        src[at++] = m;
        src[at++] = m - d;
      }
    const rows = src.length / 2;
    const { out, redone } = kernel(src, rows, 2);
    expect(differences(out, expected(src, rows, 2))).toEqual([]);
    expect(redone.size, 'no row was left to JavaScript').toBe(0);
  });

  it('hands back rows with NaN, infinities or a spread of 700 or more, and gives the loop bits for all', () => {
    for (const cols of [3, 5, 27]) {
      const src = float32Values(cols * 400, cols);
      const { out, redone } = kernel(src, 400, cols);
      expect(differences(out, expected(src, 400, cols)), `rows of ${cols}`).toEqual([]);
      expect(redone.size).toBeGreaterThan(0);
    }
    // rows of four, so that each group of four lanes the kernel lists is one row
    const spread = Float32Array.from([0, -699.5, 0, 0, 0, -700.5, 0, 0, 1, 1, 1, 1, 2e3, -2e3, 0, 0]);
    const { out, redone } = kernel(spread, 4, 4);
    expect([...redone].sort()).toEqual([1, 3]);
    expect(differences(out, expected(spread, 4, 4))).toEqual([]);
  });
});

describe('exp_f64, the kernel exp', () => {
  /** Math.exp's arguments it takes apart from the kernel (listed for the caller). */
  const apart = (x: number) => !(Math.abs(x) < 700) || x === 1;

  it("gives Math.exp's float64 bits, and lists the groups of four with an argument V8 treats apart", () => {
    const next = rng(13);
    const xs: number[] = [0, -0, 1, -1, 700, -700, 699.9999999999999, -699.9999999999999, NaN, Infinity, -Infinity];
    // fdlibm's borders (½ ln 2, 1.5 ln 2, 2^-28) and a few float64 steps around each, both signs
    for (const b of [0.34657359027997264, 0.3465735912322998, 1.0397207708399179, 1.0397205352783203, 2 ** -28])
      for (let u = -3; u <= 3; u++) xs.push(b + u * b * 2 ** -52, -(b + u * b * 2 ** -52));
    for (let i = 0; i < 200000; i++) xs.push((next() - 0.5) * 1400); // every k
    for (let i = 0; i < 200000; i++) xs.push((next() < 0.5 ? -1 : 1) * 2 ** (next() * 40 - 36)); // small ones
    while (xs.length % 8 !== 0) xs.push(0.5);
    const n = xs.length;
    const s = scratch(2 * n + n / 4 + 64)!;
    const at = 16; // bytes
    s.heap64.set(xs, at / 8);
    const flags = at + 8 * n + 64;
    const count = s.k.exp_f64(at, n, flags);
    const got = s.heap64.slice(at / 8, at / 8 + n);
    const listed = new Set(Array.from(new Int32Array(s.heap.buffer, flags, count), (b) => (b - at) / 8));
    const wrong: string[] = [];
    for (let g = 0; g < n; g += 4) {
      const lanes = xs.slice(g, g + 4);
      if (listed.has(g) !== lanes.some(apart)) wrong.push(`group ${g} [${lanes.join(', ')}] listed: ${listed.has(g)}`);
      if (listed.has(g)) continue;
      for (let i = g; i < g + 4; i++) if (!Object.is(got[i], Math.exp(xs[i]))) wrong.push(`exp(${xs[i]}) = ${got[i]}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
