/** 2-D matrix multiply `a @ b`, whose backward is the two transposed products. */
import { hasWasmMatmul, wasmMatmul } from '../kernels/wasm-matmul';
import { TensorError } from '../tensor/errors';
import { allocFloat, promoteFloat, Tensor } from '../tensor/tensor';
import { apply, defineOp } from './op';
import { expand } from './expand';
import { permute, transpose, view } from './shape-ops';
import { broadcastMismatch, broadcastShapes, numel } from '../tensor/shape';
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
  const out = allocFloat(promoteFloat(a, b), m * n, false); // both paths write every row
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
  backward: (g, { inputs: [a, b], needs }) => [
    needs[0] ? matmul(g, transpose(b)) : null,
    needs[1] ? matmul(transpose(a), g) : null,
  ],
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

/** The last two dims of a batch of matrices swapped (`x.transpose(-2, -1)`). */
const swapLast = (x: Tensor): Tensor => permute(x, [0, 2, 1]);

/** A batch of matrix products: [B, m, k] @ [B, k, n] → [B, m, n], each product by the 2-D kernel. */
const bmmOp = defineOp<Record<string, never>>({
  name: 'bmm',
  forward: ([a, b]) => {
    if (a.shape.length !== 3 || b.shape.length !== 3 || a.shape[0] !== b.shape[0])
      throw new TensorError(
        'bmm',
        `expected batches of matrices of one size, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`,
      );
    const [batch, m, k] = a.shape;
    const n = b.shape[2];
    const A = a.floats('bmm');
    const B = b.floats('bmm');
    const out = allocFloat(promoteFloat(a, b), batch * m * n);
    for (let i = 0; i < batch; i++) {
      const ai = new Tensor([m, k], A.subarray(i * m * k, (i + 1) * m * k), a.dtype);
      const bi = new Tensor([b.shape[1], n], B.subarray(i * k * n, (i + 1) * k * n), b.dtype);
      out.set(matmulKernel(ai, bi).data as Float32Array | Float64Array, i * m * n);
    }
    return { out: new Tensor([batch, m, n], out, promoteFloat(a, b)), saved: undefined };
  },
  backward: (g, { inputs: [a, b], needs }) => [
    needs[0] ? bmm(g, swapLast(b)) : null,
    needs[1] ? bmm(swapLast(a), g) : null,
  ],
  gradFn: 'BmmBackward0',
  rule: {
    kind: 'structural',
    grad: (k, { inputs: [a, b] }, g) => (k === 0 ? S.matmul(g, S.transposeLast(b)) : S.matmul(S.transposeLast(a), g)),
  },
  text: ([a, b]) => S.matmul(a, b),
  bindings: { bmm: (io, a: number, b: number) => bmm(io.tensor(a), io.tensor(b)) },
});

/** torch.bmm(a, b) */
export function bmm(a: Tensor, b: Tensor): Tensor {
  return apply(bmmOp, [a, b], {});
}

/**
 * a @ b for 1-D to N-D operands as torch.matmul, through views around the 2-D matmul; with a batch on both sides
 * (or on b's), the batch dims broadcast and the products run as one bmm.
 */
export function matmulNd(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length === 2 && b.shape.length === 2) return matmul(a, b);
  if (b.shape.length === 2 && a.shape.length > 2) {
    const lead = a.shape.slice(0, -1);
    return view(matmul(view(a, [-1, a.shape[a.shape.length - 1]]), b), [...lead, b.shape[1]]);
  }
  if (a.shape.length === 1 && b.shape.length === 2) return view(matmul(view(a, [1, -1]), b), [b.shape[1]]);
  if (a.shape.length === 2 && b.shape.length === 1) return view(matmul(a, view(b, [-1, 1])), [a.shape[0]]);
  if (a.shape.length === 1 && b.shape.length === 1) return view(matmul(view(a, [1, -1]), view(b, [-1, 1])), []);
  if (a.shape.length > 2 && b.shape.length === 1) {
    const lead = a.shape.slice(0, -1);
    return view(matmul(view(a, [-1, a.shape[a.shape.length - 1]]), view(b, [-1, 1])), lead);
  }
  if (a.shape.length >= 2 && b.shape.length >= 2) {
    const [m, k] = a.shape.slice(-2);
    const [k2, n] = b.shape.slice(-2);
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
    if ('mismatchDim' in batch) throw new TensorError('matmul', broadcastMismatch(batch));
    if (k !== k2)
      throw new TensorError(
        'matmul',
        `Expected size for first two dimensions of batch2 tensor to be: [${numel(batch.shape)}, ${k}] but got: [${numel(batch.shape)}, ${k2}].`,
      );
    const flat = (x: Tensor, rows: number, cols: number) =>
      view(expand(x, [...batch.shape, rows, cols]), [-1, rows, cols]);
    return view(bmm(flat(a, m, k), flat(b, k2, n)), [...batch.shape, m, n]);
  }
  throw new TensorError(
    'matmul',
    `batched matmul of shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] is not supported`,
  );
}
