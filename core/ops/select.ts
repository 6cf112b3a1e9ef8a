/**
 * Basic indexing (`x[1]`, `x[:, 0]`, `x[2:5]`, `x[::2, -1]`) and gathering rows by an index tensor of any
 * shape (`Ytr[ix]`, `x[idx]` for a table of any rank). Both read a subset of x; their backwards scatter the
 * gradient back into zeros of x's shape, so a row read twice gets both gradients.
 */
import { TensorError } from '../tensor/errors';
import { stridesOf } from '../tensor/shape';
import { allocFloat, castTo, full, Tensor } from '../tensor/tensor';
import { apply, defineOp } from './op';
import * as S from './symbolic/expr';
import { catIndex, sliceIndex } from './symbolic/index-text';
import { rowsCopiedSpecial, subject } from './symbolic/rule-kit';

/** One dim's part of a basic index: `start + k·step` for k < length; `drop` when an int removed the dim. */
export interface DimSlice {
  start: number;
  step: number;
  length: number;
  drop: boolean;
}

type SliceAttrs = { starts: number[]; steps: number[]; lengths: number[]; drops: number[] };

/** The flat source offset of every output element, in row-major output order (`start + k·step` per dim). */
export function sliceOffsets(
  shape: readonly number[],
  starts: readonly number[],
  steps: readonly number[],
  lengths: readonly number[],
): Int32Array {
  const strides = stridesOf(shape);
  const n = lengths.reduce((p, l) => p * l, 1);
  const out = new Int32Array(n);
  const counter = lengths.map(() => 0);
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let d = 0; d < shape.length; d++) off += (starts[d] + counter[d] * steps[d]) * strides[d];
    out[i] = off;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++counter[d] < lengths[d]) break;
      counter[d] = 0;
    }
  }
  return out;
}

function sliceShape(a: SliceAttrs): number[] {
  return a.lengths.filter((_, d) => !a.drops.includes(d));
}

const sliceOp = defineOp<SliceAttrs>({
  name: 'slice',
  forward: ([x], attrs) => {
    const offsets = sliceOffsets(x.shape, attrs.starts, attrs.steps, attrs.lengths);
    const src = x.data;
    const out = x.data instanceof Int32Array ? new Int32Array(offsets.length) : allocFloat(x.dtype, offsets.length);
    for (let i = 0; i < offsets.length; i++) out[i] = src[offsets[i]];
    return { out: new Tensor(sliceShape(attrs), out, x.dtype), saved: undefined };
  },
  backward: (g, { inputs: [x], attrs }) => {
    const offsets = sliceOffsets(x.shape, attrs.starts, attrs.steps, attrs.lengths);
    const gd = g.floats('slice');
    const out = allocFloat(g.dtype, x.size);
    for (let i = 0; i < offsets.length; i++) out[offsets[i]] += gd[i];
    return [new Tensor(x.shape, out, g.dtype)];
  },
  gradFn: 'SliceBackward0',
  rule: {
    kind: 'structural',
    grad: (_, { inputs: [x], node }, g) =>
      S.call(
        `torch.zeros_like(${x.text}).index_put(${sliceIndex(node.attrs, x.shape)}, ${g.text})`,
        `\\operatorname{scatter}_{${sliceIndex(node.attrs, x.shape)}}${S.texArg(g)}`,
        x.shape,
      ),
    special: (_, { inputs: [x], inputNodes: [nx], source }) => ({
      kind: 'scatter-add',
      note:
        `${source.text} reads part of ${subject(nx, x)}, so the gradient goes back to exactly those positions ` +
        'and is 0 everywhere else',
    }),
  },
  text: ([x], n) => S.method(x, sliceIndex(n.attrs, x.shape), (l) => `${l}${sliceIndex(n.attrs, x.shape)}`, n.shape),
  bindings: {
    /**
     * `spec`, as the arguments after x (ints cross from Python as arguments far cheaper than as one list): every
     * dim's start, then every step, every length, and whether the dim is dropped (1/0).
     */
    slice: (io, x: number, ...s: number[]) => {
      const rank = s.length / 4;
      const dims = Array.from({ length: rank }, (_, d) => ({
        start: s[d],
        step: s[rank + d],
        length: s[2 * rank + d],
        drop: s[3 * rank + d] === 1,
      }));
      return slice(io.tensor(x), dims);
    },
    /** `x[i, j, …]` with plain ints (the ints are the arguments after x). */
    select: (io, x: number, ...ints: number[]) => {
      const t = io.tensor(x);
      return slice(t, intSlices(t.shape, ints));
    },
  },
});

/**
 * The DimSlices of `x[i, j, …]` with plain ints, PyTorch's commonest index in a learner's loops: each int picks
 * its dim's entry (negative counts from the end), the dims after it stay whole. Out of bounds, or more ints than
 * dims, is PyTorch's IndexError. (A Python int beyond 2^53 arrives as a BigInt: always out of bounds.)
 */
