/**
 * Reverse-mode autograd: a reversed topological walk from the output, each op's backward turning its
 * output's gradient into its inputs', accumulated with `+=` where a tensor feeds several ops.
 */
import { add } from '../ops/elementwise';
import { noGrad } from '../ops/op';
import { TensorError } from '../tensor/errors';
import { sameShape } from '../tensor/shape';
import { onesLike, Tensor } from '../tensor/tensor';

/** Every tensor that `root` depends on through recorded ops, producers before consumers. */
export function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative DFS: the lecture graph is shallow, but training graphs or user graphs may not be.
  const stack: { t: Tensor; next: number }[] = [{ t: root, next: 0 }];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const inputs = top.t.creator?.inputs ?? [];
    if (top.next < inputs.length) {
      const child = inputs[top.next++];
      if (!seen.has(child)) {
        seen.add(child);
        stack.push({ t: child, next: 0 });
      }
    } else {
      order.push(top.t);
      stack.pop();
    }
  }
  return order;
}

export interface BackwardOptions {
  /** Tensors whose gradient to keep in `.grad` besides leaves that require grad (the named tensors). */
  retain?: Iterable<Tensor>;
}

/**
 * Backpropagates from a scalar `root` (or with an explicit seed gradient). Leaves that require grad and the
 * retained tensors get `.grad`; the returned map holds every gradient computed.
 */
export function backward(root: Tensor, options: BackwardOptions = {}, seed?: Tensor): Map<Tensor, Tensor> {
  if (!root.requiresGrad)
    throw new TensorError('backward', 'element 0 of tensors does not require grad and does not have a grad_fn');
  if (!seed && root.size !== 1)
    throw new TensorError(
      'backward',
      `grad can be implicitly created only for scalar outputs, got shape [${root.shape.join(', ')}]`,
    );
  const grads = new Map<Tensor, Tensor>();
  grads.set(root, seed ?? onesLike(root));
  const order = topoOrder(root);
  noGrad(() => {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const g = grads.get(t);
      if (!g || !t.creator) continue;
      const inputGrads = t.creator.backward(g);
      t.creator.inputs.forEach((input, k) => {
        const gi = inputGrads[k];
        if (!gi || !input.requiresGrad) return;
        if (!sameShape(gi.shape, input.shape)) {
          throw new TensorError(
            t.creator!.op,
            `backward produced a gradient of shape [${gi.shape.join(', ')}] for input ${k} of shape [${input.shape.join(', ')}]`,
          );
        }
        const prev = grads.get(input);
        grads.set(input, prev ? add(prev, gi) : gi);
      });
    }
  });
  const retain = new Set(options.retain ?? []);
  for (const t of order) {
    if ((t.requiresGrad && !t.creator) || retain.has(t)) t.grad = grads.get(t) ?? null;
  }
  return grads;
}
