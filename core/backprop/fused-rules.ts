/**
 * Fused rules over a graph: one line that computes d(to) from d(from), skipping the tensors in between
 * (the lecture's exercises 2 and 3 are two, see mlp/lecture-schedule.ts). Which named tensors a rule skips
 * is not listed by hand: it is every tensor between `to` and `from` in the recorded graph.
 */
import type { Expr } from '../ops/symbolic/expr';
import { isNamed, type GraphIndex } from './graph-index';
import type { Edge, FusedName } from './types';

export interface FusedRule {
  name: FusedName;
  /** The tensor whose gradient the fused line starts from, and the one it computes. */
  from: string;
  to: string;
  /** d(to) from g = d(from); `x(id)` is a tensor of the graph. */
  grad(x: (id: string) => Expr, g: Expr): Expr;
  note: string;
}

export interface FusedRegion {
  rule: FusedRule;
  /** Nodes strictly between `to` and `from` (named and anonymous), in recorded order. */
  interior: string[];
  /** The named ones: they get no step of their own. */
  collapsed: string[];
  /** Every edge the fused gradient flows along, from `from` down to `to`. */
  edges: Edge[];
}

/** Where a fused rule applies, checked: nothing outside may read the skipped tensors or feed them a gradient. */
export function fusedRegion(ix: GraphIndex, rule: FusedRule): FusedRegion {
  const fail = (why: string): never => {
    throw new Error(`schedule: ${rule.name} (d${rule.to} from d${rule.from}) does not fit this graph: ${why}`);
  };
  const from = ix.node(rule.from).id;
  const to = ix.node(rule.to).id;
  const below = new Set([to]);
  for (const n of ix.graph.nodes) if (n.inputs.some((i) => below.has(i))) below.add(n.id);
  if (!below.has(from)) fail(`${from} does not depend on ${to}`);
  const above = new Set([from]);
  for (const n of [...ix.graph.nodes].reverse()) if (above.has(n.id)) n.inputs.forEach((i) => above.add(i));
  const interior = ix.graph.nodes
    .filter((n) => n.id !== from && n.id !== to && below.has(n.id) && above.has(n.id))
    .map((n) => n.id);
  const inside = new Set(interior);
  const collapsed = interior.filter((id) => isNamed(ix.node(id)));
  const skipped = new Set(collapsed);
  for (const c of collapsed) {
    for (const u of ix.uses(c)) {
      const h = ix.head(u.node.id);
      if (ix.flows(u.node.id) && h !== from && !skipped.has(h)) fail(`${h} reads ${c}, which the rule skips`);
    }
  }
  for (const n of ix.graph.nodes) {
    if (!skipped.has(ix.head(n.id))) continue;
    for (const i of n.inputs) {
      if (ix.flows(i) && i !== to && !inside.has(i))
        fail(`${ix.head(n.id)} reads ${i}, whose gradient the rule would drop`);
    }
  }
  const edges: Edge[] = [];
  for (const id of [from, ...[...interior].reverse()]) {
    for (const i of ix.node(id).inputs) if (inside.has(i) || i === to) edges.push({ producer: i, consumer: id });
  }
  return { rule, interior, collapsed, edges };
}
