/** Pointwise math: pow with a scalar exponent, exp, log, tanh, sqrt — each beside its derivative. */
import { sleefMap, sleefTanh } from '../kernels/wasm-sleef';
import type { Tensor } from '../tensor/tensor';
import { div, mul } from './elementwise';
import { type BinaryLoop, mapBinary, mapUnary, scalarFor, simdSpan, type UnaryLoop } from './elementwise-kernels';
import { expF32, logF32, tanhF32 } from './float32-math';
import { apply, defineOp } from './op';
import * as S from './symbolic/expr';
import { ONE, pointwise, powLocal } from './symbolic/rule-kit';

type None = Record<string, never>;

/**
 * x ** e. PyTorch's CPU kernel special-cases a few exponents (x*x, 1/x, rsqrt ...); we follow it,
 * rounding intermediates as a float32 kernel would, so `bndiff**2` and `counts_sum**-1` match it.
 */
function powKernel(x: Tensor, e: number): Tensor {
  const loop =
    e === 2
      ? squareLoop
      : e === 3
        ? cubeLoop
        : e === 0.5
          ? sqrtLoop
          : e === -0.5
            ? rsqrtLoop
            : e === -1
              ? reciprocalLoop
              : e === -2
                ? reciprocalSquareLoop
                : e === 1
                  ? copyLoop
                  : powLoop;
  return mapUnary('pow', x, loop, e);
}

