/**
 * The local backward rule of every recorded op, read from the op registry (each op writes its symbolic rule
 * beside its forward and numeric backward in core/ops). Pointwise ops give their local derivative
 * ∂out/∂input, which the chain rule multiplies by the incoming gradient; the others (products, reductions,
 * indexing, reshapes) give the whole gradient formula and, when worth a remark, a special-case tag.
 */
import type { GraphNode } from '../graph/types';
import '../ops';
import { opSpec } from '../ops/op';
import { group, mul, neg, type Expr } from '../ops/symbolic/expr';
import type { OpRule, RuleInput } from '../ops/symbolic/rule-kit';

export type { OpRule, RuleInput, Special } from '../ops/symbolic/rule-kit';
export { crossEntropyGrad, gradPhrase, subject, varFactor } from '../ops/symbolic/rule-kit';

export function ruleFor(node: GraphNode): OpRule {
  const spec = opSpec(node.op ?? '');
  if (!spec) throw new Error(`schedule: no backward rule for op ${node.op ?? '(leaf)'} (node ${node.id})`);
  return spec.rule;
}

/** The gradient into input k: local derivative × incoming gradient for pointwise ops, the rule's formula otherwise. */
export function gradThrough(rule: OpRule, k: number, r: RuleInput, g: Expr): Expr | null {
  if (rule.kind === 'structural') return rule.grad(k, r, g);
  const local = rule.local(k, r);
  if (local.value === 1) return g;
  if (local.value === -1) return neg(g);
  return mul(local.value !== undefined ? local : group(local), g);
}