export function intSlices(shape: readonly number[], ints: readonly (number | bigint)[]): DimSlice[] {
  if (ints.length > shape.length)
    throw new TensorError('index', `too many indices for tensor of dimension ${shape.length}`);
  return shape.map((n, d) => {
    if (d >= ints.length) return { start: 0, step: 1, length: n, drop: false };
    const i = ints[d];
    if (typeof i !== 'number' || i < -n || i >= n)
      throw new TensorError('index', `index ${i} is out of bounds for dimension ${d} with size ${n}`);
    return { start: i < 0 ? i + n : i, step: 1, length: 1, drop: true };
  });
}

/** x[spec]: one DimSlice per dim of x (already normalised and bounds-checked by the caller). */
export function slice(x: Tensor, spec: readonly DimSlice[]): Tensor {
  if (spec.length !== x.shape.length)
    throw new TensorError('slice', `expected ${x.shape.length} dims, got ${spec.length}`);
  return apply(sliceOp, [x], {
    starts: spec.map((s) => s.start),
    steps: spec.map((s) => s.step),
    lengths: spec.map((s) => s.length),
    drops: spec.flatMap((s, d) => (s.drop ? [d] : [])),
  });
}

function rowIndices(x: Tensor, ix: Tensor): Int32Array {
  if (!(ix.data instanceof Int32Array))
    throw new TensorError('index', `tensors used as indices must be long, int or bool tensors, got ${ix.dtype}`);
  if (x.shape.length === 0) throw new TensorError('index', 'invalid index of a 0-dim tensor');
  const rows = x.shape[0];
  const idx = Int32Array.from(ix.data, (i) => (i < 0 ? i + rows : i));
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0 || idx[i] >= rows) {
      throw new TensorError('index', `index ${ix.data[i]} is out of bounds for dimension 0 with size ${rows}`);
    }
  }
  return idx;
}

const indexOp = defineOp<Record<string, never>>({
  name: 'index',
  forward: ([x, ix]) => {
    const idx = rowIndices(x, ix);
    const width = x.size / x.shape[0];
    const out =
      x.data instanceof Int32Array ? new Int32Array(idx.length * width) : allocFloat(x.dtype, idx.length * width);
    for (let i = 0; i < idx.length; i++) out.set(x.data.subarray(idx[i] * width, idx[i] * width + width), i * width);
    return { out: new Tensor([...ix.shape, ...x.shape.slice(1)], out, x.dtype), saved: undefined };
  },
  backward: (g, { inputs: [x, ix] }) => {
    const idx = rowIndices(x, ix);
    const width = x.size / x.shape[0];
    const gd = g.floats('index');
    const out = allocFloat(g.dtype, x.size);
    for (let i = 0; i < idx.length; i++) {
      for (let j = 0; j < width; j++) out[idx[i] * width + j] += gd[i * width + j];
    }
    return [new Tensor(x.shape, out, g.dtype), null];
  },
  gradFn: 'IndexBackward0',
  rule: {
    kind: 'structural',
    grad: (k, { inputs: [x, ix] }, g) => {
      if (k !== 0) return null;
      const flat = S.method(ix, '.view(-1)', (l) => l, [ix.shape.reduce((p, q) => p * q, 1)]);
      return S.call(
        `torch.zeros_like(${x.text}).index_add(0, ${flat.text}, ${g.text}.view(-1, *${x.text}.shape[1:]))`,
        `\\operatorname{scatter\\_add}_{${ix.latex}}${S.texArg(g)}`,
        x.shape,
      );
    },
    special: (k, r) => (k !== 0 ? null : rowsCopiedSpecial(r)),
  },
  text: ([x, ix], n) => S.method(x, `[${ix.text}]`, (l) => `${l}[${ix.latex}]`, n.shape),
  bindings: { index: (io, x: number, ix: number) => indexRows(io.tensor(x), io.tensor(ix)) },
});

/** x[ix] for an integer tensor ix of any shape: rows of x along dim 0 (result shape ix.shape + x.shape[1:]). */
export function indexRows(x: Tensor, ix: Tensor): Tensor {
  return apply(indexOp, [x, ix], {});
}

type PutAttrs = { offsets: number[] };

