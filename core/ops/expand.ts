/**
 * Broadcasting made explicit. A binary op never broadcasts by itself: its operands are first expanded to
 * the common shape, and the backward of that expansion — summing over the expanded dims — is the only
 * place where a gradient is ever reduced. This is the lesson of the lecture, kept visible in the code.
 */
import { TensorError } from '../tensor/errors';
import {
  broadcastMismatch,
  broadcastShapes,
  expansionDims,
  numel,
  sameShape,
  stridesOf,
  type Shape,
} from '../tensor/shape';
import { allocFloat, Tensor } from '../tensor/tensor';
import { apply, currentStatement, defineOp } from './op';
import { sumKernel } from './reduce-kernels';
import * as S from './symbolic/expr';

export const expandOp = defineOp<{ shape: number[] }>({
  name: 'expand',
  silent: true,
  forward([x], { shape }) {
    const { dims } = expansionDims(x.shape, shape);
    const lead = shape.length - x.shape.length;
    if (lead < 0 || x.shape.some((d, i) => d !== 1 && d !== shape[i + lead])) {
      throw new TensorError('expand', `cannot expand shape [${x.shape.join(', ')}] to [${shape.join(', ')}]`);
    }
    // Index tensors expand too (they carry no gradient, so only the data moves).
    const src = x.data;
    // (every element is written below: a pooled array needs no zeroing)
    const out = src instanceof Int32Array ? new Int32Array(numel(shape)) : allocFloat(x.dtype, numel(shape), false);
    // Source strides aligned to the output's dims, 0 where the dim is broadcast.
    const srcStrides = stridesOf(x.shape);
    const aligned = shape.map((_, i) => (i < lead || dims.includes(i) ? 0 : srcStrides[i - lead]));
    // The last dim runs in the inner loop; the others advance like an odometer (no division per element).
    const last = shape.length - 1;
    const width = last >= 0 ? shape[last] : 1;
    const step = last >= 0 ? aligned[last] : 0;
    const counter = new Array<number>(Math.max(last, 0)).fill(0);
    let s = 0;
    // A whole row of the source (step 1) or one value (step 0) per block: copied by the engine's own memcpy and
    // fill, several times faster than an element loop over rows of a hundred or more (a bias, a batch mean).
    const whole = width >= 16 && step <= 1;
    for (let o = 0; o < out.length; o += width) {
      if (!whole) for (let j = 0; j < width; j++) out[o + j] = src[s + j * step];
      else if (step === 1) out.set(src.subarray(s, s + width), o);
      else out.fill(src[s], o, o + width);
      for (let d = last - 1; d >= 0; d--) {
        s += aligned[d];
        if (++counter[d] < shape[d]) break;
        s -= aligned[d] * shape[d];
        counter[d] = 0;
      }
    }
    return { out: new Tensor(shape, out, x.dtype), saved: undefined };
  },
  backward(grad, { inputs: [x] }) {
    return [sumTo(grad, x.shape)];
  },
  // Never drawn (it is silent): the schedule undoes a broadcast on the consumer's edge (see sentences.ts).
  gradFn: 'ExpandBackward0',
  rule: {
    kind: 'structural',
    grad: (_, { inputs: [x] }, g) => {
      const { prepended, stretched } = expansionDims(x.shape, g.shape);
      const kept = stretched.length > 0 ? S.sum(g, stretched, true) : g;
      return prepended.length > 0 ? S.sum(kept, prepended, false) : kept;
    },
  },
  text: ([x], n) => S.expand(x, n.shape),
  // The shape's ints are the arguments after a (see view's binding).
  bindings: { expand: (io, a: number, ...shape: number[]) => expand(io.tensor(a), shape) },
});

export function expand(x: Tensor, shape: Shape): Tensor {
  return sameShape(x.shape, shape) ? x : apply(expandOp, [x], { shape: [...shape] });
}

/** Reduces a gradient of an expanded shape back to the operand's shape: sum over the broadcast dims. */
export function sumTo(grad: Tensor, shape: Shape): Tensor {
  if (sameShape(grad.shape, shape)) return grad;
  const { prepended, stretched } = expansionDims(shape, grad.shape);
  // Stretched dims keep their size-1 axis (keepdim); prepended ones disappear.
  let g = grad;
  for (const d of [...stretched].reverse()) g = sumKernel(g, d, true);
  for (const d of [...prepended].reverse()) g = sumKernel(g, d, false);
  return g;
}

/** Expands both operands to their common shape, or throws PyTorch's error for the op. */
export function broadcastPair(op: string, a: Tensor, b: Tensor): [Tensor, Tensor] {
  const shape = checkBroadcast(op, a, b);
  return [expand(a, shape), expand(b, shape)];
}

/** The shape two operands broadcast to, or PyTorch's error naming the dim where they do not. */
export function checkBroadcast(op: string, a: Tensor, b: Tensor): number[] {
  const r = broadcastShapes(a.shape, b.shape);
  if ('mismatchDim' in r) {
    throw new TensorError(op, broadcastMismatch(r), currentStatement());
  }
  return r.shape;
}
