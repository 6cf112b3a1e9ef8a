/** Elementwise ops: + − × ÷ between tensors (broadcast by explicit expand) and with Python scalars. */
import { Tensor } from '../tensor/tensor';
import { broadcastPair, checkBroadcast } from './expand';
import {
  mapBroadcast,
  mapSpan,
  mapUnary,
  scalarFor,
  simdScalar,
  simdSpan,
  type SpanLoop,
  type UnaryLoop,
} from './elementwise-kernels';
import type { BinaryKernel } from '../kernels/wasm-elementwise';
import { divBackward } from './fused-backward';
import { apply, defineOp, recordsGrad } from './op';
import { sameShape } from '../tensor/shape';
import * as S from './symbolic/expr';
import { ONE, pointwise, same, scalarAttr } from './symbolic/rule-kit';

// One loop per op (see elementwise-kernels.ts for why they are not one loop with a callback); float32 operands
// go to the SIMD kernel first (simdSpan, simdScalar), which gives the same bits.
const addLoop: SpanLoop = (x, y, out, xo, yo, oo, n) => {
  if (simdSpan('add', x, y, out, xo, yo, oo, n)) return;
  for (let i = 0; i < n; i++) out[oo + i] = x[xo + i] + y[yo + i];
};
const subLoop: SpanLoop = (x, y, out, xo, yo, oo, n) => {
  if (simdSpan('sub', x, y, out, xo, yo, oo, n)) return;
  for (let i = 0; i < n; i++) out[oo + i] = x[xo + i] - y[yo + i];
};
const mulLoop: SpanLoop = (x, y, out, xo, yo, oo, n) => {
  if (simdSpan('mul', x, y, out, xo, yo, oo, n)) return;
  for (let i = 0; i < n; i++) out[oo + i] = x[xo + i] * y[yo + i];
};
const divLoop: SpanLoop = (x, y, out, xo, yo, oo, n) => {
  if (simdSpan('div', x, y, out, xo, yo, oo, n)) return;
  for (let i = 0; i < n; i++) out[oo + i] = x[xo + i] / y[yo + i];
};
/** The four loops by op name, for writing a result into its left operand's storage (`x += y` in place). */
export const SPAN_LOOPS: Readonly<Record<'add' | 'sub' | 'mul' | 'div', SpanLoop>> = {
  add: addLoop,
  sub: subLoop,
  mul: mulLoop,
  div: divLoop,
};
const negLoop: UnaryLoop = (x, out) => {
  for (let i = 0; i < out.length; i++) out[i] = -x[i];
};
const addScalarLoop: UnaryLoop = (x, out, s) => {
  if (simdScalar('add', x, s, out, false)) return;
  for (let i = 0; i < out.length; i++) out[i] = x[i] + s;
};
const subScalarLoop: UnaryLoop = (x, out, s) => {
  if (simdScalar('sub', x, s, out, false)) return;
  for (let i = 0; i < out.length; i++) out[i] = x[i] - s;
};
const rsubScalarLoop: UnaryLoop = (x, out, s) => {
  if (simdScalar('sub', x, s, out, true)) return;
  for (let i = 0; i < out.length; i++) out[i] = s - x[i];
};
const mulScalarLoop: UnaryLoop = (x, out, s) => {
  if (simdScalar('mul', x, s, out, false)) return;
  for (let i = 0; i < out.length; i++) out[i] = x[i] * s;
};
const divScalarLoop: UnaryLoop = (x, out, s) => {
  if (simdScalar('div', x, s, out, false)) return;
  for (let i = 0; i < out.length; i++) out[i] = x[i] / s;
};
const rdivScalarLoop: UnaryLoop = (x, out, s) => {
  if (simdScalar('div', x, s, out, true)) return;
  for (let i = 0; i < out.length; i++) out[i] = s / x[i];
};

type None = Record<string, never>;
type Scalar = { scalar: number };

const addOp = defineOp<None>({
  name: 'add',
  forward: ([a, b]) => ({ out: pair('add', a, b, addLoop), saved: undefined }),
  backward: (g) => [g, g],
  gradFn: 'AddBackward0',
  rule: same(S.num(1)),
  text: ([a, b]) => S.add(a, b),
  bindings: { add: (io, a: number, b: number) => add(io.tensor(a), io.tensor(b)) },
});

