/** Which statement lines a hovered node stands for: its own, or for a leaf, the lines that read it. */
import type { ViewGraph, ViewNode } from '../../src-common/view/view-graph';

export function linesOfNode(node: ViewNode, view: ViewGraph): Set<number> {
  if (node.line !== null) return new Set([node.line]);
  const lines = new Set<number>();
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  for (const e of view.edges) {
    const line = e.source === node.id ? byId.get(e.target)?.line : null;
    if (line !== null && line !== undefined) lines.add(line);
  }
  return lines;
}

/** The box around every node of `ids` (for centring the view on a statement). */
export function boundsOf(boxes: readonly { x: number; y: number; width: number; height: number }[]) {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
