/**
 * Reverse-mode autograd from a scalar loss, as PyTorch's `loss.backward()`: the gradient walker (propagate.ts)
 * seeded with ones; leaves that require grad and the retained tensors get `.grad`.
 */
import { add } from '../ops/elementwise';
import { noGrad } from '../ops/op';
import { clone } from '../ops/shape-ops';
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
  if (before) {
    const shared = sharedGradients(grads);
    for (const [t, old] of before) {
      const g = t.grad;
      if (!g) continue;
      // As PyTorch's AccumulateGrad: a later backward() adds into the tensor `.grad` already is (a Python name for
      // it sees the sum); a first gradient that is another tensor's too (addition passes one gradient to both
      // operands) is copied, so that adding into it later changes no other tensor's gradient.
      if (old) t.grad = addedInto(old, g);
      else if (shared.has(g)) t.grad = noGrad(() => clone(g));
    }
  }
  return grads;
}

/** The gradients this backward() gave to more than one tensor. */
function sharedGradients(grads: Map<Tensor, Tensor>): Set<Tensor> {
  const seen = new Set<Tensor>();
  const shared = new Set<Tensor>();
  for (const g of grads.values()) (seen.has(g) ? shared : seen).add(g);
  return shared;
}

/** old + fresh, written into old where old is a plain gradient of that shape and dtype (else a new tensor). */
function addedInto(old: Tensor, fresh: Tensor): Tensor {
  const sum = noGrad(() => add(old, fresh));
  if (sum.dtype !== old.dtype || sum.data.length !== old.data.length || old.creator || old.requiresGrad) return sum;
  old.data.set(sum.data);
  return old;
}
