/**
 * What each consumer statement adds to a tensor's gradient, as numbers: autograd's gradient of the statement's
 * named result pushed back through the statement's anonymous intermediates only, stopping at every named
 * tensor. The terms of dcounts are `counts_sum_inv * dprobs` (from `probs = counts * counts_sum_inv`) and
 * `dcounts_sum` broadcast (from `counts_sum = counts.sum(1, keepdims=True)`); their sum is autograd's dcounts.
 * An incomplete `+=` chain equals some of them and not the others, which is how the diagnosis names the missing one.
 */
import { graphIndexOf, isNamed } from '../backprop/graph-index';
import { propagate } from '../autograd/propagate';
import type { Graph } from '../graph/types';
import type { Tensor } from '../tensor/tensor';

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
  const ix = graphIndexOf(ctx.graph);
  const stops = ctx.graph.nodes.filter(isNamed).map((n) => ctx.tensors.get(n.id)!);
  const heads = [...new Set(ix.uses(target).map((u) => ix.head(u.node.id)))].sort(
    (a, b) => ix.position(a) - ix.position(b),
  );
  const out: ConsumerTerm[] = [];
  for (const head of heads) {
    const y = ctx.tensors.get(head)!;
    const gy = ctx.grads.get(y);
    if (!gy) continue;
    // The statement's result seeds the walk; the other named tensors stop it: what is left is this term.
    const value = propagate(new Map([[y, gy]]), { stopAt: stops, targets: [x] }).get(x);
    if (value) out.push({ consumer: head, statement: ix.node(head).statement, value });
  }
  return out;
}
