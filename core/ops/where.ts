/**
 * torch.where(cond, a, b): a where cond holds, else b, all three broadcast together. The gradient goes to a
 * where cond holds and to b elsewhere (exact zeros beside it, never −0). masked_fill, tril, triu and relu are
 * where with a mask Python computes (their grad_fn names are PyTorch's, given by Python).
 */
import { TensorError } from '../tensor/errors';
import { broadcastMismatch, broadcastShapes } from '../tensor/shape';
import { allocFloat, promoteFloat, Tensor } from '../tensor/tensor';
import { type BinaryLoop, mapBinary } from './elementwise-kernels';
import { expand, expandOp } from './expand';
import { apply, defineOp } from './op';
import * as S from './symbolic/expr';

/** Keeps g where the mask is (not) set, an exact 0 elsewhere. */
const keepWhere = (g: Tensor, cond: Tensor, set: boolean): Tensor =>
  mapBinary('where_backward', g, castMask(cond, g), set ? keepSetLoop : keepUnsetLoop);
const keepSetLoop: BinaryLoop = (g, c, out) => {
  for (let i = 0; i < out.length; i++) out[i] = c[i] !== 0 ? g[i] : 0;
};
const keepUnsetLoop: BinaryLoop = (g, c, out) => {
  for (let i = 0; i < out.length; i++) out[i] = c[i] !== 0 ? 0 : g[i];
};
/** The 0/1 mask as floats of g's dtype, for the elementwise kernel. */
const castMask = (cond: Tensor, like: Tensor): Tensor =>
  new Tensor(cond.shape, like.dtype === 'float64' ? Float64Array.from(cond.data) : Float32Array.from(cond.data));

const whereOp = defineOp<Record<string, never>>({
  name: 'where',
  forward: ([cond, a, b]) => {
    const x = a.floats('where');
    const y = b.floats('where');
    const c = cond.data;
    const dtype = promoteFloat(a, b);
    const out = allocFloat(dtype, x.length);
    for (let i = 0; i < out.length; i++) out[i] = c[i] !== 0 ? x[i] : y[i];
    return { out: new Tensor(a.shape, out, dtype), saved: undefined };
  },
  backward: (g, { inputs: [cond] }) => [null, keepWhere(g, cond, true), keepWhere(g, cond, false)],
  gradFn: 'WhereBackward0',
  rule: {
    kind: 'structural',
    grad: (k, { inputs: [c] }, g) =>
      k === 0
        ? null
        : S.mul(
            g,
            S.call(
              `(${c.text} ${k === 1 ? '!=' : '=='} 0)`,
              `\\mathbb{1}\\left[${k === 1 ? '' : '\\lnot '}${c.latex}\\right]`,
              c.shape,
            ),
          ),
  },
  text: ([c, a, b], n) =>
    S.call(
      `torch.where(${c.text}, ${a.text}, ${b.text})`,
      `\\operatorname{where}\\left(${c.latex}, ${a.latex}, ${b.latex}\\right)`,
      n.shape,
    ),
  bindings: {
    where: (io, c: number, a: number, b: number) => where(io.tensor(c), io.tensor(a), io.tensor(b)),
  },
});

/** torch.where(cond, a, b) for an integer (bool) cond and float a, b; all three broadcast. */
export function where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  if (!(cond.data instanceof Int32Array))
    throw new TensorError(
      'where',
      `where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype}`,
    );
  let shape: number[] = [];
  for (const t of [cond, a, b]) {
    const r = broadcastShapes(shape, t.shape);
    if ('mismatchDim' in r) throw new TensorError('where', broadcastMismatch(r));
    shape = r.shape;
  }
  const c =
    cond.shape.length === shape.length && cond.shape.every((d, i) => d === shape[i]) ? cond : expandMask(cond, shape);
  return apply(whereOp, [c, expand(a, shape), expand(b, shape)], {});
}

/** An integer mask broadcast to shape (data only: a mask carries no gradient). */
function expandMask(cond: Tensor, shape: number[]): Tensor {
  const f = expandOp.forward([new Tensor(cond.shape, Float64Array.from(cond.data), 'float64')], { shape }).out;
  return new Tensor(shape, Int32Array.from(f.data), 'int64');
}
