/** Ops that move data without computing: view (reshape), .T, clone. */
import { simdTranspose } from '../kernels/wasm-transpose';
import { TensorError } from '../tensor/errors';
import { numel, stridesOf, type Shape } from '../tensor/shape';
import { allocFloat, castTo, Tensor } from '../tensor/tensor';
import { apply, defineOp } from './op';
import * as S from './symbolic/expr';
import { same, subject } from './symbolic/rule-kit';

/** Resolves a single −1 in a target shape, PyTorch style. */
export function inferShape(op: string, shape: Shape, size: number): number[] {
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new TensorError(op, 'only one dimension can be inferred');
  if (shape.some((d) => d < -1 || !Number.isInteger(d)))
    throw new TensorError(op, `invalid shape dimension in [${shape.join(', ')}]`);
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  if (unknown === 1 && known === 0 && size === 0)
    throw new TensorError(
      op,
      `cannot reshape tensor of 0 elements into shape [${shape.join(', ')}] because the unspecified dimension size -1 can be any value and is ambiguous`,
    );
  const out = shape.map((d) => (d === -1 ? (known === 0 ? 0 : size / known) : d));
  if (numel(out) !== size || out.some((d) => !Number.isInteger(d))) {
    throw new TensorError(op, `shape '[${shape.join(', ')}]' is invalid for input of size ${size}`);
  }
  return out;
}

const viewOp = defineOp<{ shape: number[] }>({
  name: 'view',
  forward: ([x], { shape }) => ({
    // Row-major data is shared, as a PyTorch view shares storage; nothing here mutates it in place.
    out: new Tensor(inferShape('view', shape, x.size), x.data, x.dtype),
    saved: undefined,
  }),
  backward: (g, { inputs: [x] }) => [view(g, x.shape)],
  gradFn: 'ViewBackward0',
  rule: {
    kind: 'structural',
    grad: (_, { inputs: [x], inputNodes: [nx] }, g) =>
      S.view(g, x.shape, nx.kind === 'op' ? x.shape.join(', ') : `${nx.id}.shape`),
    special: (_, r) => ({
      kind: 'view-back',
      note:
        `${subject(r.node, r.out)} is ${subject(r.inputNodes[0], r.inputs[0])} seen as ${r.node.shape.join('×')}, ` +
        `so its gradient is viewed back to ${r.inputs[0].shape.join('×')}`,
    }),
  },
  text: ([x], n) =>
    S.method(
      x,
      `.view(${(n.attrs.shape as number[]).join(', ')})`,
      (l) => `\\operatorname{view}\\left(${l}\\right)`,
      n.shape,
    ),
  // The shape's ints are the arguments after a: they cross from Python far cheaper than one list.
  bindings: { view: (io, a: number, ...shape: number[]) => view(io.tensor(a), shape) },
});

/** Matrices smaller than this transpose in JavaScript: the kernel call and its copies cost a fixed ~0.25 µs (8×8: even). */
const SIMD_TRANSPOSE_MIN = 128;

const transposeOp = defineOp<Record<string, never>>({
  name: 'transpose',
  forward: ([x]) => {
    if (x.shape.length !== 2) throw new TensorError('transpose', `.T expects a 2-D tensor, got ${x.shape.length}-D`);
    const [r, c] = x.shape;
    // Index tensors transpose too (they never carry gradients, so only the data moves).
    const src = x.data;
    const out = src instanceof Int32Array ? new Int32Array(src.length) : allocFloat(x.dtype, src.length, false);
    if (
      src instanceof Int32Array ||
      out instanceof Int32Array ||
      src.length < SIMD_TRANSPOSE_MIN ||
      !simdTranspose(src, r, c, out)
    )
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = src[i * c + j];
    return { out: new Tensor([c, r], out, x.dtype), saved: undefined };
  },
  backward: (g) => [transpose(g)],
  gradFn: 'TBackward0',
  rule: { kind: 'structural', grad: (_, __, g) => S.transpose(g) },
  text: ([x]) => S.transpose(x),
  bindings: { transpose: (io, a: number) => transpose(io.tensor(a)) },
});

