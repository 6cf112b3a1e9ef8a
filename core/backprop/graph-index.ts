/** Lookups over a recorded graph: nodes by id, who reads a node, and which nodes a gradient reaches. */
import type { Graph, GraphNode } from '../graph/types';

/** One operand slot that reads a node: `node.inputs[input]`. */
export interface Use {
  node: GraphNode;
  input: number;
}

export interface GraphIndex {
  graph: Graph;
  node(id: string): GraphNode;
  /** Position in the recorded order, which is a forward (producers first) topological order. */
  position(id: string): number;
  /** The operand slots reading id, in recorded order. */
  uses(id: string): Use[];
  /**
   * Whether backprop from the output gives this node a gradient: it feeds the output and depends on a
   * parameter (data and index tensors, like autograd's tensors without requires_grad, get none).
   */
  flows(id: string): boolean;
  /** The named tensor whose statement the node belongs to (itself for named tensors and leaves). */
  head(id: string): string;
  /** The statement a node belongs to, for quoting (`probs = counts * counts_sum_inv`); its id when none. */
  statement(id: string): string;
}

export const isNamed = (n: GraphNode): boolean => n.kind !== 'op';

export function indexGraph(graph: Graph): GraphIndex {
  const byId = new Map<string, GraphNode>();
  const pos = new Map<string, number>();
  const uses = new Map<string, Use[]>();
  graph.nodes.forEach((n, i) => {
    if (byId.has(n.id)) throw new Error(`schedule: node ${n.id} appears twice in the graph`);
    byId.set(n.id, n);
    pos.set(n.id, i);
    uses.set(n.id, []);
  });
  const node = (id: string): GraphNode => {
    const n = byId.get(id);
    if (!n) throw new Error(`schedule: the graph has no node ${id}`);
    return n;
  };
  const needsGrad = new Set<string>();
  for (const n of graph.nodes) {
    n.inputs.forEach((i, k) => {
      if (pos.get(node(i).id)! >= pos.get(n.id)!)
        throw new Error(`schedule: ${n.id} reads ${i}, which is recorded after it`);
      uses.get(i)!.push({ node: n, input: k });
    });
    if (n.kind === 'parameter' || n.inputs.some((i) => needsGrad.has(i))) needsGrad.add(n.id);
  }
  const reachable = new Set<string>([graph.output]);
  const stack = [node(graph.output).id];
  while (stack.length > 0) {
    for (const i of node(stack.pop()!).inputs) {
      if (!reachable.has(i)) {
        reachable.add(i);
        stack.push(i);
      }
    }
  }
  return {
    graph,
    node,
    position: (id) => pos.get(node(id).id)!,
    uses: (id) => uses.get(node(id).id)!,
    flows: (id) => reachable.has(id) && needsGrad.has(id),
    head: (id) => node(id).group ?? id,
    statement: (id) => node(id).statement ?? byId.get(node(id).group ?? '')?.statement ?? id,
  };
}

const indexes = new WeakMap<Graph, GraphIndex>();

/** The index of a graph that does not change once recorded, built once (the diagnoses ask many times per run). */
export function graphIndexOf(graph: Graph): GraphIndex {
  let ix = indexes.get(graph);
  if (!ix) indexes.set(graph, (ix = indexGraph(graph)));
  return ix;
}
