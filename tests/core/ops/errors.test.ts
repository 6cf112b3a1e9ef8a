import { describe, expect, it } from 'vitest';
import { add, embedding, matmul, mul, pick, sum, view } from '../../../core/ops';
import { Recorder } from '../../../core/recorder/recorder';
import { TensorError } from '../../../core/tensor/errors';
import { tensor, zeros } from '../../../core/tensor/tensor';

describe('errors read like PyTorch and name the op and the statement', () => {
  it('broadcast mismatch', () => {
    expect(() => add(zeros([32, 27]), zeros([32]))).toThrow(
      'add: The size of tensor a (27) must match the size of tensor b (32) at non-singleton dimension 1',
    );
  });

  it('names the statement being recorded', () => {
    const rec = new Recorder();
    const a = rec.leaf('a', zeros([32, 27]), 'parameter');
    const b = rec.leaf('b', zeros([32]), 'data');
    let err: unknown;
    try {
      rec.statement('c = a * b', () => mul(a, b));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TensorError);
    expect((err as TensorError).statement).toBe('c = a * b');
    expect((err as Error).message).toContain('(in `c = a * b`)');
  });

  it.each([
    [
      'matmul shapes',
      () => matmul(zeros([2, 3]), zeros([2, 3])),
      'mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)',
    ],
    ['view size', () => view(zeros([2, 3]), [4, -1]), "shape '[4, -1]' is invalid for input of size 6"],
    [
      'dim out of range',
      () => sum(zeros([2, 3]), 2),
      'Dimension out of range (expected to be in range of [-2, 1], but got 2)',
    ],
    [
      'index out of bounds',
      () => embedding(zeros([27, 2]), tensor([1], [27], 'int64')),
      'index 27 is out of bounds for dimension 0 with size 27',
    ],
    ['float indices', () => pick(zeros([2, 2]), zeros([2])), 'indices must be an integer tensor, got float32'],
  ])('%s', (_name, f, message) => {
    expect(f).toThrow(message);
  });
});