const cloneOp = defineOp<Record<string, never>>({
  name: 'clone',
  forward: ([x]) => ({ out: new Tensor(x.shape, x.data.slice(), x.dtype), saved: undefined }),
  backward: (g) => [g],
  gradFn: 'CloneBackward0',
  rule: same(S.num(1)),
  text: ([x], n) => S.method(x, '.clone()', (l) => l, n.shape),
  bindings: { clone: (io, a: number) => clone(io.tensor(a)) },
});

/** x.permute(dims): dim i of the result is dim dims[i] of x; the backward permutes back. */
const permuteOp = defineOp<{ dims: number[] }>({
  name: 'permute',
  forward: ([x], { dims }) => {
    const rank = x.shape.length;
    if (dims.length !== rank || [...dims].sort((a, b) => a - b).some((d, i) => d !== i))
      throw new TensorError(
        'permute',
        `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${rank} is not equal to len(dims) = ${dims.length}`,
      );
    const shape = dims.map((d) => x.shape[d]);
    const from = stridesOf(x.shape);
    const src = x.data;
    const out = src instanceof Int32Array ? new Int32Array(src.length) : allocFloat(x.dtype, src.length, false);
    const counter = new Array<number>(rank).fill(0);
    let s = 0;
    for (let o = 0; o < out.length; o++) {
      out[o] = src[s];
      for (let q = rank - 1; q >= 0; q--) {
        s += from[dims[q]];
        if (++counter[q] < shape[q]) break;
        s -= from[dims[q]] * shape[q];
        counter[q] = 0;
      }
    }
    return { out: new Tensor(shape, out, x.dtype), saved: undefined };
  },
  backward: (g, { attrs: { dims } }) => [permute(g, inversePermutation(dims))],
  gradFn: 'PermuteBackward0',
  rule: {
    kind: 'structural',
    grad: (_, { node }, g) => {
      const inv = inversePermutation(node.attrs.dims as number[]);
      return S.method(
        g,
        `.permute(${inv.join(', ')})`,
        (l) => `\\operatorname{permute}_{${inv.join(',')}}\\left(${l}\\right)`,
        inv.map((d) => g.shape[d]),
      );
    },
  },
  text: ([x], n) => {
    const dims = n.attrs.dims as number[];
    return S.method(
      x,
      `.permute(${dims.join(', ')})`,
      (l) => `\\operatorname{permute}_{${dims.join(',')}}\\left(${l}\\right)`,
      n.shape,
    );
  },
  bindings: { permute: (io, a: number, dims: unknown) => permute(io.tensor(a), io.list<number[]>(dims)) },
});

const inversePermutation = (dims: readonly number[]): number[] => {
  const inv = new Array<number>(dims.length);
  dims.forEach((d, i) => (inv[d] = i));
  return inv;
};

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  return apply(permuteOp, [x], { dims: [...dims] });
}

/** x.view(shape), with one −1 allowed. */
export function view(x: Tensor, shape: Shape): Tensor {
  return apply(viewOp, [x], { shape: [...shape] });
}

/** x.T for a 2-D tensor. */
export function transpose(x: Tensor): Tensor {
  return apply(transposeOp, [x], {});
}

export function clone(x: Tensor): Tensor {
  return apply(cloneOp, [x], {});
}

/** `.double()`, `.float()`, `.to(dtype)` between float dtypes: a copy whose gradient is cast back, as ToCopyBackward0. */
const toCopyOp = defineOp<{ dtype: 'float32' | 'float64' }>({
  name: 'to_copy',
  forward: ([x], { dtype }) => {
    x.floats('to'); // integer tensors are cast by the data op `cast` (they carry no gradient)
    return { out: castTo(x, dtype), saved: undefined };
  },
  backward: (g, { inputs: [x] }) => [castTo(g, x.dtype)],
  gradFn: 'ToCopyBackward0',
  rule: same(S.num(1)),
  text: ([x], n) => S.method(x, n.attrs.dtype === 'float64' ? '.double()' : '.float()', (l) => l, n.shape),
  bindings: {
    to_copy: (io, a: number, dtype: 'float32' | 'float64') => toCopy(io.tensor(a), dtype),
  },
});

export function toCopy(x: Tensor, dtype: 'float32' | 'float64'): Tensor {
  return apply(toCopyOp, [x], { dtype });
}
