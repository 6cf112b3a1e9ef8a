/** What the diagnoses ask of the recorded graph: where a tensor is broadcast, multiplied, and by which statement. */
import { isNamed } from '../backprop/graph-index';
import type { BroadcastInfo, Graph, GraphNode } from '../graph/types';

export { isNamed };

export function nodeById(graph: Graph, id: string): GraphNode | null {
  return graph.nodes.find((n) => n.id === id) ?? null;
}

/** The named tensor a node's statement computes: itself when named, else its group (or its first named consumer). */
export function headOf(graph: Graph, node: GraphNode): GraphNode | null {
  let n: GraphNode | null = node;
  for (let guard = 0; n && guard <= graph.nodes.length; guard++) {
    if (isNamed(n)) return n;
    if (n.group) return nodeById(graph, n.group);
    const id: string = n.id;
    n = graph.nodes.find((m) => m.inputs.includes(id)) ?? null;
  }
  return null;
}

/** The statement a node belongs to, for quoting (`probs = counts * counts_sum_inv`). */
export function statementOf(graph: Graph, node: GraphNode): string {
  return node.statement ?? headOf(graph, node)?.statement ?? node.id;
}

export interface BroadcastUse {
  node: GraphNode;
  info: BroadcastInfo;
  statement: string;
}

/** Every op that broadcast `target` before using it. */
export function broadcastsOf(graph: Graph, target: string): BroadcastUse[] {
  const out: BroadcastUse[] = [];
  for (const n of graph.nodes)
    for (const b of n.broadcasts)
      if (b.inputId === target) out.push({ node: n, info: b, statement: statementOf(graph, n) });
  return out;
}

/** The ops that read `target` (any kind), in forward order. */
export function consumersOf(graph: Graph, target: string): GraphNode[] {
  return graph.nodes.filter((n) => n.inputs.includes(target));
}