const subOp = defineOp<None>({
  name: 'sub',
  forward: ([a, b]) => ({ out: pair('sub', a, b, subLoop), saved: undefined }),
  backward: (g) => [g, neg(g)],
  gradFn: 'SubBackward0',
  rule: pointwise((k) => S.num(k === 0 ? 1 : -1)),
  text: ([a, b]) => S.sub(a, b),
  bindings: { sub: (io, a: number, b: number) => sub(io.tensor(a), io.tensor(b)) },
});

const mulOp = defineOp<None>({
  name: 'mul',
  forward: ([a, b]) => ({ out: pair('mul', a, b, mulLoop), saved: undefined }),
  backward: (g, { inputs: [a, b], needs }) => [needs[0] ? mul(g, b) : null, needs[1] ? mul(g, a) : null],
  gradFn: 'MulBackward0',
  rule: pointwise((k, r) => r.inputs[1 - k]),
  text: ([a, b]) => S.mul(a, b),
  bindings: { mul: (io, a: number, b: number) => mul(io.tensor(a), io.tensor(b)) },
});

const divOp = defineOp<None>({
  name: 'div',
  forward: ([a, b]) => ({ out: pair('div', a, b, divLoop), saved: undefined }),
  // d(a/b)/da = 1/b; d(a/b)/db = -a/b² (PyTorch: -grad * a / (b * b)).
  backward: (g, { inputs: [a, b], needs }) =>
    sameShape(a.shape, g.shape) && sameShape(b.shape, g.shape) && a.dtype === g.dtype && b.dtype === g.dtype
      ? divBackward(g, a, b, needs) // the two formulas below in one pass (a batch norm's divide, every step)
      : [needs[0] ? div(g, b) : null, needs[1] ? div(mul(neg(g), a), mul(b, b)) : null],
  gradFn: 'DivBackward0',
  rule: pointwise((k, { inputs: [a, b] }) => (k === 0 ? S.div(ONE, b) : S.div(S.neg(a), S.pow(b, 2)))),
  text: ([a, b]) => S.div(a, b),
  bindings: { div: (io, a: number, b: number) => div(io.tensor(a), io.tensor(b)) },
});

const negOp = defineOp<None>({
  name: 'neg',
  forward: ([x]) => ({ out: mapUnary('neg', x, negLoop), saved: undefined }),
  backward: (g) => [neg(g)],
  gradFn: 'NegBackward0',
  rule: same(S.num(-1)),
  text: ([a]) => S.neg(a),
  bindings: { neg: (io, a: number) => neg(io.tensor(a)) },
});

const addScalarOp = defineOp<Scalar>({
  name: 'add_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('add', x, addScalarLoop, s), saved: undefined };
  },
  backward: (g) => [g],
  gradFn: 'AddBackward0',
  rule: same(S.num(1)),
  text: ([x], n) => S.add(x, S.num(scalarAttr(n))),
  bindings: {
    add_s: (io, a: number, s: number) => add(io.tensor(a), s),
    radd_s: (io, a: number, s: number) => add(s, io.tensor(a)),
  },
});

/** x − s */
const subScalarOp = defineOp<Scalar>({
  name: 'sub_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('sub', x, subScalarLoop, s), saved: undefined };
  },
  backward: (g) => [g],
  gradFn: 'SubBackward0',
  rule: same(S.num(1)),
  text: ([x], n) => S.sub(x, S.num(scalarAttr(n))),
  bindings: { sub_s: (io, a: number, s: number) => sub(io.tensor(a), s) },
});

/** s − x */
const rsubScalarOp = defineOp<Scalar>({
  name: 'rsub_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('sub', x, rsubScalarLoop, s), saved: undefined };
  },
  backward: (g) => [neg(g)],
  gradFn: 'RsubBackward1',
  rule: same(S.num(-1)),
  text: ([x], n) => S.sub(S.num(scalarAttr(n)), x),
  bindings: { rsub_s: (io, a: number, s: number) => sub(s, io.tensor(a)) },
});

