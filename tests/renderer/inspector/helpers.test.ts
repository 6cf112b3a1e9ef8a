import { describe, expect, it } from 'vitest';
import { difference, histogram, tensorStats } from '../../../src-renderer/inspector/tensor-stats';
import { asMatrix, strides } from '../../../src-renderer/inspector/slice';
import { downsample } from '../../../src-renderer/inspector/downsample';
import { divergingScale, sequentialScale } from '../../../src-renderer/inspector/color-scale';
import { formatFloat32, matrixCsv, pythonLiteral } from '../../../src-renderer/inspector/tensor-format';
import { sharedScale } from '../../../src-renderer/inspector/shared-scale';
import { charactersOf, elementText } from '../../../src-renderer/inspector/pick-tensor';

describe('shared colour scale', () => {
  it('spans max |x| of value, gradient and diff, so a 1e-9 diff stays pale', () => {
    const value = [0.5, -2];
    const grad = [0.01, -0.03];
    const diff = [1e-9, -2e-9];
    const s = sharedScale([value, grad, null, diff]);
    expect(s.domain).toEqual([-2, 2]);
    // On its own scale the diff would reach the ends; shared, it is (nearly) the centre's white.
    const far = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));
    expect(far(divergingScale(-2e-9, 1e-9)(-2e-9), s(0))).toBeGreaterThan(100);
    expect(far(s(-2e-9), s(0))).toBeLessThanOrEqual(2);
  });
});

describe('index tensors', () => {
  it('show the batch indices as the names vocabulary characters', () => {
    const chars = charactersOf('Xb');
    expect(elementText(0, chars, String)).toBe("'.'");
    expect(elementText(5, chars, String)).toBe("'e'");
    expect(elementText(26, charactersOf('Yb'), String)).toBe("'z'");
    expect(charactersOf('logits')).toBeNull();
    expect(elementText(0.25, null, String)).toBe('0.25');
  });
});

describe('tensorStats', () => {
  it.each([
    // std as torch's default (unbiased) gives it: torch.tensor([1., 2, 3, 4], dtype=torch.float64).std() etc.
    { data: [1, 2, 3, 4], want: { count: 4, min: 1, max: 4, mean: 2.5, std: 1.2909944487358056, nan: 0, inf: 0 } },
    { data: [5], want: { count: 1, min: 5, max: 5, mean: 5, std: NaN, nan: 0, inf: 0 } },
    {
      data: [NaN, 1, Infinity, -Infinity, 3],
      want: { count: 5, min: 1, max: 3, mean: 2, std: 1.4142135623730951, nan: 1, inf: 2 },
    },
  ])('$data', ({ data, want }) => {
    const s = tensorStats(data);
    for (const [k, v] of Object.entries(want)) {
      if (Number.isNaN(v)) expect(s[k as keyof typeof s], k).toBeNaN();
      else expect(s[k as keyof typeof s], k).toBeCloseTo(v, 12);
    }
  });
  it('is all NaN when nothing is finite', () => {
    expect(tensorStats([NaN, Infinity])).toMatchObject({ count: 2, nan: 1, inf: 1, mean: NaN });
  });
});

describe('histogram and difference', () => {
  it.each([
    { data: [0, 0.5, 1], bins: 2, want: [1, 2] },
    { data: [3, 3, 3], bins: 3, want: [3, 0, 0] },
    { data: [0, NaN, 1, 0.2], bins: 4, want: [2, 0, 0, 1] },
  ])('histogram($data, $bins)', ({ data, bins, want }) => {
    const s = tensorStats(data);
    expect(histogram(data, bins, s.min, s.max)).toEqual(want);
  });
  it('subtracts elementwise and rejects mismatched lengths', () => {
    expect([...difference([3, 1], [1, 1])]).toEqual([2, 0]);
    expect(() => difference([1], [1, 2])).toThrow(/differ/);
  });
});

