/**
 * The SIMD + − × ÷ kernel against an independent oracle: Math.fround(a op b) per element, which is what the
 * JavaScript loops compute and what PyTorch's float32 kernels give (each is exactly rounded in IEEE 754); and
 * tanh's backward a · (1 − b²) and y**2's a · 2b as math.ts's loops round them.
 */
import { describe, expect, it } from 'vitest';
import { hasWasmKernels } from '../../../core/kernels/kernels';
import { type BinaryKernel, simdBinary } from '../../../core/kernels/wasm-elementwise';
import { differences, float32Values } from './float32-values';

const f = Math.fround;
export const ORACLE: Record<BinaryKernel, (a: number, b: number) => number> = {
  add: (a, b) => f(a + b),
  sub: (a, b) => f(a - b),
  mul: (a, b) => f(a * b),
  div: (a, b) => f(a / b),
  tanh_backward: (a, b) => f(a * f(1 - b * b)), // 1 − b² rounded once to float32 (b² is exact in float64)
  square_backward: (a, b) => f(a * f(2 * b)), // 2b rounded to float32 first: ±inf where it overflows
};
const OPS = Object.keys(ORACLE) as BinaryKernel[];

/** An operand's layout: first element, row stride, column stride. */
type Layout = [at: number, rs: number, cs: number];

function run(op: BinaryKernel, rows: number, cols: number, xl: Layout, yl: Layout, oo: number, seed: number) {
  const size = ([at, rs, cs]: Layout) => at + (rows - 1) * rs + (cols - 1) * cs + 1;
  const x = float32Values(size(xl) + 3, seed);
  const y = float32Values(size(yl) + 3, seed + 1);
  const out = new Float32Array(oo + rows * cols + 5).fill(7);
  expect(simdBinary(op, x, xl[0], xl[1], xl[2], y, yl[0], yl[1], yl[2], out, oo, rows, cols)).toBe(true);
  const expected = new Float32Array(out.length).fill(7);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      expected[oo + r * cols + c] = ORACLE[op](x[xl[0] + r * xl[1] + c * xl[2]], y[yl[0] + r * yl[1] + c * yl[2]]);
  expect(differences(out, expected)).toEqual([]);
}

describe.runIf(hasWasmKernels)('simdBinary: float32 + − × ÷ in WebAssembly SIMD', () => {
  for (const op of OPS) {
    it(`${op}: same-shaped operands, every length from 1 to 41 and odd offsets, bit for bit`, () => {
      for (let n = 1; n <= 41; n++) run(op, 1, n, [n % 3, 0, 1], [n % 5, 0, 1], n % 7, n);
    });

    it(`${op}: a row, a column, a scalar and an outer product, bit for bit`, () => {
      for (const [rows, cols] of [
        [32, 200],
        [7, 13],
        [5, 1],
        [1, 3],
      ]) {
        run(op, rows, cols, [1, cols, 1], [2, 0, 1], 3, rows); // x[M, N] op y[N]
        run(op, rows, cols, [0, 0, 1], [1, cols, 1], 0, rows + 1); // y[M, N] op x[N]
        run(op, rows, cols, [3, cols, 1], [0, 1, 0], 1, rows + 2); // x[M, N] op y[M, 1]
        run(op, rows, cols, [0, 1, 0], [0, cols, 1], 0, rows + 3); // x[M, 1] op y[M, N]
        run(op, rows, cols, [0, 1, 0], [0, 0, 1], 2, rows + 4); // x[M, 1] op y[1, N]
        run(op, rows, cols, [0, cols, 1], [5, 0, 0], 0, rows + 5); // x op scalar
        run(op, rows, cols, [0, 0, 0], [0, cols, 1], 0, rows + 6); // scalar op y
      }
    });

    it(`${op}: results larger than one pass through the scratch memory`, () => {
      run(op, 1, 100_003, [1, 0, 1], [0, 0, 1], 2, 11); // one row split into passes
      run(op, 2, 70_001, [0, 70_001, 1], [0, 1, 0], 0, 12); // rows longer than a pass, a column
      run(op, 1001, 99, [0, 99, 1], [3, 0, 1], 1, 13); // several rows a pass, a row broadcast
      run(op, 997, 67, [2, 1, 0], [0, 67, 1], 0, 14); // a column across passes
    });
  }

  it('reads its operands before writing, so the result may replace an operand', () => {
    const x = float32Values(1003, 21);
    const y = float32Values(1003, 22);
    const expected = Float32Array.from(x, (v, i) => ORACLE.mul(v, y[i]));
    expect(simdBinary('mul', x, 0, 0, 1, y, 0, 0, 1, x, 0, 1, x.length)).toBe(true);
    expect(differences(x, expected)).toEqual([]);
  });
});
