/** Finds a node by name: exact, then prefix, then substring; named tensors and leaves before anonymous ops. */
import type { Graph, GraphNode } from '../../core/graph/types';

export function findNode(graph: Graph, query: string): GraphNode | null {
  const q = query.trim().toLowerCase();
  if (q === '') return null;
  const rank = (n: GraphNode): number => {
    const name = n.name.toLowerCase();
    const id = n.id.toLowerCase();
    const how = name === q || id === q ? 0 : name.startsWith(q) ? 1 : name.includes(q) || id.includes(q) ? 2 : -1;
    return how < 0 ? -1 : how * 2 + (n.kind === 'op' ? 1 : 0);
  };
  let best: GraphNode | null = null;
  let bestRank = Infinity;
  for (const n of graph.nodes) {
    const r = rank(n);
    if (r >= 0 && r < bestRank) {
      best = n;
      bestRank = r;
    }
  }
  return best;
}