describe('asMatrix', () => {
  it.each([
    { shape: [], dim: 0, at: 0, rows: 1, cols: 1, probe: [0, 0], index: 0, coords: [] },
    { shape: [64], dim: 0, at: 0, rows: 1, cols: 64, probe: [0, 5], index: 5, coords: [5] },
    { shape: [1, 64], dim: 0, at: 0, rows: 1, cols: 64, probe: [0, 7], index: 7, coords: [0, 7] },
    { shape: [32, 27], dim: 0, at: 0, rows: 32, cols: 27, probe: [2, 3], index: 57, coords: [2, 3] },
    { shape: [32, 3, 10], dim: 0, at: 4, rows: 3, cols: 10, probe: [1, 2], index: 4 * 30 + 12, coords: [4, 1, 2] },
    {
      shape: [32, 3, 10],
      dim: 1,
      at: 2,
      rows: 32,
      cols: 10,
      probe: [5, 6],
      index: 5 * 30 + 2 * 10 + 6,
      coords: [5, 2, 6],
    },
    { shape: [32, 3, 10], dim: 2, at: 9, rows: 32, cols: 3, probe: [1, 1], index: 30 + 10 + 9, coords: [1, 1, 9] },
  ])('$shape sliced at dim $dim = $at', ({ shape, dim, at, rows, cols, probe, index, coords }) => {
    const m = asMatrix(shape, dim, at);
    expect([m.rows, m.cols]).toEqual([rows, cols]);
    expect(m.index(probe[0], probe[1])).toBe(index);
    expect(m.coords(probe[0], probe[1])).toEqual(coords);
  });
  it('rejects an index outside the dim', () => {
    expect(() => asMatrix([2, 3, 4], 1, 3)).toThrow(/outside dim 1/);
  });
  it('computes row-major strides', () => expect(strides([32, 3, 10])).toEqual([30, 10, 1]));
});

describe('downsample', () => {
  it.each([
    { shape: [2, 2], max: [4, 4], want: { rows: 2, cols: 2, values: [1, -2, 3, 4] } },
    { shape: [2, 2], max: [1, 1], want: { rows: 1, cols: 1, values: [4] } },
    { shape: [2, 2], max: [1, 2], want: { rows: 1, cols: 2, values: [3, 4] } },
  ])('$shape into $max', ({ shape, max, want }) => {
    const g = downsample([1, -2, 3, 4], asMatrix(shape), max[0], max[1]);
    expect({ rows: g.rows, cols: g.cols, values: [...g.values] }).toEqual(want);
  });
  it('keeps the largest magnitude, sign included, and lets NaN show', () => {
    expect([...downsample([1, -9, 3, 4], asMatrix([1, 4]), 1, 1).values]).toEqual([-9]);
    expect(Number.isNaN(downsample([1, NaN], asMatrix([1, 2]), 1, 1).values[0])).toBe(true);
  });
  it('keeps 182625×3 within bounds', () => {
    const g = downsample(new Float64Array(182625 * 3), asMatrix([182625, 3]), 400, 400);
    expect(g.rows).toBeLessThanOrEqual(400);
    expect(g.cols).toBe(3);
  });
});

describe('colour scales', () => {
  it('diverging is centred on 0 and symmetric', () => {
    const s = divergingScale(-1, 4);
    expect(s.domain).toEqual([-4, 4]);
    const [r, g, b] = s(0);
    expect(Math.min(r, g, b)).toBeGreaterThan(230); // near white
    expect(s(4)[0]).toBeGreaterThan(s(4)[2]); // positive is red
    expect(s(-4)[2]).toBeGreaterThan(s(-4)[0]); // negative is blue
  });
  it('sequential spans min..max and marks NaN', () => {
    const s = sequentialScale(2, 3);
    expect(s.domain).toEqual([2, 3]);
    expect(s(2)).not.toEqual(s(3));
    expect(s(NaN)).toEqual([255, 0, 255]);
  });
});

describe('formatting', () => {
  it.each([
    [0.1, '0.1'],
    [Math.fround(0.1), '0.1'],
    [1 / 3, '0.33333334'],
    [-2, '-2'],
    [NaN, 'nan'],
    [-Infinity, '-inf'],
    [1e-8, '1e-8'],
  ])('formatFloat32(%s) = %s', (v, want) => expect(formatFloat32(v)).toBe(want));
  it('round-trips float32 exactly', () => {
    for (const v of [Math.fround(Math.PI), Math.fround(-1.2345678e-5), Math.fround(3.4e38)])
      expect(Math.fround(Number(formatFloat32(v)))).toBe(v);
  });
  it('writes CSV rows', () => expect(matrixCsv([1, 2, 3, 4, 5, 6], asMatrix([2, 3]))).toBe('1,2,3\n4,5,6\n'));
  it.each([
    { shape: [2, 2], kind: 'numpy' as const, want: 'np.array([[1, 2], [3, 4]], dtype=np.float32)' },
    { shape: [4], kind: 'torch' as const, want: 'torch.tensor([1, 2, 3, 4], dtype=torch.float32)' },
    { shape: [1, 2, 2], kind: 'torch' as const, want: 'torch.tensor([[[1, 2], [3, 4]]], dtype=torch.float32)' },
  ])('$kind literal of $shape', ({ shape, kind, want }) => expect(pythonLiteral([1, 2, 3, 4], shape, kind)).toBe(want));
  it('writes NaN and Inf as Python reads them', () => {
    expect(pythonLiteral([NaN, -Infinity], [2], 'numpy')).toBe('np.array([np.nan, -np.inf], dtype=np.float32)');
  });
});
