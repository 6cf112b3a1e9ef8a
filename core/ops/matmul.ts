/** 2-D matrix multiply `a @ b`, whose backward is the two transposed products. */
import { hasWasmMatmul, wasmMatmul } from '../kernels/wasm-matmul';
import { TensorError } from '../tensor/errors';
import { allocFloat, promoteFloat, Tensor } from '../tensor/tensor';
import { apply, defineOp } from './op';
import { transpose, view } from './shape-ops';
import * as S from './symbolic/expr';

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
  gradFn: 'MmBackward0',
  rule: {
    kind: 'structural',
    grad: (k, { inputs: [a, b] }, g) => (k === 0 ? S.matmul(g, S.transpose(b)) : S.matmul(S.transpose(a), g)),
    special: (_, { inputs: [a, b], inputNodes: [na, nb], source }, g) => ({
      kind: 'matmul-transpose',
      note:
        `${source.text} is a matrix product, so its gradients are the two transposed products: ` +
        `${na.kind === 'op' ? `d(${a.text})` : `d${na.id}`} = ${S.matmul(g, S.transpose(b)).text} and ` +
        `${nb.kind === 'op' ? `d(${b.text})` : `d${nb.id}`} = ${S.matmul(S.transpose(a), g).text}`,
    }),
  },
  text: ([a, b]) => S.matmul(a, b),
  bindings: { matmul: (io, a: number, b: number) => matmulNd(io.tensor(a), io.tensor(b)) },
});

/** a @ b */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return apply(matmulOp, [a, b], {});
}

/** a @ b for 1-D to N-D operands as torch.matmul, through views around the 2-D matmul. */
export function matmulNd(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length === 2 && b.shape.length === 2) return matmul(a, b);
  if (b.shape.length === 2 && a.shape.length > 2) {
    const lead = a.shape.slice(0, -1);
    return view(matmul(view(a, [-1, a.shape[a.shape.length - 1]]), b), [...lead, b.shape[1]]);
  }
  if (a.shape.length === 1 && b.shape.length === 2) return view(matmul(view(a, [1, -1]), b), [b.shape[1]]);
  if (a.shape.length === 2 && b.shape.length === 1) return view(matmul(a, view(b, [-1, 1])), [a.shape[0]]);
  if (a.shape.length === 1 && b.shape.length === 1) return view(matmul(view(a, [1, -1]), view(b, [-1, 1])), []);
  throw new TensorError(
    'matmul',
    `batched matmul of shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] is not supported`,
  );
}
