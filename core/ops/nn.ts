/** The two fused ops of the lecture's exercises: softmax and cross-entropy, with their one-line backwards. */
import { TensorError } from '../tensor/errors';
import { simdSoftmaxRows } from '../kernels/wasm-softmax';
import { allocFloat, type FloatData, Tensor } from '../tensor/tensor';
import { div, mul, sub } from './elementwise';
import { expand } from './expand';
import { oneHot } from './indexing';
import { exp } from './math';
import { apply, defineOp } from './op';
import { checkDim, splitAt } from './reduce-kernels';
import { sum } from './reduce';
import { view } from './shape-ops';
import * as S from './symbolic/expr';
import { crossEntropyGrad, dimOf } from './symbolic/rule-kit';

/** Float32 softmaxes shorter than this stay in JavaScript (a kernel call costs about what 16 of its exps do). */
const SIMD_MIN = 16;

/**
 * Softmax along dim, max-subtracted for stability (no autograd); each slice along dim is one "row": exp in
 * float64 (rounded to the result's dtype), the sum in float64. Float32 rows along the last dim run in WebAssembly
 * SIMD at the same bits (see softmax-op.wat).
 */
export function softmaxKernel(x: Tensor, dim = 1): Tensor {
  const d = checkDim('softmax', x, dim);
  const { outer, size: c, inner } = splitAt(x.shape, d);
  const src = x.floats('softmax');
  const out = allocFloat(x.dtype, x.size, false);
  const end = c * inner;
  if (
    inner === 1 &&
    c * outer >= SIMD_MIN &&
    src instanceof Float32Array &&
    out instanceof Float32Array &&
    simdSoftmaxRows(src, outer, c, out, (r) => softmaxSlice(src, out, r * c, c, 1))
  )
    return new Tensor(x.shape, out, x.dtype);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) softmaxSlice(src, out, o * end + i, end, inner);
  return new Tensor(x.shape, out, x.dtype);
}

/** The softmax of the slice of src whose elements sit at base + j·inner (j < end / inner), into out. */
function softmaxSlice(src: FloatData, out: FloatData, base: number, end: number, inner: number): void {
  let m = -Infinity;
  for (let k = base; k < base + end; k += inner) m = Math.max(m, src[k]);
  let s = 0;
  for (let k = base; k < base + end; k += inner) {
    out[k] = Math.exp(src[k] - m);
    s += out[k];
  }
  for (let k = base; k < base + end; k += inner) out[k] = out[k] / s;
}

const softmaxOp = defineOp<{ dim: number }>({
  name: 'softmax',
  forward: ([x], { dim }) => ({ out: softmaxKernel(x, dim), saved: undefined }),
  // dx = y ⊙ (g − Σ_j g_j y_j)
  backward: (g, { out, attrs: { dim } }) => [mul(out, sub(g, expand(sum(mul(g, out), dim, true), out.shape)))],
  gradFn: 'SoftmaxBackward0',
  rule: {
    kind: 'structural',
    grad: (_, { out, node }, g) =>
      S.mul(out, S.group(S.sub(g, S.sum(S.mul(g, out), [dimOf(node.attrs, out.shape.length)!], true)))),
  },
  text: ([x], n) =>
    S.call(`F.softmax(${x.text}, ${String(n.attrs.dim)})`, `\\operatorname{softmax}\\left(${x.latex}\\right)`, n.shape),
  bindings: { softmax: (io, x: number, dim: number) => softmax(io.tensor(x), dim) },
});

const crossEntropyOp = defineOp<Record<string, never>, Tensor>({
  name: 'cross_entropy',
  forward: ([logits, targets]) => {
    const probs = softmaxKernel(logits);
    const [n, c] = logits.shape;
    if (!(targets.data instanceof Int32Array) || targets.shape.length !== 1 || targets.shape[0] !== n) {
      throw new TensorError(
        'cross_entropy',
        `targets must be ${n} class indices, got ${targets.dtype} [${targets.shape.join(', ')}]`,
      );
    }
    const p = probs.floats('cross_entropy');
    let total = 0;
    for (let r = 0; r < n; r++) {
      const y = targets.data[r];
      if (y < 0 || y >= c) throw new TensorError('cross_entropy', `Target ${y} is out of bounds.`);
      total -= Math.log(p[r * c + y]);
    }
    const out = allocFloat(logits.dtype, 1);
    out[0] = total / n;
    return { out: new Tensor([], out, logits.dtype), saved: probs };
  },
  // Exercise 2: dlogits = (softmax(logits) − onehot(Yb)) / n, times the incoming scalar gradient.
  backward: (g, { inputs: [logits, targets], saved: probs }) => {
    const [n, c] = logits.shape;
    const local = div(sub(probs, oneHot(targets, c)), n);
    return [mul(local, expand(view(g, [1, 1]), local.shape)), null];
  },
  gradFn: 'NllLossBackward0',
  rule: {
    kind: 'structural',
    grad: (k, { inputs: [logits, targets] }, g) => (k === 0 ? crossEntropyGrad(logits, targets, g) : null),
  },
  text: ([a, b], n) =>
    S.call(
      `F.cross_entropy(${a.text}, ${b.text})`,
      `\\operatorname{cross\\_entropy}\\left(${a.latex}, ${b.latex}\\right)`,
      n.shape,
    ),
  bindings: { cross_entropy: (io, x: number, y: number) => crossEntropy(io.tensor(x), io.tensor(y)) },
});

const logSoftmaxOp = defineOp<{ dim: number }>({
  name: 'log_softmax',
  forward: ([x], { dim }) => {
    const p = softmaxKernel(x, dim);
    const out = p.floats('log_softmax');
    for (let i = 0; i < out.length; i++) out[i] = Math.log(out[i]);
    return { out: p, saved: undefined };
  },
  // dx = g − softmax(x) · Σ_j g_j
  backward: (g, { out, attrs: { dim } }) => [sub(g, mul(expand(sum(g, dim, true), out.shape), exp(out)))],
  gradFn: 'LogSoftmaxBackward0',
  rule: {
    kind: 'structural',
    grad: (_, { out, node }, g) =>
      S.sub(
        g,
        S.mul(
          S.method(out, '.exp()', (l) => `e^{${l}}`, out.shape),
          S.sum(g, [dimOf(node.attrs, out.shape.length)!], true),
        ),
      ),
  },
  text: ([x], n) =>
    S.call(
      `F.log_softmax(${x.text}, ${String(n.attrs.dim)})`,
      `\\log\\operatorname{softmax}\\left(${x.latex}\\right)`,
      n.shape,
    ),
  bindings: { log_softmax: (io, x: number, dim: number) => logSoftmax(io.tensor(x), dim) },
});

/** F.log_softmax(x, dim) */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return apply(logSoftmaxOp, [x], { dim });
}

/** F.softmax(x, dim) */
export function softmax(x: Tensor, dim: number): Tensor {
  return apply(softmaxOp, [x], { dim });
}

/** F.cross_entropy(logits, targets): the mean negative log-likelihood. */
export function crossEntropy(logits: Tensor, targets: Tensor): Tensor {
  return apply(crossEntropyOp, [logits, targets], {});
}
