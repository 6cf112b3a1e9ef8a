import { describe, expect, it } from 'vitest';
import { Heap, HeapLayout } from '../../../core/kernels/heap';

const ULP = 2 ** -23;

describe('softmax kernels', () => {
  it('exp is within 2 float32 ulps of Math.exp over softmax inputs (−88 … 0), tail lanes included', () => {
    const xs = Float32Array.from({ length: 8803 }, (_, i) => -i / 100);
    const layout = new HeapLayout();
    const at = layout.reserve(xs.length);
    const heap = new Heap(layout);
    const ys = heap.f32(at, xs.length);
    ys.set(xs);
    heap.k.exp(at, xs.length);
    xs.forEach((x, i) => {
      const exact = Math.exp(x);
      // Below float32's normal range (x < −87.3) only the absolute error matters.
      expect(Math.abs(ys[i] - exact), `x = ${x}`).toBeLessThanOrEqual(Math.max(2 * ULP * exact, 2 ** -126));
    });
  });

  it.each([
    [1, 27],
    [3, 5],
    [4, 1],
    [32, 27],
    [5, 8],
  ])('rows × cols %i × %i: probabilities, dlogits = (p − onehot)/rows, row max and Σ', (rows, cols) => {
    const layout = new HeapLayout();
    const at = {
      x: layout.reserve(rows * cols),
      y: layout.reserve(rows),
      out: layout.reserve(rows * cols),
      max: layout.reserve(rows),
      sum: layout.reserve(rows, 8),
    };
    const heap = new Heap(layout);
    const x = heap.f32(at.x, rows * cols);
    x.set(Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 2.3) * 6));
    const Y = heap.i32(at.y, rows);
    Y.set(Array.from({ length: rows }, (_, i) => (i * 7) % cols));
    const out = heap.f32(at.out, rows * cols);
    for (const withTargets of [false, true]) {
      heap.k.softmax(at.x, rows, cols, withTargets ? at.y : 0, at.out, at.max, at.sum);
      for (let i = 0; i < rows; i++) {
        const row = Array.from(x.subarray(i * cols, (i + 1) * cols));
        const m = Math.max(...row);
        const s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
        expect(heap.f32(at.max, rows)[i]).toBe(m);
        expect(Math.abs(heap.f64(at.sum, rows)[i] - s)).toBeLessThan(4 * ULP * s);
        row.forEach((v, c) => {
          const p = Math.exp(v - m) / s;
          const want = withTargets ? (p - (c === Y[i] ? 1 : 0)) / rows : p;
          expect(Math.abs(out[i * cols + c] - want), `(${i}, ${c})`).toBeLessThanOrEqual(
            6 * ULP * Math.max(Math.abs(want), p / rows) + 1e-12,
          );
        });
      }
    }
  });
});
