/**
 * The backward schedule as plain, serialisable data: what the renderer steps through when it animates
 * backprop. One step per named tensor or parameter, from `loss` back to the leaves; each step completes
 * that tensor's gradient from every consumer's contribution.
 */
import type { CmpResult } from '../autograd/cmp';
import type { SpecialKind } from '../ops/symbolic/rule-kit';

export type { SpecialKind };

/** A graph edge, named by its forward direction; gradients flow along it from `consumer` to `producer`. */
export interface Edge {
  producer: string;
  consumer: string;
}

export type FusedName = 'fused-ce' | 'fused-bn';

/** What one consumer adds to the target's gradient. */
export interface Contribution {
  /** The named tensor whose complete gradient this comes from (`probs` for dcounts' first term). */
  consumer: string;
  /** The forward statement that consumer computes. */
  statement: string | null;
  /** Edges the gradient flows along, from the consumer down to the target (through anonymous intermediates). */
  edges: Edge[];
  /** The term as the lecture would type it (`counts_sum_inv * dprobs`), and as LaTeX. */
  text: string;
  latex: string;
  /** Its shape: always the target's. */
  shape: number[];
  /** false for the first term (`=`), true for each later one (`+=`), in the order autograd adds them. */
  accumulate: boolean;
  /** ∂consumer/∂target as LaTeX, e.g. `\frac{\partial\,\mathrm{probs}}{\partial\,\mathrm{counts}} = ...`. */
  local: string;
  /** `local` broken into KaTeX aligned lines, for a panel too narrow for it (null: it has nowhere to break). */
  localAligned: string | null;
  /** Set when a fused rule computes this term in one go. */
  fused: FusedName | null;
}

/** Undoing a forward broadcast: the gradient of a stretched operand is summed back to its shape. */
export interface Reduction {
  /** Index into the step's contributions. */
  contribution: number;
  /** The op node whose operand was broadcast, and the operand's position and id. */
  node: string;
  input: number;
  operand: string;
  from: number[];
  to: number[];
  /** Dims summed (of `to`); `keepdim` when every one was a stretched size-1 dim rather than a prepended one. */
  dims: number[];
  keepdim: boolean;
  stretched: number[];
  prepended: number[];
  /** e.g. `.sum(1, keepdim=True)` */
  text: string;
  /** "counts_sum_inv 32×1 was broadcast to 32×27 in `probs = counts * counts_sum_inv`, so its gradient sums over dim 1, keepdim" */
  sentence: string;
}

/** Undoing a forward reduction: sum/mean/max/var in the forward is a broadcast in the backward. */
export interface Expansion {
  contribution: number;
  /** The reduction node and its op. */
  node: string;
  /** A reduction op of the registry (one with a `reduction` word): sum, mean, max, min, var. */
  op: string;
  dim: number | null;
  keepdim: boolean;
  /** The reduced shape and the input shape it is broadcast back to. */
  from: number[];
  to: number[];
  /** "counts_sum 32×1 is the sum of counts over dim 1, so dcounts_sum is broadcast back to 32×27" */
  sentence: string;
}

export interface SpecialCase {
  contribution: number;
  kind: SpecialKind;
  /** The node whose op is special, and the op (or the fused rule's name). */
  node: string;
  op: string;
  note: string;
}

/** One line of the lecture's manual backward (core/mlp/manual-backward.ts). */
export interface ManualLine {
  source: string;
  accumulate: boolean;
}

export interface BackwardStep {
  index: number;
  /** The node whose gradient this step completes. */
  target: string;
  /** `seed` for the output (`dloss = 1.0`). */
  kind: 'seed' | 'tensor' | 'parameter';
  /** The gradient's shape, derived from the formulas (equal to the tensor's). */
  shape: number[];
  /** The forward statement that computed the target (null for parameters). */
  statement: string | null;
  /** In `+=` order. */
  contributions: Contribution[];
  reductions: Reduction[];
  expansions: Expansion[];
  special: SpecialCase[];
  /** `dcounts = ...`, then `dcounts += ...`. */
  lines: string[];
  /** The whole gradient: `d\mathrm{counts} = ... + ...`. */
  latex: string;
  /** `latex` broken into KaTeX aligned lines at its top-level `+` and `-` (null: it has none). */
  latexAligned: string | null;
  /** The lecture's manual statements for this target in this variant, in order. */
  manual: ManualLine[];
  /** cmp(manual, autograd) from the run, or null when the variant has no manual gradient for it. */
  cmp: CmpResult | null;
  /** Set on a fused step: the rule and the named tensors it skips. */
  fused: { rule: FusedName; collapsed: string[] } | null;
  /** Edges the gradient flows along in this step. */
  activeEdges: Edge[];
  /** Nodes whose gradient is complete after this step (the target, and the intermediates it flowed through). */
  completes: string[];
}

export interface BackwardSchedule {
  version: 1;
  variant: string | null;
  /** The node backprop starts from (`loss`). */
  output: string;
  steps: BackwardStep[];
  /** Named tensors a fused rule skips, each with the rule that covers it. */
  collapsed: Record<string, FusedName>;
}
