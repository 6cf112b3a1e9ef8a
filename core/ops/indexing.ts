/**
 * Index ops: the embedding lookup `C[Xb]`, row picking `x[range(n), Yb]`, `one_hot`, `index_add`.
 * Their backwards scatter-add: every row that was read receives the gradient of every place it went.
 */
import { TensorError } from '../tensor/errors';
import { allocFloat, type FloatData, Tensor } from '../tensor/tensor';
import { apply, defineOp } from './op';
import * as S from './symbolic/expr';
import { oneHot as oneHotExpr, rowsCopiedSpecial, subject } from './symbolic/rule-kit';

function indices(op: string, t: Tensor): Int32Array {
  if (!(t.data instanceof Int32Array)) throw new TensorError(op, `indices must be an integer tensor, got ${t.dtype}`);
  return t.data;
}

function checkRange(op: string, idx: Int32Array, size: number, dim: number): void {
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0 || idx[i] >= size) {
      throw new TensorError(op, `index ${idx[i]} is out of bounds for dimension ${dim} with size ${size}`);
    }
  }
}

/** out[r] += src[i] for every i with index[i] = r: the shared scatter-add of embedding and index_add. */
function scatterRows(
  target: Float32Array | Float64Array,
  index: Int32Array,
  src: ArrayLike<number>,
  width: number,
): void {
  for (let i = 0; i < index.length; i++) {
    const to = index[i] * width;
    const from = i * width;
    for (let j = 0; j < width; j++) target[to + j] += src[from + j];
  }
}

/**
 * out's row i = src's row idx[i], for rows of `width` values. Copied as integers, so every float keeps its bits
 * (a NaN's payload too), by a plain loop: a view per row (`out.set(src.subarray(…))`) costs ~80 ns, ten times
 * the copy of the lecture's 10-float rows (182,625 × 3 of them in an evaluation's `C[Xtr]`).
 */
function gatherRows(src: FloatData, idx: Int32Array, width: number, out: FloatData): void {
  const words = src instanceof Float64Array ? 2 : 1;
  const from = new Int32Array(src.buffer, src.byteOffset, src.length * words);
  const to = new Int32Array(out.buffer, out.byteOffset, out.length * words);
  const w = width * words;
  for (let i = 0, o = 0; i < idx.length; i++) {
    const s = idx[i] * w;
    for (let j = s; j < s + w; j++) to[o++] = from[j];
  }
}

const embeddingOp = defineOp<Record<string, never>>({
  name: 'embedding',
  forward: ([table, ix]) => {
    if (table.shape.length !== 2)
      throw new TensorError('embedding', `table must be 2-D, got shape [${table.shape.join(', ')}]`);
    const idx = indices('embedding', ix);
    const [rows, width] = table.shape;
    checkRange('embedding', idx, rows, 0);
    const src = table.floats('embedding');
    const out = allocFloat(table.dtype, idx.length * width, false);
    gatherRows(src, idx, width, out);
    return { out: new Tensor([...ix.shape, width], out, table.dtype), saved: undefined };
  },
  backward: (g, { inputs: [table, ix] }) => {
    const out = allocFloat(g.dtype, table.size);
    scatterRows(out, indices('embedding', ix), g.floats('embedding'), table.shape[1]);
    return [new Tensor(table.shape, out, g.dtype), null];
  },
  gradFn: 'IndexBackward0',
  rule: {
    kind: 'structural',
    grad: (k, { inputs: [table, ix], inputNodes: [nt] }, g) => {
      if (k !== 0) return null;
      const width = table.shape[1];
      const rows = S.view(
        g,
        [g.shape.reduce((a, b) => a * b, 1) / width, width],
        `-1, ${nt.kind === 'op' ? width : `${nt.id}.shape[1]`}`,
      );
      const flat = S.method(ix, '.view(-1)', (l) => l, [ix.shape.reduce((p, q) => p * q, 1)]);
      return S.call(
        `torch.zeros_like(${table.text}).index_add(0, ${flat.text}, ${rows.text})`,
        `\\operatorname{scatter\\_add}_{${ix.latex}}${S.texArg(g)}`,
        table.shape,
      );
    },
    special: (k, r) => (k !== 0 ? null : rowsCopiedSpecial(r)),
  },
  text: ([table, ix], n) => S.method(table, `[${ix.text}]`, (l) => `${l}[${ix.latex}]`, n.shape),
  bindings: { embedding: (io, c: number, x: number) => embedding(io.tensor(c), io.tensor(x)) },
});

