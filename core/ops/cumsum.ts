/**
 * cumsum along a dim. Its backward is the same sum run the other way (PyTorch's `g.flip(d).cumsum(d).flip(d)`):
 * element i was added into every output from i on, so its gradient sums theirs.
 */
import { allocFloat, Tensor } from '../tensor/tensor';
import { apply, defineOp } from './op';
import { checkDim, splitAt } from './reduce-kernels';
import * as S from './symbolic/expr';
import { dimOf } from './symbolic/rule-kit';

/** Running sums along dim (from the end when reversed), accumulated in float64 as PyTorch's CPU kernel does. */
function cumsumKernel(x: Tensor, dim: number, reversed: boolean): Tensor {
  const d = checkDim('cumsum', x, dim);
  const src = x.floats('cumsum');
  const { outer, size, inner } = splitAt(x.shape, d);
  const out = allocFloat(x.dtype, src.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = 0;
      for (let k = 0; k < size; k++) {
        const at = (o * size + (reversed ? size - 1 - k : k)) * inner + i;
        acc += src[at];
        out[at] = acc;
      }
    }
  }
  return new Tensor(x.shape, out, x.dtype);
}

const cumsumOp = defineOp<{ dim: number }>({
  name: 'cumsum',
  forward: ([x], { dim }) => ({ out: cumsumKernel(x, dim, false), saved: undefined }),
  backward: (g, { attrs: { dim } }) => [cumsumKernel(g, dim, true)],
  gradFn: 'CumsumBackward0',
  rule: {
    kind: 'structural',
    grad: (_, r, g) => {
      const d = dimOf(r.node.attrs, r.out.shape.length) ?? 0;
      const flip = (e: S.Expr) => S.method(e, `.flip(${d})`, (l) => l, e.shape);
      return S.method(
        flip(g),
        `.cumsum(${d}).flip(${d})`,
        () => `\\operatorname{cumsum}^{\\leftarrow}_{${d}}\\left(${g.latex}\\right)`,
        g.shape,
      );
    },
  },
  text: ([x], n) =>
    S.method(
      x,
      `.cumsum(${String(n.attrs.dim)})`,
      (l) => `\\operatorname{cumsum}_{${String(n.attrs.dim)}}\\left(${l}\\right)`,
      n.shape,
    ),
  bindings: { cumsum: (io, x: number, dim: number) => cumsum(io.tensor(x), dim) },
});

/** x.cumsum(dim) */
export const cumsum = (x: Tensor, dim: number): Tensor => apply(cumsumOp, [x], { dim });
