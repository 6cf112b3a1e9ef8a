/**
 * What each consumer statement adds to a tensor's gradient, as numbers: autograd's gradient of the statement's
 * named result pushed back through the statement's anonymous intermediates only, stopping at every named
 * tensor. The terms of dcounts are `counts_sum_inv * dprobs` (from `probs = counts * counts_sum_inv`) and
 * `dcounts_sum` broadcast (from `counts_sum = counts.sum(1, keepdims=True)`); their sum is autograd's dcounts.
 * An incomplete `+=` chain equals some of them and not the others, which is how the diagnosis names the missing one.
 */
import type { Graph } from '../graph/types';
import { add } from '../ops/elementwise';
import { noGrad } from '../ops/op';
import type { Tensor } from '../tensor/tensor';
import { headOf, isNamed } from './graph-facts';

export interface ConsumerTerm {
  /** The named tensor whose statement reads the target (`probs`). */
  consumer: string;
  /** That statement as the learner wrote it. */
  statement: string | null;
  /** Its contribution to the target's gradient, shaped like the target. */
  value: Tensor;
}

export interface GradientContext {
  graph: Graph;
  /** The tensor behind every node id of the graph. */
  tensors: ReadonlyMap<string, Tensor>;
  /** Autograd's gradient of every tensor that has one. */
  grads: ReadonlyMap<Tensor, Tensor>;
}

/** The terms of `target`'s gradient, one per consumer statement, in forward order. */
export function consumerTerms(ctx: GradientContext, target: string): ConsumerTerm[] {
  const x = ctx.tensors.get(target);
  if (!x) return [];
  const stops = new Set<Tensor>();
  for (const n of ctx.graph.nodes) if (isNamed(n)) stops.add(ctx.tensors.get(n.id)!);
  const heads = new Set<string>();
  for (const n of ctx.graph.nodes) {
    if (!n.inputs.includes(target)) continue;
    const head = headOf(ctx.graph, n);
    if (head) heads.add(head.id);
  }
  const out: ConsumerTerm[] = [];
  for (const node of ctx.graph.nodes) {
    if (!heads.has(node.id)) continue;
    const y = ctx.tensors.get(node.id)!;
    const gy = ctx.grads.get(y);
    if (!gy) continue;
    const value = pushBack(y, gy, x, stops);
    if (value) out.push({ consumer: node.id, statement: node.statement, value });
  }
  return out;
}

/** The gradient reaching `x` from `y` (seeded with `gy`) through tensors that are not named, or null when none. */
function pushBack(y: Tensor, gy: Tensor, x: Tensor, stops: ReadonlySet<Tensor>): Tensor | null {
  // Producers before consumers, within the statement: a DFS from y that does not enter named tensors.
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([y]);
  const visit = (t: Tensor) => {
    for (const input of t.creator?.inputs ?? []) {
      if (seen.has(input)) continue;
      seen.add(input);
      if (!stops.has(input) && input.creator) visit(input);
    }
    order.push(t);
  };
  visit(y);
  const grads = new Map<Tensor, Tensor>([[y, gy]]);
  noGrad(() => {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const g = grads.get(t);
      if (!g || !t.creator || (t !== y && stops.has(t))) continue;
      const inputGrads = t.creator.backward(g);
      t.creator.inputs.forEach((input, k) => {
        const gi = inputGrads[k];
        if (!gi || !input.requiresGrad) return;
        const prev = grads.get(input);
        grads.set(input, prev ? add(prev, gi) : gi);
      });
    }
  });
  return grads.get(x) ?? null;
}
