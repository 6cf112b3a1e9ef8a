/** Pointwise math: pow with a scalar exponent, exp, log, tanh, sqrt — each beside its derivative. */
import type { Tensor } from '../tensor/tensor';
import { div, mul } from './elementwise';
import { mapBinary, mapUnary, roundFor } from './elementwise-kernels';
import { apply, defineOp } from './op';

type None = Record<string, never>;

/**
 * x ** e. PyTorch's CPU kernel special-cases a few exponents (x*x, 1/x, rsqrt ...); we follow it,
 * rounding intermediates as a float32 kernel would, so `bndiff**2` and `counts_sum**-1` match it.
 */
function powKernel(x: Tensor, e: number): Tensor {
  const r = roundFor(x);
  const f: (v: number) => number =
    e === 2
      ? (v) => v * v
      : e === 3
        ? (v) => r(v * v) * v
        : e === 0.5
          ? (v) => Math.sqrt(v)
          : e === -0.5
            ? (v) => 1 / r(Math.sqrt(v))
            : e === -1
              ? (v) => 1 / v
              : e === -2
                ? (v) => 1 / r(v * v)
                : e === 1
                  ? (v) => v
                  : (v) => Math.pow(v, e);
  return mapUnary('pow', x, f);
}

const powOp = defineOp<{ exponent: number }>({
  name: 'pow',
  forward: ([x], { exponent }) => ({ out: powKernel(x, exponent), saved: undefined }),
  // d(x^e)/dx = e · x^(e−1) (PyTorch: grad * (e * x.pow(e − 1))).
  backward: (g, { inputs: [x], attrs: { exponent } }) =>
    exponent === 0 ? [mul(g, 0)] : [mul(g, mul(pow(x, exponent - 1), exponent))],
});

const expOp = defineOp<None>({
  name: 'exp',
  forward: ([x]) => ({ out: mapUnary('exp', x, Math.exp), saved: undefined }),
  backward: (g, { out }) => [mul(g, out)],
});

const logOp = defineOp<None>({
  name: 'log',
  forward: ([x]) => ({ out: mapUnary('log', x, Math.log), saved: undefined }),
  backward: (g, { inputs: [x] }) => [div(g, x)],
});

const log10Op = defineOp<None>({
  name: 'log10',
  forward: ([x]) => ({ out: mapUnary('log10', x, Math.log10), saved: undefined }),
  backward: (g, { inputs: [x] }) => [div(g, mul(x, Math.LN10))],
});

const tanhOp = defineOp<None>({
  name: 'tanh',
  forward: ([x]) => ({ out: mapUnary('tanh', x, Math.tanh), saved: undefined }),
  // Uses the output, as PyTorch's tanh_backward does: grad · (1 − y²). Its float32 kernel computes 1 − y²
  // in one fused multiply-add (one rounding, not two), which is why the lecture's `(1.0 - h**2) * dh` is
  // only approximately equal to autograd's dhpreact in PyTorch; we round the same way.
  backward: (g, { out }) => {
    const r = roundFor(out);
    return [mapBinary('tanh_backward', g, out, (gv, y) => gv * r(1 - y * y))];
  },
});

const sqrtOp = defineOp<None>({
  name: 'sqrt',
  forward: ([x]) => ({ out: mapUnary('sqrt', x, Math.sqrt), saved: undefined }),
  backward: (g, { out }) => [div(g, mul(out, 2))],
});

const absOp = defineOp<None>({
  name: 'abs',
  forward: ([x]) => ({ out: mapUnary('abs', x, Math.abs), saved: undefined }),
  // d|x|/dx = sign(x), 0 at 0 as PyTorch's sgn.
  backward: (g, { inputs: [x] }) => [
    mul(
      g,
      mapUnary('sign', x, (v) => Math.sign(v)),
    ),
  ],
});

export const log10 = (x: Tensor): Tensor => apply(log10Op, [x], {});
export const abs = (x: Tensor): Tensor => apply(absOp, [x], {});
export const pow = (x: Tensor, exponent: number): Tensor => apply(powOp, [x], { exponent });
export const exp = (x: Tensor): Tensor => apply(expOp, [x], {});
export const log = (x: Tensor): Tensor => apply(logOp, [x], {});
export const tanh = (x: Tensor): Tensor => apply(tanhOp, [x], {});
export const sqrt = (x: Tensor): Tensor => apply(sqrtOp, [x], {});
