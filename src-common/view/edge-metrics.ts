/**
 * How readable a layout's edges are, as numbers to compare layouts by: their total length, how many
 * times two edges cross, and the length of the edges that run from one wrapped row to another (the long
 * loop-backs a reader has to follow). Edges are measured as the polylines through their points.
 */
import type { LayoutResult, Point } from './layout-types';

export interface EdgeMetrics {
  length: number;
  crossings: number;
  rowToRowLength: number;
  rowToRowEdges: number;
}

const dist = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);

/** Whether segments ab and cd properly cross (touching at a shared end, as edges of one node do, is not). */
function cross(a: Point, b: Point, c: Point, d: Point): boolean {
  const o = (p: Point, q: Point, r: Point) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

/** An edge whose ends are in different rows of a wrapped layout (`layout.rows`) is row-to-row. */
export function edgeMetrics(
  layout: LayoutResult,
  edges: readonly { id: string; source: string; target: string }[],
): EdgeMetrics {
  const ends = new Map(edges.map((e) => [e.id, e]));
  const rowOf = (node: string) => layout.rows?.[node] ?? 0;
  const ids = Object.keys(layout.edges);
  const segments = ids.map((id) => {
    const pts = layout.edges[id].points;
    return pts.slice(1).map((p, i) => [pts[i], p] as const);
  });
  let length = 0;
  let rowToRowLength = 0;
  let rowToRowEdges = 0;
  ids.forEach((id, i) => {
    const l = segments[i].reduce((sum, [a, b]) => sum + dist(a, b), 0);
    length += l;
    if (rowOf(ends.get(id)!.source) !== rowOf(ends.get(id)!.target)) {
      rowToRowLength += l;
      rowToRowEdges++;
    }
  });
  let crossings = 0;
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++)
      for (const [a, b] of segments[i]) for (const [c, d] of segments[j]) if (cross(a, b, c, d)) crossings++;
  return { length, crossings, rowToRowLength, rowToRowEdges };
}