const pickOp = defineOp<Record<string, never>>({
  name: 'pick',
  forward: ([x, cols]) => {
    const idx = indices('pick', cols);
    if (x.shape.length !== 2 || cols.shape.length !== 1 || cols.shape[0] !== x.shape[0]) {
      throw new TensorError(
        'pick',
        `x[range(n), idx] needs a 2-D x and n indices; got x [${x.shape.join(', ')}] and idx [${cols.shape.join(', ')}]`,
      );
    }
    const [n, c] = x.shape;
    checkRange('pick', idx, c, 1);
    const src = x.floats('pick');
    const out = allocFloat(x.dtype, n);
    for (let r = 0; r < n; r++) out[r] = src[r * c + idx[r]];
    return { out: new Tensor([n], out, x.dtype), saved: undefined };
  },
  backward: (g, { inputs: [x, cols] }) => {
    const [n, c] = x.shape;
    const idx = indices('pick', cols);
    const gd = g.floats('pick');
    const out = allocFloat(g.dtype, x.size);
    for (let r = 0; r < n; r++) out[r * c + idx[r]] += gd[r];
    return [new Tensor(x.shape, out, g.dtype), null];
  },
  gradFn: 'IndexBackward0',
  rule: {
    kind: 'structural',
    grad: (k, { inputs: [x, ix] }, g) => (k === 0 ? S.mul(oneHotExpr(ix, x.shape[1]), S.unsqueeze(g, 1)) : null),
    special: (k, { inputs: [x], inputNodes: [nx], node, source }) =>
      k !== 0
        ? null
        : {
            kind: 'scatter-add',
            note:
              `${source.text} reads one element per row, so the gradient is added back at ` +
              `those ${node.shape[0]} positions of ${subject(nx, x)} and is 0 everywhere else`,
          },
  },
  text: ([x, ix], n) =>
    S.method(x, `[range(${n.shape[0]}), ${ix.text}]`, (l) => `${l}_{[i,\\,${ix.latex}_i]}`, n.shape),
  bindings: { pick: (io, x: number, ix: number) => pick(io.tensor(x), io.tensor(ix)) },
});

const indexAddOp = defineOp<{ dim: number }>({
  name: 'index_add',
  forward: ([x, index, source]) => {
    const idx = indices('index_add', index);
    if (
      x.shape.length !== 2 ||
      source.shape.length !== 2 ||
      source.shape[1] !== x.shape[1] ||
      source.shape[0] !== idx.length
    ) {
      throw new TensorError(
        'index_add',
        `expects a 2-D self, 1-D index and source of shape [len(index), ${x.shape[1]}]; got [${x.shape.join(', ')}], [${index.shape.join(', ')}], [${source.shape.join(', ')}]`,
      );
    }
    checkRange('index_add', idx, x.shape[0], 0);
    const out = allocFloat(x.dtype, x.size);
    out.set(x.floats('index_add'));
    scatterRows(out, idx, source.floats('index_add'), x.shape[1]);
    return { out: new Tensor(x.shape, out, x.dtype), saved: undefined };
  },
  backward: (g, { inputs: [, index] }) => [g, null, embedding(g, index)],
  gradFn: 'IndexAddBackward0',
  rule: {
    kind: 'structural',
    grad: (k, { inputs: [, ix] }, g) =>
      k === 0
        ? g
        : k === 2
          ? S.method(g, `[${ix.text}]`, (l) => `${l}_{[${ix.latex}]}`, [ix.shape[0], g.shape[1]])
          : null,
  },
  text: ([x, ix, src], n) =>
    S.method(
      x,
      `.index_add(0, ${ix.text}, ${src.text})`,
      (l) => `\\operatorname{index\\_add}\\left(${l}, ${ix.latex}, ${src.latex}\\right)`,
      n.shape,
    ),
  bindings: {
    index_add: (io, x: number, dim: number, ix: number, src: number) =>
      indexAdd(io.tensor(x), dim, io.tensor(ix), io.tensor(src)),
  },
});

/** C[Xb]: one row of the table per index; output shape is index shape + [width]. */
export function embedding(table: Tensor, ix: Tensor): Tensor {
  return apply(embeddingOp, [table, ix], {});
}

/** x[range(n), idx]: one element per row. */
export function pick(x: Tensor, idx: Tensor): Tensor {
  return apply(pickOp, [x, idx], {});
}

/** x.index_add(0, index, source): rows of source added into the rows of x that index names. */
export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  if (dim !== 0) throw new TensorError('index_add', `only dim 0 is supported, got ${dim}`);
  return apply(indexAddOp, [x, index, source], { dim });
}

/** F.one_hot(idx, num_classes) as float32 (the lecture multiplies it with floats right away). */
export function oneHot(idx: Tensor, numClasses: number): Tensor {
  const ix = indices('one_hot', idx);
  checkRange('one_hot', ix, numClasses, 0);
  const out = new Float32Array(ix.length * numClasses);
  for (let i = 0; i < ix.length; i++) out[i * numClasses + ix[i]] = 1;
  return new Tensor([...idx.shape, numClasses], out);
}

/** A copy of x with x[range(n), idx] set to value (the lecture's `dlogprobs[range(n), Yb] = -1.0/n`). */
export function withPicked(x: Tensor, idx: Tensor, value: number | ((old: number) => number)): Tensor {
  const ix = indices('index_put', idx);
  const [n, c] = x.shape;
  if (x.shape.length !== 2 || ix.length !== n) {
    throw new TensorError(
      'index_put',
      `x[range(n), idx] needs a 2-D x and n indices; got [${x.shape.join(', ')}] and ${ix.length}`,
    );
  }
  checkRange('index_put', ix, c, 1);
  const out = allocFloat(x.dtype, x.size);
  out.set(x.floats('index_put'));
  for (let r = 0; r < n; r++) out[r * c + ix[r]] = typeof value === 'number' ? value : value(out[r * c + ix[r]]);
  return new Tensor(x.shape, out, x.dtype);
}
