/**
 * Reverse-mode autograd from a scalar loss, as PyTorch's `loss.backward()`: the gradient walker (propagate.ts)
 * seeded with ones; leaves that require grad and the retained tensors get `.grad`.
 */
import { add } from '../ops/elementwise';
import { noGrad } from '../ops/op';
import { TensorError } from '../tensor/errors';
import { onesLike, Tensor } from '../tensor/tensor';
import { propagate, topoOrder as orderFrom } from './propagate';

/** Every tensor that `root` depends on through recorded ops, producers before consumers. */
export const topoOrder = (root: Tensor): Tensor[] => orderFrom([root]);

export interface BackwardOptions {
  /** Tensors whose gradient to keep in `.grad` besides leaves that require grad (the named tensors). */
  retain?: Iterable<Tensor>;
  /**
   * Add to the `.grad` leaves already hold instead of replacing it, as PyTorch does when backward() runs
   * twice without zeroing (the notebook bridge's `t.backward()`).
   */
  accumulate?: boolean;
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
  const leaves = topoOrder(root).filter((t) => t.requiresGrad && !t.creator);
  const before = options.accumulate ? new Map(leaves.map((t) => [t, t.grad])) : null;
  const grads = propagate(new Map([[root, seed ?? onesLike(root)]]), {
    retain: [...leaves, ...(options.retain ?? [])],
  });
  if (before) for (const [t, old] of before) if (old && t.grad) t.grad = noGrad(() => add(old, t.grad!));
  return grads;
}
