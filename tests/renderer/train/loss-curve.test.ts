/** The loss curve's pure geometry: buckets, moving average, scales, paths and ticks, table-driven. */
import { describe, expect, it } from 'vitest';
import {
  axisTicks,
  bucketMeans,
  bucketSize,
  curvePath,
  curveScales,
  drawnSteps,
  formatSteps,
  movingAverage,
} from '../../../src-renderer/train/loss-curve';

const box = { width: 500, height: 300, margin: { top: 10, right: 20, bottom: 40, left: 60 } };

describe('bucketSize', () => {
  it.each([
    [200_000, 400, 500],
    [3000, 400, 8],
    [100, 400, 1],
    [1, 0, 1],
    [1001, 1000, 2],
  ])('%i steps in at most %i points → %i per bucket', (total, max, size) => {
    expect(bucketSize(total, max)).toBe(size);
    expect(Math.ceil(total / size)).toBeLessThanOrEqual(Math.max(1, max));
  });
});

describe('bucketMeans', () => {
  const lossi = Float32Array.from([1, 3, 2, 4, 10, 0, 5]);
  it.each([
    { count: 0, size: 2, expected: [] },
    {
      count: 4,
      size: 2,
      expected: [
        { step: 0.5, value: 2 },
        { step: 2.5, value: 3 },
      ],
    },
    {
      count: 5,
      size: 2,
      expected: [
        { step: 0.5, value: 2 },
        { step: 2.5, value: 3 },
        { step: 4, value: 10 },
      ],
    },
    {
      count: 7,
      size: 3,
      expected: [
        { step: 1, value: 2 },
        { step: 4, value: 14 / 3 },
        { step: 6, value: 5 },
      ],
    },
    {
      count: 3,
      size: 1,
      expected: [
        { step: 0, value: 1 },
        { step: 1, value: 3 },
        { step: 2, value: 2 },
      ],
    },
  ])('$count steps in buckets of $size', ({ count, size, expected }) => {
    const got = bucketMeans(lossi, count, size);
    expect(got.map((p) => p.step)).toEqual(expected.map((p) => p.step));
    got.forEach((p, i) => expect(p.value).toBeCloseTo(expected[i].value, 6));
  });

  it('only reads the steps trained so far (the rest of lossi is zeros)', () => {
    const partial = new Float32Array(10);
    partial.set([0.5, 0.5, 0.5]);
    expect(bucketMeans(partial, 3, 4)).toEqual([{ step: 1, value: 0.5 }]);
  });
});

describe('movingAverage', () => {
  const pts = (values: number[]) => values.map((value, step) => ({ step, value }));
  it.each([
    { values: [], radius: 3, expected: [] },
    { values: [3, 6, 9, 12], radius: 0, expected: [3, 6, 9, 12] },
    { values: [3, 6, 9, 12], radius: 1, expected: [4.5, 6, 9, 10.5] },
    { values: [3, 6, 9, 12, 30], radius: 2, expected: [6, 7.5, 12, 14.25, 17] },
    { values: [2, 4], radius: 10, expected: [3, 3] },
  ])('radius $radius over $values', ({ values, radius, expected }) => {
    const got = movingAverage(pts(values), radius);
    expect(got.map((p) => p.step)).toEqual(values.map((_, i) => i));
    got.forEach((p, i) => expect(p.value).toBeCloseTo(expected[i], 12));
  });
});

describe('drawnSteps', () => {
  it.each([
    [0, 3000, 11, 0],
    [10, 3000, 11, 0],
    [11, 3000, 11, 11],
    [2999, 3000, 11, 2992],
    [3000, 3000, 11, 3000],
    [5, 5, 1, 5],
  ])('step %i of %i, buckets of %i → %i', (step, total, size, n) => expect(drawnSteps(step, total, size)).toBe(n));
});

