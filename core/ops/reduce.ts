/**
 * Reductions: sum, mean, max, var. A reduction in the forward pass is a broadcast in the backward pass:
 * each backward re-inserts the reduced dim (if keepdim was false) and expands the gradient back.
 */
import { TensorError } from '../tensor/errors';
import { allocFloat, type FloatData, Tensor } from '../tensor/tensor';
import { div, mul, sub } from './elementwise';
import { expand } from './expand';
import { varBackward } from './fused-backward';
import { apply, defineOp, type BindingIO, type OpSpec } from './op';
import { checkDim, reducedShape, simdColumnAcc, splitAt, sumAllKernel, sumKernel } from './reduce-kernels';
import { view } from './shape-ops';
import * as S from './symbolic/expr';
import {
  argmaxGrad,
  argmaxSpecial,
  dimOf,
  gradPhrase,
  keepText,
  subject,
  unreduce as unreduceExpr,
  varFactor,
} from './symbolic/rule-kit';
import { type BinaryLoop, mapBinary } from './elementwise-kernels';

/** 1 where the two are equal, else 0. */
const equalLoop: BinaryLoop = (x, y, out) => {
  for (let i = 0; i < out.length; i++) out[i] = x[i] === y[i] ? 1 : 0;
};
/** ... and 1 where x is NaN. */
const equalOrNanLoop: BinaryLoop = (x, y, out) => {
  for (let i = 0; i < out.length; i++) out[i] = x[i] === y[i] || Number.isNaN(x[i]) ? 1 : 0;
};

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
    const n = dim === null ? x.size : splitAt(x.shape, checkDim('mean', x, dim)).size;
    const out = s.floats('mean');
    for (let i = 0; i < out.length; i++) out[i] = out[i] / n;
    return { out: s, saved: undefined };
  },
  backward: (g, { inputs: [x], attrs: { dim, keepdim } }) => {
    const n = dim === null ? x.size : splitAt(x.shape, checkDim('mean', x, dim)).size;
    return [div(unreduce(g, x, dim, keepdim), n)];
  },
  gradFn: 'MeanBackward1',
  reduction: 'mean',
  rule: {
    kind: 'structural',
    grad: (_, r, g) => {
      const x = r.inputs[0];
      const d = dimOf(r.node.attrs, x.shape.length);
      return S.div(
        unreduceExpr(g, r.node, x),
        S.num(d === null ? x.shape.reduce((a, b) => a * b, 1) : (x.shape[d] ?? 1)),
      );
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

type DimsAttrs = { dims: number[] | null; keepdim: boolean };

/** The dims a DimsAttrs reduces, ascending and non-negative (null: all). */
const dimsOf = (x: { shape: readonly number[] }, dims: number[] | null): number[] =>
  dims === null ? x.shape.map((_, i) => i) : [...dims].sort((a, b) => a - b);

/**
 * amax/amin over several dims (all for null), and `x.max()`: the value only. Unlike max(dim), whose gradient
 * goes to the one index it returns, the gradient here is split evenly between tied extrema, as PyTorch 1.13's.
 */
function evenExtremumOp(name: 'amax' | 'amin', which: 'max' | 'min'): OpSpec<DimsAttrs> {
  const one = which === 'max' ? maxOp : minOp;
  const keptOut = (out: Tensor, x: Tensor, dims: number[] | null, keepdim: boolean) =>
    keepdim || dims === null
      ? out
      : view(
          out,
          x.shape.map((d, i) => (dimsOf(x, dims).includes(i) ? 1 : d)),
        );
  return defineOp<DimsAttrs>({
    name,
    forward: ([x], { dims, keepdim }) => {
      const ds = dimsOf(x, dims);
      let out = x;
      for (const d of [...ds].reverse()) out = one.forward([out], { dim: d, keepdim: true }).out;
      const shape = keepdim ? out.shape : x.shape.filter((_, i) => !ds.includes(i));
      return { out: new Tensor(shape, out.data, out.dtype), saved: undefined };
    },
    backward: (g, { inputs: [x], out, attrs: { dims, keepdim } }) => {
      const y = expand(keptOut(out, x, dims, keepdim), x.shape);
      // x.max() / x.min() (dims null) give a NaN result's gradient to the NaN entries, as PyTorch's
      // evenly_distribute_backward; amax/amin over dims compare, so NaN there spreads NaN.
      const nan = dims === null && Number.isNaN(out.data[0]);
      const hit = mapBinary('eq', x, y, nan ? equalOrNanLoop : equalLoop);
      let count = hit;
      for (const d of [...dimsOf(x, dims)].reverse()) count = sumKernel(count, d, true);
      return [mul(div(hit, expand(count, x.shape)), expand(keptOut(g, x, dims, keepdim), x.shape))];
    },
    gradFn: name === 'amax' ? 'AmaxBackward0' : 'AminBackward0',
    rule: {
      kind: 'structural',
      grad: (_, r, g) => {
        const x = r.inputs[0];
        const dims = r.node.attrs.dims as number[] | null;
        const ds = dimsOf(x, dims);
        const kept = (e: S.Expr) =>
          r.node.attrs.keepdim || dims === null ? e : ds.reduce((acc, d) => S.unsqueeze(acc, d), e);
        const hit = S.call(
          `(${x.text} == ${kept(r.out).text})`,
          `\\mathbb{1}\\left[${x.latex} = \\${which} ${x.latex}\\right]`,
          x.shape,
        );
        return S.mul(S.div(hit, S.group(S.sum(hit, ds, true))), S.expand(kept(g), x.shape));
      },
      special: (_, r, g) => ({
        kind: 'argmax',
        note:
          `${subject(r.node, r.out)} keeps the ${which}imum, so ${gradPhrase(g)} reaches ` +
          `${subject(r.inputNodes[0], r.inputs[0])} only where it is attained, split evenly between ties`,
      }),
    },
    text: ([x], n) => {
      const dims = n.attrs.dims as number[] | null;
      const args = dims === null ? '' : `${dims.length === 1 ? dims[0] : `(${dims.join(', ')})`}${keepText(n.attrs)}`;
      return S.method(
        x,
        dims === null ? `.${which}()` : `.${name}(${args})`,
        (l) => `\\${which}${dims === null ? '' : `_{${dims.join(',')}}`}\\left(${l}\\right)`,
        n.shape,
      );
    },
    bindings: {
      [name]: (io: BindingIO, a: number, dims: unknown, keepdim: boolean): Tensor =>
        (name === 'amax' ? amax : amin)(
          io.tensor(a),
          dims === null || dims === undefined ? null : io.list<number[]>(dims),
          keepdim,
        ),
    },
  });
}

const evenOps: Record<'amax' | 'amin', OpSpec<DimsAttrs>> = {
  amax: evenExtremumOp('amax', 'max'),
  amin: evenExtremumOp('amin', 'min'),
};

/** x.amax(dims, keepdim) (dims null: `x.max()`), its gradient split evenly between ties. */
export function amax(x: Tensor, dims: number[] | null = null, keepdim = false): Tensor {
  return apply(evenOps.amax, [x], { dims, keepdim });
}

export function amin(x: Tensor, dims: number[] | null = null, keepdim = false): Tensor {
  return apply(evenOps.amin, [x], { dims, keepdim });
}

const varOp = defineOp<{ dim: number; keepdim: boolean; unbiased: boolean }>({
  name: 'var',
  forward: ([x], { dim, keepdim, unbiased }) => {
    const d = checkDim('var', x, dim);
    const n = splitAt(x.shape, d).size;
    const mean = sumKernel(x, d, true);
    const m = mean.floats('var');
    for (let i = 0; i < m.length; i++) m[i] = m[i] / n;
    const split = splitAt(x.shape, d);
    const { outer, size, inner } = split;
    const src = x.floats('var');
    const out = allocFloat(x.dtype, outer * inner, false);
    // No degrees of freedom left (n ≤ correction): PyTorch's var is nan, 0/0, never −0 from 0/−1.
    const dof = Math.max(0, unbiased ? n - 1 : n);
    if (inner === 1) lastDimVariance(src, m, outer, size, dof, out);
    else if (!simdColumnAcc(src, split, out, m, dof)) {
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let acc = 0;
          for (let s = 0; s < size; s++) {
            const dv = src[(o * size + s) * inner + i] - m[o * inner + i];
            acc += dv * dv;
          }
          out[o * inner + i] = acc / dof;
        }
      }
    }
    return { out: new Tensor(reducedShape(x.shape, d, keepdim), out, x.dtype), saved: undefined };
  },
  // d var / dx_i = 2 (x_i − mean) / (n − 1): a broadcast of the gradient, scaled by the centred input.
  backward: (g, { inputs: [x], attrs: { dim, keepdim, unbiased } }) => {
    const d = checkDim('var', x, dim);
    const n = splitAt(x.shape, d).size;
    const c = 2 / (unbiased ? n - 1 : n);
    // In one pass where g and x are of one dtype (the formula below, with its roundings: fused-backward.ts).
    if (g.dtype === x.dtype) return [varBackward(g, x, mean(x, d, true), d, c)];
    const centred = sub(x, mean(x, d, true));
    return [mul(mul(unreduce(g, x, d, keepdim), centred), c)];
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

/**
 * Along the last dim (`p.grad.std()` over all, viewed flat): for each of `outer` rows of `size`, the float64 sum of
 * squared deviations from its mean m[o], in order, over dof. The general loop without its index arithmetic.
 */
function lastDimVariance(src: FloatData, m: FloatData, outer: number, size: number, dof: number, out: FloatData) {
  for (let o = 0; o < outer; o++) {
    const mo = m[o];
    let acc = 0;
    for (let s = o * size; s < (o + 1) * size; s++) {
      const dv = src[s] - mo;
      acc += dv * dv;
    }
    out[o] = acc / dof;
  }
}

/**
 * x.view(-1).var(0) where autograd does not see it, to a 0-d tensor: the same sums and roundings, without making
 * a flat view (one call from Python instead of two, and x's storage is not marked shared for good).
 */
export function varianceOfAll(x: Tensor, unbiased: boolean): Tensor {
  const n = x.size;
  const m = sumAllKernel(x).floats('var');
  m[0] = m[0] / n;
  const out = allocFloat(x.dtype, 1, false);
  lastDimVariance(x.floats('var'), m, 1, n, Math.max(0, unbiased ? n - 1 : n), out);
  return new Tensor([], out, x.dtype);
}

export function variance(x: Tensor, dim: number, keepdim = false, unbiased = true): Tensor {
  return apply(varOp, [x], { dim, keepdim, unbiased });
}
