/** Elementwise ops: + − × ÷ between tensors (broadcast by explicit expand) and with Python scalars. */
import { Tensor } from '../tensor/tensor';
import { broadcastPair } from './expand';
import { mapBinary, mapUnary, scalarFor } from './elementwise-kernels';
import { apply, defineOp } from './op';

type None = Record<string, never>;
type Scalar = { scalar: number };

const addOp = defineOp<None>({
  name: 'add',
  forward: ([a, b]) => ({ out: mapBinary('add', a, b, (x, y) => x + y), saved: undefined }),
  backward: (g) => [g, g],
});

const subOp = defineOp<None>({
  name: 'sub',
  forward: ([a, b]) => ({ out: mapBinary('sub', a, b, (x, y) => x - y), saved: undefined }),
  backward: (g) => [g, neg(g)],
});

const mulOp = defineOp<None>({
  name: 'mul',
  forward: ([a, b]) => ({ out: mapBinary('mul', a, b, (x, y) => x * y), saved: undefined }),
  backward: (g, { inputs: [a, b] }) => [mul(g, b), mul(g, a)],
});

const divOp = defineOp<None>({
  name: 'div',
  forward: ([a, b]) => ({ out: mapBinary('div', a, b, (x, y) => x / y), saved: undefined }),
  // d(a/b)/da = 1/b; d(a/b)/db = -a/b² (PyTorch: -grad * a / (b * b)).
  backward: (g, { inputs: [a, b] }) => [div(g, b), div(mul(neg(g), a), mul(b, b))],
});

const negOp = defineOp<None>({
  name: 'neg',
  forward: ([x]) => ({ out: mapUnary('neg', x, (v) => -v), saved: undefined }),
  backward: (g) => [neg(g)],
});

const addScalarOp = defineOp<Scalar>({
  name: 'add_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('add', x, (v) => v + s), saved: undefined };
  },
  backward: (g) => [g],
});

/** x − s */
const subScalarOp = defineOp<Scalar>({
  name: 'sub_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('sub', x, (v) => v - s), saved: undefined };
  },
  backward: (g) => [g],
});

/** s − x */
const rsubScalarOp = defineOp<Scalar>({
  name: 'rsub_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('sub', x, (v) => s - v), saved: undefined };
  },
  backward: (g) => [neg(g)],
});

const mulScalarOp = defineOp<Scalar>({
  name: 'mul_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('mul', x, (v) => v * s), saved: undefined };
  },
  backward: (g, { attrs }) => [mul(g, attrs.scalar)],
});

/** x / s */
const divScalarOp = defineOp<Scalar>({
  name: 'div_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('div', x, (v) => v / s), saved: undefined };
  },
  backward: (g, { attrs }) => [div(g, attrs.scalar)],
});

/** s / x (Python's `1.0 / probs`); d/dx = −s/x² = −out²/s. */
const rdivScalarOp = defineOp<Scalar>({
  name: 'rdiv_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('div', x, (v) => s / v), saved: undefined };
  },
  backward: (g, { out, attrs }) => [mul(neg(g), div(mul(out, out), attrs.scalar))],
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
  return apply(tt, broadcastPair(op, a, b), {});
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
