/**
 * The one gradient walker (as tinygrad's `compute_gradient`): seed gradients pushed back through the recorded
 * ops in reversed topological order, each op's backward turning its output's gradient into its inputs', summed
 * with `+=` where a tensor feeds several ops. `backward` seeds the loss with ones; the diagnoses seed one
 * statement's result and stop at the other named tensors to get one consumer's term; the tests use it as oracle.
 */
import { add } from '../ops/elementwise';
import { noGrad } from '../ops/op';
import { TensorError } from '../tensor/errors';
import { sameShape } from '../tensor/shape';
import { withTemporaries } from '../tensor/reuse';
import { castTo, type Tensor } from '../tensor/tensor';

export interface PropagateOptions {
  /** Only ops that lead back to these run (default: every op the seeds depend on). */
  targets?: Iterable<Tensor>;
  /** Tensors that receive a gradient but do not pass it on (a seed always passes its own on). */
  stopAt?: Iterable<Tensor>;
  /** Tensors whose `.grad` is set to what they received, among those reached (`backward` names the leaves). */
  retain?: Iterable<Tensor>;
}

/** Every tensor the seeds depend on through recorded ops (not entering stops), producers before consumers. */
export function topoOrder(roots: Iterable<Tensor>, stopAt: ReadonlySet<Tensor> = new Set()): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative DFS: training graphs and learners' graphs may be deep.
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack: { t: Tensor; next: number }[] = [{ t: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const inputs = top.t === root || !stopAt.has(top.t) ? (top.t.creator?.inputs ?? []) : [];
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
  }
  return order;
}

/** The gradient of every tensor reached from `seeds` (tensor → its seed gradient), itself included. */
export function propagate(seeds: ReadonlyMap<Tensor, Tensor>, options: PropagateOptions = {}): Map<Tensor, Tensor> {
  const stops = new Set(options.stopAt ?? []);
  for (const s of seeds.keys()) stops.delete(s);
  const order = topoOrder(seeds.keys(), stops);
  const wanted = options.targets ? reaching(order, new Set(options.targets)) : null;
  const grads = new Map(seeds);
  // What the walk makes besides the gradients it returns (an op's intermediate terms, sums `+=` replaced) is
  // unreachable once it ends: its storage serves the next ops.
  withTemporaries(
    () => noGrad(() => walk(order, grads, stops, wanted)),
    () => grads.values(),
  );
  if (options.retain) {
    const reached = new Set(order);
    for (const t of options.retain) if (reached.has(t)) t.grad = grads.get(t) ?? null;
  }
  return grads;
}

/** Pushes gradients back through `order` (producers first), from the last tensor to the first. */
function walk(
  order: readonly Tensor[],
  grads: Map<Tensor, Tensor>,
  stops: ReadonlySet<Tensor>,
  wanted: ReadonlySet<Tensor> | null,
): void {
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    const g = grads.get(t);
    if (!g || !t.creator || stops.has(t)) continue;
    if (wanted && !t.creator.inputs.some((input) => wanted.has(input))) continue;
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
      // As PyTorch's engine: a gradient takes its input's dtype (a float32 tensor used in a float64 op).
      const gd = gi.dtype === input.dtype ? gi : castTo(gi, input.dtype);
      const prev = grads.get(input);
      grads.set(input, prev ? add(prev, gd) : gd);
    });
  }
}

/** The tensors of `order` (producers first) from which some target can be reached, targets included. */
function reaching(order: readonly Tensor[], targets: ReadonlySet<Tensor>): Set<Tensor> {
  const out = new Set<Tensor>();
  for (const t of order) {
    if (targets.has(t) || (t.creator?.inputs ?? []).some((x) => out.has(x))) out.add(t);
  }
  return out;
}
