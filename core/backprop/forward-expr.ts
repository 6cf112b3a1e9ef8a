/**
 * How each recorded op reads as source (`bnvar + 1e-5`, `hprebn.sum(0, keepdim=True)`): gradient formulas
 * name anonymous intermediates by the sub-expression that computed them, as the lecture's formulas do. Each
 * op's text is written beside it in core/ops; this reads it from the registry.
 */
import type { GraphNode } from '../graph/types';
import '../ops';
import { opSpec } from '../ops/op';
import type { Expr } from '../ops/symbolic/expr';

export { dimOf } from '../ops/symbolic/rule-kit';

/** The node's computation as an expression of its operands' expressions, with the recorded shape. */
export function forwardExpr(node: GraphNode, inputs: Expr[]): Expr {
  const spec = opSpec(node.op ?? '');
  if (!spec) throw new Error(`schedule: no rule for op ${node.op ?? '(leaf)'} (node ${node.id})`);
  return { ...spec.text(inputs, node), shape: [...node.shape] };
}