describe('curveScales', () => {
  it('x spans the whole run, not just the steps so far', () => {
    const { x } = curveScales(3000, [{ step: 10, value: 0.5 }], box);
    expect(x.domain()).toEqual([0, 3000]);
    expect(x.range()).toEqual([60, 480]);
  });

  it.each([
    { values: [0.31, 0.52], domain: [0.3, 0.55] },
    { values: [0.4, 0.4], domain: [0.34, 0.46] },
    { values: [], domain: [0.2, 0.6] },
  ])('y is nice over $values', ({ values, domain }) => {
    const { y } = curveScales(
      100,
      values.map((value, step) => ({ step, value })),
      box,
    );
    const [lo, hi] = y.domain();
    expect(lo).toBeCloseTo(domain[0], 10);
    expect(hi).toBeCloseTo(domain[1], 10);
    expect(y.range()).toEqual([260, 10]);
  });
});

describe('curvePath', () => {
  it('draws nothing without points, a polyline through scaled points otherwise', () => {
    const scales = curveScales(
      100,
      [
        { step: 0, value: 0 },
        { step: 100, value: 1 },
      ],
      box,
    );
    expect(curvePath([], scales)).toBe('');
    expect(
      curvePath(
        [
          { step: 0, value: 0 },
          { step: 100, value: 1 },
        ],
        scales,
      ),
    ).toBe('M60,260L480,10');
  });
});

describe('axisTicks', () => {
  it('labels steps compactly and losses with two decimals, placed by the scale', () => {
    const { x, y } = curveScales(
      200_000,
      [
        { step: 0, value: 0.3 },
        { step: 1, value: 0.5 },
      ],
      box,
    );
    const xt = axisTicks(x, 4, 'steps');
    expect(xt.map((t) => t.label)).toEqual(['0', '50k', '100k', '150k', '200k']);
    expect(xt[0].position).toBe(60);
    expect(xt.at(-1)!.position).toBe(480);
    expect(axisTicks(y, 3, 'loss').map((t) => t.label)).toEqual(['0.30', '0.35', '0.40', '0.45', '0.50']);
  });

  it('gives loss labels enough decimals to tell neighbouring ticks apart', () => {
    const { y } = curveScales(
      100,
      [
        { step: 0, value: 0.35 },
        { step: 1, value: 0.41 },
      ],
      box,
    );
    const labels = axisTicks(y, 12, 'loss').map((t) => t.label);
    expect(labels[0]).toBe('0.350');
    expect(new Set(labels).size).toBe(labels.length);
  });

  it.each([
    [0, '0'],
    [999, '999'],
    [1500, '1.5k'],
    [200_000, '200k'],
    [2_500_000, '2.5M'],
  ])('formatSteps(%i) = %s', (n, s) => expect(formatSteps(n)).toBe(s));
});

describe('a run whose loss is not finite somewhere', () => {
  const lossi = Float32Array.from([0.5, NaN, 0.3, Infinity, -Infinity, NaN, 0.4, 0.2]);
  const box = { width: 400, height: 200, margin: { top: 10, right: 10, bottom: 20, left: 40 } };

  it('leaves those steps out of the bucket means, and drops buckets with nothing else', () => {
    expect(bucketMeans(lossi, 8, 2)).toEqual([
      { step: 0.5, value: 0.5 },
      { step: 2.5, value: expect.closeTo(0.3, 6) },
      { step: 6.5, value: expect.closeTo(0.3, 6) },
    ]);
  });

  it('still draws both curves on a finite scale', () => {
    const raw = bucketMeans(lossi, 8, 2);
    const scales = curveScales(8, raw, box);
    expect(scales.y.domain().every(Number.isFinite)).toBe(true);
    for (const d of [curvePath(raw, scales), curvePath(movingAverage(raw, 6), scales)]) {
      expect(d).toMatch(/^M[\d.]+,[\d.]+/);
      expect(d).not.toMatch(/NaN|Infinity/);
    }
  });
});