// One loop per op (see elementwise-kernels.ts). `out` is a Float32Array exactly when the kernel is float32,
// and then an intermediate is rounded to float32 as PyTorch's kernel rounds it.
const squareLoop: UnaryLoop = (x, out) => {
  if (simdSpan('mul', x, x, out, 0, 0, 0, out.length)) return; // x·x, the same bits in SIMD
  for (let i = 0; i < out.length; i++) out[i] = x[i] * x[i];
};
const cubeLoop: UnaryLoop = (x, out) => {
  if (out instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = Math.fround(x[i] * x[i]) * x[i];
  else for (let i = 0; i < out.length; i++) out[i] = x[i] * x[i] * x[i];
};
const sqrtLoop: UnaryLoop = (x, out) => {
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(x[i]);
};
const rsqrtLoop: UnaryLoop = (x, out) => {
  if (out instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = 1 / Math.fround(Math.sqrt(x[i]));
  else for (let i = 0; i < out.length; i++) out[i] = 1 / Math.sqrt(x[i]);
};
const reciprocalLoop: UnaryLoop = (x, out) => {
  for (let i = 0; i < out.length; i++) out[i] = 1 / x[i];
};
const reciprocalSquareLoop: UnaryLoop = (x, out) => {
  if (out instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = 1 / Math.fround(x[i] * x[i]);
  else for (let i = 0; i < out.length; i++) out[i] = 1 / (x[i] * x[i]);
};
const copyLoop: UnaryLoop = (x, out) => {
  out.set(x);
};
const powLoop: UnaryLoop = (x, out, e) => {
  for (let i = 0; i < out.length; i++) out[i] = Math.pow(x[i], e);
};
const rpowLoop: UnaryLoop = (x, out, s) => {
  for (let i = 0; i < out.length; i++) out[i] = Math.pow(s, x[i]);
};
/** float32 as torch's vectorised kernel (SLEEF's expf): in WebAssembly SIMD, or one element at a time. */
const expLoop: UnaryLoop = (x, out) => {
  if (out instanceof Float32Array && x instanceof Float32Array && sleefMap('exp_sleef', x, out, expF32)) return;
  if (out instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = expF32(x[i]);
  else for (let i = 0; i < out.length; i++) out[i] = Math.exp(x[i]);
};
/** float32 as torch's vectorised kernel (SLEEF's logf): in WebAssembly SIMD, or one element at a time. */
const logLoop: UnaryLoop = (x, out) => {
  if (out instanceof Float32Array && x instanceof Float32Array && sleefMap('log_sleef', x, out, logF32)) return;
  if (out instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = logF32(x[i]);
  else for (let i = 0; i < out.length; i++) out[i] = Math.log(x[i]);
};
const log10Loop: UnaryLoop = (x, out) => {
  for (let i = 0; i < out.length; i++) out[i] = Math.log10(x[i]);
};
/**
 * float32 as torch's vectorised kernel (SLEEF's tanhf), which is not always the correctly rounded value: in
 * WebAssembly SIMD, or where that is missing one element at a time (the same bits, about 40 times slower).
 */
const tanhLoop: UnaryLoop = (x, out) => {
  if (out instanceof Float32Array && x instanceof Float32Array && sleefTanh(x, out, tanhF32)) return;
  if (out instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = tanhF32(x[i]);
  else for (let i = 0; i < out.length; i++) out[i] = Math.tanh(x[i]);
};
const absLoop: UnaryLoop = (x, out) => {
  for (let i = 0; i < out.length; i++) out[i] = Math.abs(x[i]);
};
const signLoop: UnaryLoop = (x, out) => {
  for (let i = 0; i < out.length; i++) out[i] = Math.sign(x[i]);
};
const sigmoidLoop: UnaryLoop = (x, out) => {
  for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
};
/** grad · (1 − y²), 1 − y² in one rounding (PyTorch's float32 kernel fuses it into a multiply-add). */
const tanhBackwardLoop: BinaryLoop = (g, y, out) => {
  if (simdSpan('tanh_backward', g, y, out, 0, 0, 0, out.length)) return; // float32 in SIMD, the same bits
  if (out instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = g[i] * Math.fround(1 - y[i] * y[i]);
  else for (let i = 0; i < out.length; i++) out[i] = g[i] * (1 - y[i] * y[i]);
};
/** grad · (2 · x), the backward of x**2 in one pass (2·x is exact; the product rounded once, as the ops would). */
const squareBackwardLoop: BinaryLoop = (g, x, out) => {
  if (simdSpan('square_backward', g, x, out, 0, 0, 0, out.length)) return; // float32 in SIMD, the same bits
  if (out instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = g[i] * Math.fround(2 * x[i]);
  else for (let i = 0; i < out.length; i++) out[i] = g[i] * (2 * x[i]);
};
/** grad · (1 − y) · y, each product rounded as PyTorch's kernel does. */
const sigmoidBackwardLoop: BinaryLoop = (g, y, out) => {
  if (out instanceof Float32Array)
    for (let i = 0; i < out.length; i++) out[i] = Math.fround(g[i] * Math.fround(1 - y[i])) * y[i];
  else for (let i = 0; i < out.length; i++) out[i] = g[i] * (1 - y[i]) * y[i];
};

const powOp = defineOp<{ exponent: number }>({
  name: 'pow',
  forward: ([x], { exponent }) => ({ out: powKernel(x, exponent), saved: undefined }),
  // d(x^e)/dx = e · x^(e−1) (PyTorch: grad * (e * x.pow(e − 1))).
  backward: (g, { inputs: [x], attrs: { exponent } }) =>
    exponent === 0
      ? [mul(g, 0)]
      : exponent === 2 && g.dtype === x.dtype // `h**2`, the commonest: the three ops below in one pass
        ? [mapBinary('pow_backward', g, x, squareBackwardLoop)]
        : [mul(g, mul(pow(x, exponent - 1), exponent))],
  gradFn: 'PowBackward0',
  rule: pointwise((_, r) => powLocal(r.inputs[0], Number(r.node.attrs.exponent))),
  text: ([x], n) => S.pow(x, Number(n.attrs.exponent)),
  bindings: { pow: (io, a: number, e: number) => pow(io.tensor(a), e) },
});

const expOp = defineOp<None>({
  name: 'exp',
  forward: ([x]) => ({ out: mapUnary('exp', x, expLoop), saved: undefined }),
  backward: (g, { out }) => [mul(g, out)],
  gradFn: 'ExpBackward0',
  rule: pointwise((_, r) => r.out),
  text: ([x], n) => S.method(x, '.exp()', (l) => `e^{${l}}`, n.shape),
  bindings: { exp: (io, a: number) => exp(io.tensor(a)) },
  python: { unary: 'exp' },
});

const logOp = defineOp<None>({
  name: 'log',
  forward: ([x]) => ({ out: mapUnary('log', x, logLoop), saved: undefined }),
  backward: (g, { inputs: [x] }) => [div(g, x)],
  gradFn: 'LogBackward0',
  rule: pointwise((_, r) => S.div(ONE, r.inputs[0])),
  text: ([x], n) => S.method(x, '.log()', (l) => `\\log\\left(${l}\\right)`, n.shape),
  bindings: { log: (io, a: number) => log(io.tensor(a)) },
  python: { unary: 'log' },
});

const log10Op = defineOp<None>({
  name: 'log10',
  forward: ([x]) => ({ out: mapUnary('log10', x, log10Loop), saved: undefined }),
  backward: (g, { inputs: [x] }) => [div(g, mul(x, Math.LN10))],
  gradFn: 'Log10Backward0',
  rule: pointwise((_, r) => S.div(ONE, S.mul(r.inputs[0], S.num(Math.LN10)))),
  text: ([x], n) => S.method(x, '.log10()', (l) => `\\log_{10}\\left(${l}\\right)`, n.shape),
  bindings: { log10: (io, a: number) => log10(io.tensor(a)) },
  python: { unary: 'log10' },
});

const tanhOp = defineOp<None>({
  name: 'tanh',
  forward: ([x]) => ({ out: mapUnary('tanh', x, tanhLoop), saved: undefined }),
  // Uses the output, as PyTorch's tanh_backward does: grad · (1 − y²). Its float32 kernel computes 1 − y²
  // in one fused multiply-add (one rounding, not two), which is why the lecture's `(1.0 - h**2) * dh` is
  // only approximately equal to autograd's dhpreact in PyTorch; we round the same way.
  backward: (g, { out }) => [mapBinary('tanh_backward', g, out, tanhBackwardLoop)],
  gradFn: 'TanhBackward0',
  rule: pointwise((_, r) => S.sub(ONE, S.pow(r.out, 2))),
  text: ([x], n) => S.call(`torch.tanh(${x.text})`, `\\tanh\\left(${x.latex}\\right)`, n.shape),
  bindings: { tanh: (io, a: number) => tanh(io.tensor(a)) },
  python: { unary: 'tanh', functional: true },
});

const sqrtOp = defineOp<None>({
  name: 'sqrt',
  forward: ([x]) => ({ out: mapUnary('sqrt', x, sqrtLoop), saved: undefined }),
  backward: (g, { out }) => [div(g, mul(out, 2))],
  gradFn: 'SqrtBackward0',
  rule: pointwise((_, r) => S.div(ONE, S.mul(S.num(2), r.out))),
  text: ([x], n) => S.method(x, '.sqrt()', (l) => `\\sqrt{${l}}`, n.shape),
  bindings: { sqrt: (io, a: number) => sqrt(io.tensor(a)) },
  python: { unary: 'sqrt' },
});

const absOp = defineOp<None>({
  name: 'abs',
  forward: ([x]) => ({ out: mapUnary('abs', x, absLoop), saved: undefined }),
  // d|x|/dx = sign(x), 0 at 0 as PyTorch's sgn.
  backward: (g, { inputs: [x] }) => [mul(g, mapUnary('sign', x, signLoop))],
  gradFn: 'AbsBackward0',
  rule: pointwise((_, r) =>
    S.method(r.inputs[0], '.sign()', (l) => `\\operatorname{sign}\\left(${l}\\right)`, r.inputs[0].shape),
  ),
  text: ([x], n) => S.method(x, '.abs()', (l) => `\\left|${l}\\right|`, n.shape),
  bindings: { abs: (io, a: number) => abs(io.tensor(a)) },
});

const sigmoidOp = defineOp<None>({
  name: 'sigmoid',
  forward: ([x]) => ({ out: mapUnary('sigmoid', x, sigmoidLoop), saved: undefined }),
  // From the output, as PyTorch's sigmoid_backward: grad · (1 − y) · y, each product rounded as its kernel does.
  backward: (g, { out }) => [mapBinary('sigmoid_backward', g, out, sigmoidBackwardLoop)],
  gradFn: 'SigmoidBackward0',
  rule: pointwise((_, r) => S.mul(r.out, S.group(S.sub(ONE, r.out)))),
  text: ([x], n) => S.call(`torch.sigmoid(${x.text})`, `\\sigma\\left(${x.latex}\\right)`, n.shape),
  bindings: { sigmoid: (io, a: number) => sigmoid(io.tensor(a)) },
  python: { unary: 'sigmoid', functional: true },
});

/** s ** x for a Python number s > 0 (the course's `lrs = 10**lre`); d/dx = s^x · ln s. */
const rpowScalarOp = defineOp<{ scalar: number }>({
  name: 'rpow_scalar',
  forward: ([x], { scalar }) => {
    const s = scalarFor(x, scalar);
    return { out: mapUnary('pow', x, rpowLoop, s), saved: undefined };
  },
  backward: (g, { out, attrs }) => [mul(g, mul(out, Math.log(attrs.scalar)))],
  gradFn: 'PowBackward1',
  rule: pointwise((_, r) => S.mul(r.out, S.num(Math.log(Number(r.node.attrs.scalar))))),
  text: ([x], n) => S.call(`${String(n.attrs.scalar)} ** ${x.text}`, `${String(n.attrs.scalar)}^{${x.latex}}`, n.shape),
  bindings: { rpow_s: (io, a: number, s: number) => rpowScalar(io.tensor(a), s) },
});

export const rpowScalar = (x: Tensor, scalar: number): Tensor => apply(rpowScalarOp, [x], { scalar });
export const sigmoid = (x: Tensor): Tensor => apply(sigmoidOp, [x], {});
export const log10 = (x: Tensor): Tensor => apply(log10Op, [x], {});
export const abs = (x: Tensor): Tensor => apply(absOp, [x], {});
export const pow = (x: Tensor, exponent: number): Tensor => apply(powOp, [x], { exponent });
export const exp = (x: Tensor): Tensor => apply(expOp, [x], {});
export const log = (x: Tensor): Tensor => apply(logOp, [x], {});
export const tanh = (x: Tensor): Tensor => apply(tanhOp, [x], {});
export const sqrt = (x: Tensor): Tensor => apply(sqrtOp, [x], {});
