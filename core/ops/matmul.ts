/** 2-D matrix multiply `a @ b`, whose backward is the two transposed products. */
import { hasWasmMatmul, wasmMatmul } from '../kernels/wasm-matmul';
import { TensorError } from '../tensor/errors';
import { allocFloat, promoteFloat, Tensor } from '../tensor/tensor';
import { apply, defineOp } from './op';
import { transpose } from './shape-ops';

/**
 * The kernel. Float32 goes to the WebAssembly SIMD kernel (float32 accumulation, like a BLAS sgemm);
 * float64 (gradient checks) uses an i-k-j loop with a float64 row accumulator.
 */
export function matmulKernel(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw new TensorError('matmul', `expected 2-D tensors, got ${a.shape.length}-D and ${b.shape.length}-D`);
  }
  const [m, k] = a.shape;
  const [k2, n] = b.shape;
  if (k !== k2) {
    throw new TensorError('matmul', `mat1 and mat2 shapes cannot be multiplied (${m}x${k} and ${k2}x${n})`);
  }
  const A = a.floats('matmul');
  const B = b.floats('matmul');
  const out = allocFloat(promoteFloat(a, b), m * n);
  if (hasWasmMatmul && A instanceof Float32Array && B instanceof Float32Array && out instanceof Float32Array) {
    wasmMatmul(A, B, m, k, n, out);
    return new Tensor([m, n], out);
  }
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      const row = p * n;
      for (let j = 0; j < n; j++) acc[j] += aip * B[row + j];
    }
    out.set(acc, i * n);
  }
  return new Tensor([m, n], out);
}

const matmulOp = defineOp<Record<string, never>>({
  name: 'matmul',
  forward: ([a, b]) => ({ out: matmulKernel(a, b), saved: undefined }),
  backward: (g, { inputs: [a, b] }) => [matmul(g, transpose(b)), matmul(transpose(a), g)],
});

/** a @ b */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return apply(matmulOp, [a, b], {});
}