const mulScalarOp = defineOp<Scalar>({
  name: 'mul_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('mul', x, mulScalarLoop, s), saved: undefined };
  },
  backward: (g, { attrs }) => [mul(g, attrs.scalar)],
  gradFn: 'MulBackward0',
  rule: pointwise((_, r) => S.num(scalarAttr(r.node))),
  // The recorded op does not say which side the scalar was on; the lecture puts it in front (`1/n*...`).
  text: ([x], n) => S.mul(S.num(scalarAttr(n)), x),
  bindings: {
    mul_s: (io, a: number, s: number) => mul(io.tensor(a), s),
    rmul_s: (io, a: number, s: number) => mul(s, io.tensor(a)),
  },
});

/** x / s */
const divScalarOp = defineOp<Scalar>({
  name: 'div_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('div', x, divScalarLoop, s), saved: undefined };
  },
  backward: (g, { attrs }) => [div(g, attrs.scalar)],
  gradFn: 'DivBackward0',
  rule: pointwise((_, r) => S.num(1 / scalarAttr(r.node))),
  text: ([x], n) => S.div(x, S.num(scalarAttr(n))),
  bindings: { div_s: (io, a: number, s: number) => div(io.tensor(a), s) },
});

/** s / x (Python's `1.0 / probs`); d/dx = −s/x² = −out²/s. */
const rdivScalarOp = defineOp<Scalar>({
  name: 'rdiv_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('div', x, rdivScalarLoop, s), saved: undefined };
  },
  // PyTorch computes s / x as x.reciprocal() * s, so its gradient is (g·s)·−(1/x)², finite where s = 0.
  backward: (g, { inputs: [x], attrs }) => {
    const r = div(1, x);
    return [mul(mul(g, attrs.scalar), neg(mul(r, r)))];
  },
  gradFn: 'MulBackward0',
  rule: pointwise((_, r) => S.div(S.num(-scalarAttr(r.node)), S.pow(r.inputs[0], 2))),
  text: ([x], n) => S.div(S.num(scalarAttr(n)), x),
  bindings: { rdiv_s: (io, a: number, s: number) => div(s, io.tensor(a)) },
});

export type Operand = Tensor | number;

function binary(
  op: string,
  tt: Parameters<typeof apply>[0],
  ts: Parameters<typeof apply>[0],
  st: Parameters<typeof apply>[0],
  a: Operand,
  b: Operand,
): Tensor {
  if (typeof a === 'number' && typeof b === 'number')
    throw new TypeError(`${op}: at least one operand must be a tensor`);
  if (typeof b === 'number') return apply(ts, [a as Tensor], { scalar: b });
  if (typeof a === 'number') return apply(st, [b], { scalar: a });
  // Autograd records the op: its operands are expanded explicitly (see expand.ts). Otherwise the kernel
  // broadcasts by itself (`pair`, which also says where shapes do not), sparing a full-size copy.
  if (!sameShape(a.shape, b.shape) && recordsGrad([a, b])) return apply(tt, broadcastPair(op, a, b), {});
  return apply(tt, [a, b], {});
}

/** The forward of + − × ÷: operands of one shape, or (for an op autograd does not record) of shapes that broadcast. */
function pair(op: BinaryKernel, a: Tensor, b: Tensor, loop: SpanLoop): Tensor {
  if (sameShape(a.shape, b.shape)) return mapSpan(op, a, b, loop);
  return mapBroadcast(op, a, b, checkBroadcast(op, a, b), loop, op);
}

/** a + b, either side may be a Python scalar. */
export function add(a: Operand, b: Operand): Tensor {
  return binary('add', addOp, addScalarOp, addScalarOp, a, b);
}

/** a − b, either side may be a Python scalar. */
export function sub(a: Operand, b: Operand): Tensor {
  return binary('sub', subOp, subScalarOp, rsubScalarOp, a, b);
}

/** a × b, either side may be a Python scalar. */
export function mul(a: Operand, b: Operand): Tensor {
  return binary('mul', mulOp, mulScalarOp, mulScalarOp, a, b);
}

/** a ÷ b, either side may be a Python scalar. */
export function div(a: Operand, b: Operand): Tensor {
  return binary('div', divOp, divScalarOp, rdivScalarOp, a, b);
}

export function neg(x: Tensor): Tensor {
  return apply(negOp, [x], {});
}
