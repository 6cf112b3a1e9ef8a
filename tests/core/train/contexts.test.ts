import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../core/data/dataset';
import { distinctContexts } from '../../../core/train/contexts';

const dataset = (blockSize: number, rows: number[][]): Dataset => ({
  X: Int32Array.from(rows.flat()),
  Y: new Int32Array(rows.length),
  rows: rows.length,
  blockSize,
});

describe('distinct contexts', () => {
  it.each([2, 12])('block %i: each context once, in first-seen order, with every row mapped and counted', (block) => {
    const a = Array.from({ length: block }, (_, j) => j % 27);
    const b = Array.from({ length: block }, (_, j) => (26 - j) % 27);
    const c = Array.from({ length: block }, () => 0);
    const ctx = distinctContexts(dataset(block, [a, b, a, c, b, a]));
    expect(ctx.rows).toBe(3);
    expect(Array.from(ctx.X)).toEqual([...a, ...b, ...c]);
    expect(Array.from(ctx.of)).toEqual([0, 1, 0, 2, 1, 0]);
    expect(Array.from(ctx.count)).toEqual([3, 2, 1]);
  });
});
