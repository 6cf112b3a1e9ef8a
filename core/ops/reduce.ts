/**
 * Reductions: sum, mean, max, var. A reduction in the forward pass is a broadcast in the backward pass:
 * each backward re-inserts the reduced dim (if keepdim was false) and expands the gradient back.
 */
import { TensorError } from '../tensor/errors';
import { allocFloat, Tensor } from '../tensor/tensor';
import { div, mul, sub } from './elementwise';
import { expand } from './expand';
import { apply, defineOp, type BindingIO } from './op';
import { checkDim, reducedShape, splitAt, sumAllKernel, sumKernel } from './reduce-kernels';
import { view } from './shape-ops';
import * as S from './symbolic/expr';
import { argmaxGrad, argmaxSpecial, dimOf, keepText, unreduce as unreduceExpr, varFactor } from './symbolic/rule-kit';

type DimAttrs = { dim: number | null; keepdim: boolean };

/** Puts back a reduced dim as size 1, then expands: the backward of every reduction. */
function unreduce(g: Tensor, x: Tensor, dim: number | null, keepdim: boolean): Tensor {
  if (dim === null)
    return expand(
      view(
        g,
        x.shape.map(() => 1),
      ),
      x.shape,
    );
  const d = checkDim('sum', x, dim);
  return expand(keepdim ? g : view(g, reducedShape(x.shape, d, true)), x.shape);
}

const sumOp = defineOp<DimAttrs>({
  name: 'sum',
  forward: ([x], { dim, keepdim }) => ({
    out: dim === null ? sumAllKernel(x) : sumKernel(x, dim, keepdim),
    saved: undefined,
  }),
  backward: (g, { inputs: [x], attrs: { dim, keepdim } }) => [unreduce(g, x, dim, keepdim)],
  gradFn: 'SumBackward1',
  reduction: 'sum',
  rule: { kind: 'structural', grad: (_, r, g) => unreduceExpr(g, r.node, r.inputs[0]) },
  text: ([x], n) => {
    const d = dimOf(n.attrs, x.shape.length);
    return S.sum(x, d === null ? null : [d], Boolean(n.attrs.keepdim));
  },
  bindings: {
    sum: (io, a: number, dim: number | null, keepdim: boolean) => sum(io.tensor(a), dim ?? null, keepdim),
  },
});

const meanOp = defineOp<DimAttrs>({
  name: 'mean',
  forward: ([x], { dim, keepdim }) => {
    const s = dim === null ? sumAllKernel(x) : sumKernel(x, dim, keepdim);
    const n = dim === null ? x.size : x.shape[checkDim('mean', x, dim)];
    const out = s.floats('mean');
    for (let i = 0; i < out.length; i++) out[i] = out[i] / n;
    return { out: s, saved: undefined };
  },
  backward: (g, { inputs: [x], attrs: { dim, keepdim } }) => {
    const n = dim === null ? x.size : x.shape[checkDim('mean', x, dim)];
    return [div(unreduce(g, x, dim, keepdim), n)];
  },
  gradFn: 'MeanBackward1',
  reduction: 'mean',
  rule: {
    kind: 'structural',
    grad: (_, r, g) => {
      const x = r.inputs[0];
      const d = dimOf(r.node.attrs, x.shape.length);
      return S.div(unreduceExpr(g, r.node, x), S.num(d === null ? x.shape.reduce((a, b) => a * b, 1) : x.shape[d]));
    },
  },
  text: ([x], n) => {
    const d = dimOf(n.attrs, x.shape.length);
    return S.mean(x, d === null ? null : [d], Boolean(n.attrs.keepdim));
  },
  bindings: {
    mean: (io, a: number, dim: number | null, keepdim: boolean) => mean(io.tensor(a), dim ?? null, keepdim),
  },
});

/**
 * max (or min) over a dim: values, with the arg-extremum indices saved (backward routes the gradient to them
 * only). One definition serves both: `better(v, best)` says whether v replaces the current best.
 */
function extremumOp(name: 'max' | 'min', better: (v: number, best: number) => boolean, start: number) {
  return defineOp<{ dim: number; keepdim: boolean }, Int32Array>({
    name,
    forward: ([x], { dim, keepdim }) => {
      const d = checkDim(name, x, dim);
      const { outer, size, inner } = splitAt(x.shape, d);
      if (size === 0) throw new TensorError(name, 'Expected reduction dim to have non-zero size');
      const src = x.floats(name);
      const out = allocFloat(x.dtype, outer * inner);
      const idx = new Int32Array(outer * inner);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let best = start;
          let at = 0;
          for (let s = 0; s < size; s++) {
            const v = src[(o * size + s) * inner + i];
            // NaN propagates and wins, as in PyTorch; ties keep the first index.
            if (better(v, best) || Number.isNaN(v)) {
              best = v;
              at = s;
              if (Number.isNaN(v)) break;
            }
          }
          out[o * inner + i] = best;
          idx[o * inner + i] = at;
        }
      }
      return { out: new Tensor(reducedShape(x.shape, d, keepdim), out, x.dtype), saved: idx };
    },
    backward: (g, { inputs: [x], attrs: { dim }, saved: idx }) => {
      const d = checkDim(name, x, dim);
      const { outer, size, inner } = splitAt(x.shape, d);
      const gd = g.floats(name);
      const out = allocFloat(g.dtype, x.size);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) out[(o * size + idx[o * inner + i]) * inner + i] = gd[o * inner + i];
      }
      return [new Tensor(x.shape, out, g.dtype)];
    },
    gradFn: name === 'max' ? 'MaxBackward0' : 'MinBackward0',
    reduction: name,
    rule: {
      kind: 'structural',
      grad: (_, r, g) => argmaxGrad(r, g, name),
      special: (_, r, g) => argmaxSpecial(r, g, name),
    },
    text: ([x], n) =>
      S.method(
        x,
        `.${name}(${String(n.attrs.dim)}${keepText(n.attrs)}).values`,
        (l) => `\\${name}_{${String(n.attrs.dim)}}\\left(${l}\\right)`,
        n.shape,
      ),
    bindings: {
      [name]: (io: BindingIO, a: number, dim: number, keepdim: boolean) =>
        (name === 'max' ? max : min)(io.tensor(a), dim, keepdim).values,
      [`arg${name}`]: (io: BindingIO, a: number, dim: number, keepdim: boolean) =>
        (name === 'max' ? argmax : argmin)(io.tensor(a), dim, keepdim),
    },
  });
}

