/**
 * The offsets an indexed write (`x[idx] = v`, `x[range(n), idx] = v`) goes to, from the one advanced-indexing
 * rule the reads use: negative indices count from the end, index tensors broadcast, and an index out of
 * bounds is the `index` op's error, which Python raises as IndexError, as PyTorch does.
 */
import { describe, expect, it } from 'vitest';
import { pickOffsets, rowOffsets } from '../../../core/ops';
import { TensorError } from '../../../core/tensor/errors';
import { tensor } from '../../../core/tensor/tensor';

const ix = (...v: number[]) => tensor([v.length], v, 'int64');

describe('offsets of indexed writes', () => {
  it.each([
    ['x[idx] = v, whole rows', () => rowOffsets([3, 2], ix(2, -3)), [4, 5, 0, 1]],
    ['x[range(2), idx] = v, one entry per row', () => pickOffsets([2, 3], ix(2, -1)), [2, 5]],
    [
      'x[range(4), idx] = v with idx of shape [1, 4]',
      () => pickOffsets([4, 5], tensor([1, 4], [1, 3, 0, 4], 'int64')),
      [1, 8, 10, 19],
    ],
  ])('%s', (_, offsets, expected) => {
    expect(Array.from(offsets())).toEqual(expected);
  });

  it.each([
    ['a row out of bounds', () => rowOffsets([3, 2], ix(3)), 'index 3 is out of bounds for dimension 0 with size 3'],
    [
      'an entry out of bounds',
      () => pickOffsets([2, 3], ix(0, 3)),
      'index 3 is out of bounds for dimension 1 with size 3',
    ],
    [
      'indices that do not broadcast',
      () => pickOffsets([4, 5], ix(1, 2)),
      'shape mismatch: indexing tensors could not be broadcast together with shapes [4], [2]',
    ],
  ])('%s is the index op’s error (IndexError in Python)', (_, write, detail) => {
    let error: unknown;
    try {
      write();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TensorError);
    expect(error).toMatchObject({ op: 'index', detail });
  });
});
