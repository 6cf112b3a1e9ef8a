/**
 * PyTorch's advanced indexing, `x[:, ix, iy]`: index tensors at some dims of x, broadcast together, the other
 * dims taken whole. The result has the broadcast index shape in place of the indexed dims when they are
 * adjacent, and in front otherwise (NumPy's rule, which PyTorch follows). Reading gathers; the backward
 * scatter-adds into zeros, so an element read twice gets both gradients. Writes use the same offsets.
 */
import { TensorError } from '../tensor/errors';
import { broadcastShapes, numel, stridesOf } from '../tensor/shape';
import { allocFloat, Tensor } from '../tensor/tensor';
import { apply, defineOp } from './op';
import * as S from './symbolic/expr';
import { subject } from './symbolic/rule-kit';

/** Flat offsets into a tensor of `shape` of x[...] with `index[k]` at dim `dims[k]`, and the result's shape. */
export function advancedOffsets(
  shape: readonly number[],
  dims: readonly number[],
  index: readonly Tensor[],
): { offsets: Int32Array; shape: number[] } {
  let b: number[] = [];
  for (const t of index) {
    const r = broadcastShapes(b, t.shape);
    if ('mismatchDim' in r)
      throw new TensorError(
        'index',
        `shape mismatch: indexing tensors could not be broadcast together with shapes ${index.map((i) => `[${i.shape.join(', ')}]`).join(', ')}`,
      );
    b = r.shape;
  }
  const strides = stridesOf(shape);
  const nb = numel(b);
  // Each broadcast index position's offset along the indexed dims.
  const bOff = new Int32Array(nb);
  index.forEach((t, k) => {
    const d = dims[k];
    const size = shape[d];
    const src = t.data;
    const lead = b.length - t.shape.length;
    const tStrides = stridesOf(t.shape);
    const bStrides = stridesOf(b);
    for (let j = 0; j < nb; j++) {
      let at = 0;
      for (let q = 0; q < t.shape.length; q++) {
        if (t.shape[q] !== 1) at += (Math.floor(j / bStrides[q + lead]) % b[q + lead]) * tStrides[q];
      }
      const i = src[at];
      if (i < -size || i >= size)
        throw new TensorError('index', `index ${i} is out of bounds for dimension ${d} with size ${size}`);
      bOff[j] += (i < 0 ? i + size : i) * strides[d];
    }
  });
  const rest = shape.map((_, d) => d).filter((d) => !dims.includes(d));
  const adjacent = dims.every((d, k) => k === 0 || d === dims[k - 1] + 1);
  const before = adjacent ? rest.filter((d) => d < dims[0]) : [];
  const after = adjacent ? rest.filter((d) => d > dims[0]) : rest;
  const walk = (ds: number[]): Int32Array => {
    const out = new Int32Array(numel(ds.map((d) => shape[d])));
    for (let i = 0; i < out.length; i++) {
      let rem = i;
      for (let q = ds.length - 1; q >= 0; q--) {
        const n = shape[ds[q]];
        out[i] += (rem % n) * strides[ds[q]];
        rem = Math.floor(rem / n);
      }
    }
    return out;
  };
  const pre = walk(before);
  const post = walk(after);
  const offsets = new Int32Array(pre.length * nb * post.length);
  let o = 0;
  for (const p of pre) for (const j of bOff) for (const q of post) offsets[o++] = p + j + q;
  return {
    offsets,
    shape: [...before.map((d) => shape[d]), ...b, ...after.map((d) => shape[d])],
  };
}

/** Flat offsets that `x[idx] = v` writes: whole rows of a tensor of `shape`, one per entry of `idx`. */
export const rowOffsets = (shape: readonly number[], idx: Tensor): Int32Array =>
  advancedOffsets(shape, [0], [idx]).offsets;

/** Flat offsets that `x[range(n), idx] = v` writes: in row r, the entry `idx[r]`. */
export function pickOffsets(shape: readonly number[], idx: Tensor): Int32Array {
  const rows = new Tensor(
    [shape[0]],
    Int32Array.from({ length: shape[0] }, (_, r) => r),
    'int64',
  );
  return advancedOffsets(shape, [0, 1], [rows, idx]).offsets;
}

const indexNdOp = defineOp<{ dims: number[] }, Int32Array>({
  name: 'index_nd',
  forward: ([x, ...index], { dims }) => {
    for (const t of index)
      if (!(t.data instanceof Int32Array))
        throw new TensorError('index', 'tensors used as indices must be long, byte or bool tensors');
    const { offsets, shape } = advancedOffsets(x.shape, dims, index);
    const src = x.data;
    const out = src instanceof Int32Array ? new Int32Array(offsets.length) : allocFloat(x.dtype, offsets.length);
    for (let i = 0; i < offsets.length; i++) out[i] = src[offsets[i]];
    return { out: new Tensor(shape, out, x.dtype), saved: offsets };
  },
  backward: (g, { inputs: [x, ...index], saved: offsets }) => {
    const gd = g.floats('index');
    const out = allocFloat(g.dtype, x.size);
    for (let i = 0; i < offsets.length; i++) out[offsets[i]] += gd[i];
    return [new Tensor(x.shape, out, g.dtype), ...index.map(() => null)];
  },
  gradFn: 'IndexBackward0',
  rule: {
    kind: 'structural',
    grad: (k, { inputs: [x, ...index], node }, g) =>
      k !== 0
        ? null
        : S.call(
            `torch.zeros_like(${x.text}).index_put(${keyText(x.shape.length, node.attrs.dims as number[], index)}, ${g.text}, accumulate=True)`,
            `\\operatorname{scatter\\_add}_{${index.map((i) => i.latex).join(',\\,')}}${S.texArg(g)}`,
            x.shape,
          ),
    special: (k, { inputs: [x, ...index], inputNodes: [nx], source }) =>
      k !== 0
        ? null
        : {
            kind: 'scatter-add',
            note:
              `${source.text} reads ${subject(nx, x)} at the positions ${index.map((i) => i.text).join(', ')} name, ` +
              'so the gradient is added back at those positions (twice where one is read twice) and is 0 elsewhere',
          },
  },
  text: ([x, ...index], n) => {
    const key = keyText(x.shape.length, n.attrs.dims as number[], index);
    return S.method(x, key, (l) => `${l}${key}`, n.shape);
  },
  bindings: {
    index_nd: (io, x: number, dims: unknown, index: unknown) =>
      indexNd(io.tensor(x), io.list<number[]>(dims), io.list<number[]>(index).map(io.tensor)),
  },
});

/** `[:, ix, iy]`: the index as Python writes it, with the index tensors' expressions at their dims. */
function keyText(rank: number, dims: readonly number[], index: readonly S.Expr[]): string {
  const last = Math.max(...dims);
  const parts = Array.from({ length: last + 1 }, (_, d) => (dims.includes(d) ? index[dims.indexOf(d)].text : ':'));
  return `[${parts.join(', ')}${rank > last + 1 && parts.length === 0 ? ':' : ''}]`;
}

/** x[..., index[k] at dims[k], ...]: advanced indexing by integer tensors that broadcast together. */
export function indexNd(x: Tensor, dims: readonly number[], index: readonly Tensor[]): Tensor {
  return apply(indexNdOp, [x, ...index], { dims: [...dims] });
}
