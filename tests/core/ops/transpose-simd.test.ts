/**
 * `.T` of float32 and float64 matrices (in WebAssembly SIMD from 128 elements) against the definition
 * out[j, i] = x[i, j], bit for bit (NaN payloads included: a transpose only moves bits), on shapes with edges
 * that fill no 4×4 block and shapes larger than one pass through the scratch memory.
 */
import { describe, expect, it } from 'vitest';
import { transpose } from '../../../core/ops/shape-ops';
import { Tensor } from '../../../core/tensor/tensor';
import { float32Values } from '../kernels/float32-values';

const SHAPES = [
  [1, 1],
  [3, 5],
  [4, 4],
  [5, 7],
  [16, 16],
  [30, 200],
  [200, 27],
  [331, 203], // two bands of rows
  [2, 40001], // rows too long for a band of four: the JavaScript loop
  [40001, 3],
];

/** The element bits of a float array, as integers (NaN payloads compare too). */
const bits = (a: Float32Array | Float64Array): bigint[] | number[] =>
  a instanceof Float64Array
    ? Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length))
    : Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('the transpose copy moves every element to out[j, i], bits unchanged', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [r, c] of SHAPES) {
      it(`${dtype} [${r}, ${c}]`, () => {
        const values = float32Values(r * c, r * 31 + c);
        // A quiet NaN with a payload, which a move of bits keeps (as does the JavaScript loop, signalling ones aside).
        const data = dtype === 'float32' ? values : Float64Array.from(values, (v, i) => v + i * 1e-9);
        if (dtype === 'float32') new Uint32Array(data.buffer)[0] = 0x7fc00123;
        else new BigUint64Array(data.buffer)[0] = 0x7ff8000000000123n;
        const x = new Tensor([r, c], data, dtype);
        const t = transpose(x);
        expect(t.shape).toEqual([c, r]);
        const expected = dtype === 'float32' ? new Float32Array(r * c) : new Float64Array(r * c);
        const src = new Uint8Array(data.buffer);
        const dst = new Uint8Array(expected.buffer);
        const w = expected.BYTES_PER_ELEMENT;
        for (let i = 0; i < r; i++)
          for (let j = 0; j < c; j++) dst.set(src.subarray((i * c + j) * w, (i * c + j + 1) * w), (j * r + i) * w);
        expect(bits(t.data as Float32Array | Float64Array)).toEqual(bits(expected));
      });
    }
  }

  it('index tensors transpose too', () => {
    const x = new Tensor(
      [20, 9],
      Int32Array.from({ length: 180 }, (_, i) => i * 7 - 50),
      'int64',
    );
    const t = transpose(x);
    for (let i = 0; i < 20; i++) for (let j = 0; j < 9; j++) expect(t.data[j * 20 + i]).toBe(i * 63 + j * 7 - 50);
  });
});