const maxOp = extremumOp('max', (v, best) => v > best, -Infinity);
const minOp = extremumOp('min', (v, best) => v < best, Infinity);

const varOp = defineOp<{ dim: number; keepdim: boolean; unbiased: boolean }>({
  name: 'var',
  forward: ([x], { dim, keepdim, unbiased }) => {
    const d = checkDim('var', x, dim);
    const n = x.shape[d];
    const mean = sumKernel(x, d, true);
    const m = mean.floats('var');
    for (let i = 0; i < m.length; i++) m[i] = m[i] / n;
    const { outer, size, inner } = splitAt(x.shape, d);
    const src = x.floats('var');
    const out = allocFloat(x.dtype, outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let acc = 0;
        for (let s = 0; s < size; s++) {
          const dv = src[(o * size + s) * inner + i] - m[o * inner + i];
          acc += dv * dv;
        }
        out[o * inner + i] = acc / (unbiased ? n - 1 : n);
      }
    }
    return { out: new Tensor(reducedShape(x.shape, d, keepdim), out, x.dtype), saved: undefined };
  },
  // d var / dx_i = 2 (x_i − mean) / (n − 1): a broadcast of the gradient, scaled by the centred input.
  backward: (g, { inputs: [x], attrs: { dim, keepdim, unbiased } }) => {
    const d = checkDim('var', x, dim);
    const n = x.shape[d];
    const centred = sub(x, mean(x, d, true));
    return [mul(mul(unreduce(g, x, d, keepdim), centred), 2 / (unbiased ? n - 1 : n))];
  },
  gradFn: 'VarBackward0',
  reduction: 'variance',
  rule: {
    kind: 'structural',
    grad: (_, r, g) => {
      const x = r.inputs[0];
      const d = dimOf(r.node.attrs, x.shape.length)!;
      const n = x.shape[d] - (r.node.attrs.unbiased === false ? 0 : 1);
      return S.mul(varFactor(x, d, n), unreduceExpr(g, r.node, x));
    },
  },
  text: ([x], n) =>
    S.method(
      x,
      `.var(${String(n.attrs.dim)}${keepText(n.attrs)}${n.attrs.unbiased === false ? ', unbiased=False' : ''})`,
      (l) => `\\operatorname{var}_{${String(n.attrs.dim)}}\\left(${l}\\right)`,
      n.shape,
    ),
  bindings: {
    var: (io, a: number, dim: number, keepdim: boolean, unbiased: boolean) =>
      variance(io.tensor(a), dim, keepdim, unbiased),
  },
});

/** x.sum(dim, keepdim); dim null sums everything to a scalar. */
export function sum(x: Tensor, dim: number | null = null, keepdim = false): Tensor {
  return apply(sumOp, [x], { dim, keepdim });
}

export function mean(x: Tensor, dim: number | null = null, keepdim = false): Tensor {
  return apply(meanOp, [x], { dim, keepdim });
}

/** x.max(dim, keepdim=...) → values and indices, like PyTorch's named tuple. */
export function max(x: Tensor, dim: number, keepdim = false): { values: Tensor; indices: Tensor } {
  const values = apply(maxOp, [x], { dim, keepdim });
  return { values, indices: argmax(x, dim, keepdim) };
}

/** x.min(dim, keepdim=...) → values and indices. */
export function min(x: Tensor, dim: number, keepdim = false): { values: Tensor; indices: Tensor } {
  const values = apply(minOp, [x], { dim, keepdim });
  return { values, indices: argmin(x, dim, keepdim) };
}

/** Indices of the maxima along dim (no gradient, no node in the graph). */
export function argmax(x: Tensor, dim: number, keepdim = false): Tensor {
  const { saved, out } = maxOp.forward([x], { dim, keepdim });
  return new Tensor(out.shape, saved, 'int64');
}

/** Indices of the minima along dim (no gradient, no node in the graph). */
export function argmin(x: Tensor, dim: number, keepdim = false): Tensor {
  const { saved, out } = minOp.forward([x], { dim, keepdim });
  return new Tensor(out.shape, saved, 'int64');
}

export function variance(x: Tensor, dim: number, keepdim = false, unbiased = true): Tensor {
  return apply(varOp, [x], { dim, keepdim, unbiased });
}