/** x with the elements at `offsets` (flat, row-major) replaced by value's: `x[idx] = v` on a tracked tensor. */
const indexPutOp = defineOp<PutAttrs>({
  name: 'index_put',
  forward: ([x, value], { offsets }) => {
    const out = allocFloat(x.dtype, x.size);
    out.set(x.floats('index_put'));
    const v = value.floats('index_put');
    if (v.length !== offsets.length && v.length !== 1) {
      throw new TensorError(
        'index_put',
        `shape mismatch: value tensor of shape [${value.shape.join(', ')}] cannot be broadcast to indexing result of ${offsets.length} elements`,
      );
    }
    for (let i = 0; i < offsets.length; i++) out[offsets[i]] = v.length === 1 ? v[0] : v[i];
    return { out: new Tensor(x.shape, out, x.dtype), saved: undefined };
  },
  // The overwritten entries no longer depend on x; each of them depends on its value entry.
  backward: (g, { inputs: [, value], attrs: { offsets } }) => {
    const gd = g.floats('index_put');
    const gx = allocFloat(g.dtype, g.size);
    gx.set(gd);
    const gv = allocFloat(g.dtype, value.size);
    for (let i = 0; i < offsets.length; i++) {
      gx[offsets[i]] = 0;
      gv[value.size === 1 ? 0 : i] += gd[offsets[i]];
    }
    return [new Tensor(g.shape, gx, g.dtype), new Tensor(value.shape, gv, g.dtype)];
  },
  gradFn: 'IndexPutBackward0',
  rule: {
    kind: 'structural',
    grad: (k, { inputs: [x, v] }, g) =>
      k === 0
        ? S.call(`${g.text}.index_put(…, 0)`, `${g.latex}\\big|_{\\text{written}=0}`, x.shape)
        : S.call(`${g.text}[…]`, `${g.latex}\\big|_{\\text{written}}`, v.shape),
  },
  text: ([x, v], n) =>
    S.call(`${x.text}.index_put(…, ${v.text})`, `\\operatorname{put}\\left(${x.latex}, ${v.latex}\\right)`, n.shape),
  bindings: {
    index_put: (io, x: number, offsets: number, value: number, isTensor: boolean) =>
      indexPut(
        io.tensor(x),
        Array.from(io.tensor(offsets).data),
        isTensor ? io.tensor(value) : full([], value, io.tensor(x).dtype),
      ),
  },
});

export function indexPut(x: Tensor, offsets: readonly number[], value: Tensor): Tensor {
  return apply(indexPutOp, [x, value], { offsets: [...offsets] });
}

/** torch.cat(xs, dim): the inputs side by side along dim; backward hands each input its slice of the gradient. */
const catOp = defineOp<{ dim: number }>({
  name: 'cat',
  forward: (xs, { dim }) => {
    const first = xs[0];
    const rank = first.shape.length;
    for (const x of xs) {
      if (x.shape.length !== rank || x.shape.some((d, i) => i !== dim && d !== first.shape[i])) {
        throw new TensorError(
          'cat',
          `Sizes of tensors must match except in dimension ${dim}. Expected size ${first.shape.map((d, i) => (i === dim ? '*' : d)).join(', ')} but got size ${x.shape.join(', ')}`,
        );
      }
    }
    const outer = first.shape.slice(0, dim).reduce((a, b) => a * b, 1);
    const inner = first.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const total = xs.reduce((a, x) => a + x.shape[dim], 0);
    // The result's dtype is the inputs' promoted one (float32 with float64 gives float64), as torch.cat's.
    const dtype = xs.some((x) => x.dtype === 'float64') ? 'float64' : first.dtype;
    const out = allocFloat(dtype, outer * total * inner);
    let at = 0;
    for (const x of xs) {
      const w = x.shape[dim] * inner;
      const src = x.floats('cat');
      for (let o = 0; o < outer; o++) out.set(src.subarray(o * w, o * w + w), o * total * inner + at);
      at += w;
    }
    const shape = [...first.shape];
    shape[dim] = total;
    return { out: new Tensor(shape, out, dtype), saved: undefined };
  },
  backward: (g, { inputs, attrs: { dim } }) => {
    let start = 0;
    return inputs.map((x) => {
      const spec = x.shape.map((d, i) =>
        i === dim ? { start, step: 1, length: d, drop: false } : { start: 0, step: 1, length: d, drop: false },
      );
      start += x.shape[dim];
      // Each input's gradient in its own dtype, as PyTorch's engine casts it.
      const part = slice(g, spec);
      return part.dtype === x.dtype ? part : castTo(part, x.dtype);
    });
  },
  gradFn: 'CatBackward0',
  rule: {
    kind: 'structural',
    grad: (k, { inputs, node }, g) => {
      const dim = Number(node.attrs.dim);
      const start = inputs.slice(0, k).reduce((a, x) => a + x.shape[dim], 0);
      const idx = catIndex(dim, start, inputs[k].shape[dim]);
      return S.method(g, idx, (l) => `${l}${idx}`, inputs[k].shape);
    },
  },
  text: (xs, n) =>
    S.call(
      `torch.cat([${xs.map((x) => x.text).join(', ')}], ${String(n.attrs.dim)})`,
      `\\operatorname{cat}\\left(${xs.map((x) => x.latex).join(', ')}\\right)`,
      n.shape,
    ),
  bindings: { cat: (io, xs: unknown, dim: number) => cat(io.list<number[]>(xs).map(io.tensor), dim) },
});

export function cat(xs: readonly Tensor[], dim: number): Tensor {
  if (xs.length === 0) throw new TensorError('cat', 'expected a non-empty list of Tensors');
  return apply(catOp, xs, { dim });
}
