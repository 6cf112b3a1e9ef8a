/**
 * The embedding lookup `C[X]` copies each row it reads bit for bit (its loop copies integers, not floats), for
 * float32 and float64 tables, whatever the rows hold (−0, infinities, a NaN with a payload).
 */
import { describe, expect, it } from 'vitest';
import { embedding } from '../../../core/ops';
import { Tensor, tensor } from '../../../core/tensor/tensor';

/** A table of `rows` rows of `width`, its values' bits set one by one (row r, column j: a value of its own). */
function table(rows: number, width: number, dtype: 'float32' | 'float64'): Tensor {
  const data = dtype === 'float32' ? new Float32Array(rows * width) : new Float64Array(rows * width);
  const specials = [-0, Infinity, -Infinity, 1e-40, -3.5];
  for (let i = 0; i < data.length; i++) data[i] = i < specials.length ? specials[i] : Math.sin(i) * 100;
  // A signalling NaN with a payload and its sign bit set (a float copy would set its quiet bit), in the last row
  const words = new Int32Array(data.buffer);
  if (dtype === 'float32') words[words.length - 2] = 0xff812345 | 0;
  else words[words.length - 3] = 0xfff12345 | 0;
  return new Tensor([rows, width], data, dtype);
}

describe('C[X] gathers whole rows, bit for bit', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const width of [1, 3, 10, 33]) {
      it(`${dtype}, rows of ${width}`, () => {
        const C = table(7, width, dtype);
        const X = [6, 0, 3, 6, 1, 1, 5, 2, 4, 0, 6, 6];
        const out = embedding(C, tensor([4, 3], X, 'int64'));
        expect(out.shape).toEqual([4, 3, width]);
        const words = dtype === 'float32' ? 1 : 2;
        const got = new Int32Array(out.data.buffer, out.data.byteOffset, out.data.length * words);
        const src = new Int32Array(C.data.buffer);
        const expected = X.flatMap((r) => Array.from(src.subarray(r * width * words, (r + 1) * width * words)));
        expect(Array.from(got)).toEqual(expected);
      });
    }
  }
});
