/**
 * F.gelu: x·Φ(x), exactly (erf) or with PyTorch's tanh approximation, beside its derivative. float32 tensors of
 * two or more elements follow oneDNN's kernel (which PyTorch 1.13 hands them to), see float32-math.ts; a single
 * element and float64 follow ATen's own formula.
 */
import type { Tensor } from '../tensor/tensor';
import { eachBinary, eachUnary, mapBinary, mapUnary, roundFor } from './elementwise-kernels';
import { erf, geluF32, geluGradF32 } from './float32-math';
import { apply, defineOp } from './op';
import * as S from './symbolic/expr';
import { ONE, pointwise } from './symbolic/rule-kit';

export type GeluApproximation = 'none' | 'tanh';
type Attrs = { approximate: GeluApproximation };

const BETA = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5; // √(2/π)
const KAPPA = 0.044715;

/** The elementwise function and its derivative, rounded as the dtype's kernel rounds. */
function kernels(x: Tensor, approximate: GeluApproximation) {
  const r = roundFor(x);
  if (approximate === 'tanh') {
    const inner = (v: number) => r(r(BETA) * r(v + r(r(KAPPA) * r(r(v * v) * v))));
    return {
      value: (v: number) => r(r(0.5 * v) * r(1 + r(Math.tanh(inner(v))))),
      slope: (v: number) => {
        const t = r(Math.tanh(inner(v)));
        const left = r(0.5 * r(1 + t));
        const dInner = r(r(BETA) * r(1 + r(r(3 * r(KAPPA)) * r(v * v))));
        return r(left + r(r(r(0.5 * v) * r(1 - r(t * t))) * dInner));
      },
    };
  }
  if (x.dtype === 'float32' && x.size > 1) return { value: geluF32, slope: geluGradF32 };
  const pdf = r(1 / Math.sqrt(2 * Math.PI));
  return {
    value: (v: number) => r(r(v * 0.5) * r(1 + r(erf(r(v * r(Math.SQRT1_2)))))),
    slope: (v: number) =>
      r(r(0.5 * r(1 + r(erf(r(v * r(Math.SQRT1_2)))))) + r(v * r(pdf * r(Math.exp(r(r(v * v) * -0.5)))))),
  };
}

const geluOp = defineOp<Attrs>({
  name: 'gelu',
  forward: ([x], { approximate }) => ({
    out: mapUnary('gelu', x, eachUnary(kernels(x, approximate).value)),
    saved: undefined,
  }),
  backward: (g, { inputs: [x], attrs: { approximate } }) => {
    const { slope } = kernels(x, approximate);
    return [
      mapBinary(
        'gelu_backward',
        g,
        x,
        eachBinary((gv, v) => gv * slope(v)),
      ),
    ];
  },
  gradFn: 'GeluBackward0',
  rule: pointwise((_, r) => {
    const x = r.inputs[0];
    const shape = x.shape;
    const fn = (name: string, arg: S.Expr, tex: string) =>
      S.call(`torch.${name}(${arg.text})`, `${tex}\\left(${arg.latex}\\right)`, shape);
    if (r.node.attrs.approximate === 'tanh') {
      // ½(1 + t) + ½x(1 − t²)·β(1 + 3κx²), t = tanh(β(x + κx³))
      const t = fn('tanh', S.mul(S.num(BETA), S.group(S.add(x, S.mul(S.num(KAPPA), S.pow(x, 3))))), '\\tanh');
      const dInner = S.mul(S.num(BETA), S.group(S.add(ONE, S.mul(S.num(3 * KAPPA), S.pow(x, 2)))));
      return S.add(
        S.mul(S.num(0.5), S.group(S.add(ONE, t))),
        S.mul(S.mul(S.mul(S.num(0.5), x), S.group(S.sub(ONE, S.pow(t, 2)))), dInner),
      );
    }
    // Φ(x) + x·φ(x)
    const cdf = S.mul(S.num(0.5), S.group(S.add(ONE, fn('erf', S.mul(x, S.num(Math.SQRT1_2)), '\\operatorname{erf}'))));
    const pdf = S.mul(S.num(1 / Math.sqrt(2 * Math.PI)), fn('exp', S.mul(S.num(-0.5), S.pow(x, 2)), '\\exp'));
    return S.add(cdf, S.mul(x, pdf));
  }),
  text: ([x], n) =>
    S.call(
      n.attrs.approximate === 'tanh' ? `F.gelu(${x.text}, approximate='tanh')` : `F.gelu(${x.text})`,
      `\\operatorname{GELU}\\left(${x.latex}\\right)`,
      n.shape,
    ),
  bindings: { gelu: (io, x: number, approximate: GeluApproximation) => gelu(io.tensor(x), approximate) },
});

/** F.gelu(x, approximate) */
export const gelu = (x: Tensor, approximate: GeluApproximation = 'none'): Tensor => apply(geluOp, [x], { approximate });
