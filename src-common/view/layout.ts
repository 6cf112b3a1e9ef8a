/**
 * Layered left-to-right layout with d3-dag's Sugiyama. Chosen by measurement over elkjs (layered) and
 * @dagrejs/dagre on forward-pass-shaped graphs (Node, 2 cores): at 3,000 nodes dagre took 3–54 s depending
 * on its ranker, elkjs 2–9 s, d3-dag 0.2–0.4 s; at 10,000 nodes dagre and elkjs overflowed the stack;
 * the lecture graph had no crossings with any of them.
 *
 * Small graphs ("thorough"): every edge gets a label node the size of its shape label, so the layout keeps
 * labels clear of nodes and of each other (dagre's trick); network-simplex layering, two-layer decrossing.
 * Big graphs ("fast"): longest-path layering, two median sweeps, no label nodes (labels sit mid-gap).
 */
import {
  aggMedian,
  coordCenter,
  coordGreedy,
  decrossTwoLayer,
  graph as dagGraph,
  layeringLongestPath,
  layeringSimplex,
  sugiyama,
  twolayerAgg,
  type MutGraph,
  type MutGraphLink,
  type MutGraphNode,
} from 'd3-dag';
import type { LayoutEdgeIn, LayoutInput, LayoutResult, Point } from './layout-types';

/** Above this many nodes + edges, use the fast operators. */
export const THOROUGH_LIMIT = 600;
const GAP_ALONG = 16; // between consecutive layers (horizontal once rotated)
const GAP_ACROSS = 8; // between neighbours in a layer

export type LayoutQuality = 'thorough' | 'fast';

interface Box {
  width: number;
  height: number;
}
type DagNode = MutGraphNode<Box, undefined>;
type DagLink = MutGraphLink<Box, undefined>;

export function chooseQuality(input: LayoutInput): LayoutQuality {
  return input.nodes.length + input.edges.length > THOROUGH_LIMIT ? 'fast' : 'thorough';
}

function operator(quality: LayoutQuality) {
  const base = sugiyama()
    .nodeSize((n: { data: Box }) => [n.data.height, n.data.width] as const) // laid out top-down, then rotated
    .gap([GAP_ACROSS, GAP_ALONG]);
  return quality === 'thorough'
    ? base.layering(layeringSimplex()).decross(decrossTwoLayer()).coord(coordGreedy())
    : base
        .layering(layeringLongestPath())
        .decross(decrossTwoLayer().order(twolayerAgg().aggregator(aggMedian)).passes(2))
        .coord(coordCenter());
}

/** d3-dag lays out top-down: its y is our x. Inner control points only (ends are recomputed at the boxes). */
const inner = (link: DagLink): Point[] => link.points.slice(1, -1).map(([x, y]) => ({ x: y, y: x }));

interface Routed {
  edge: LayoutEdgeIn;
  links: DagLink[];
  label: DagNode | null;
}

function buildDag(
  input: LayoutInput,
  withLabels: boolean,
): { g: MutGraph<Box, undefined>; byId: Map<string, DagNode>; routed: Routed[] } {
  const g = dagGraph<Box, undefined>();
  const byId = new Map<string, DagNode>();
  for (const n of input.nodes) byId.set(n.id, g.node({ width: n.width, height: n.height }));
  const routed = input.edges.map((edge): Routed => {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) throw new Error(`edge ${edge.id} joins unknown nodes`);
    if (!withLabels) return { edge, links: [g.link(source, target)], label: null };
    // An unlabelled edge still gets a (point-sized) slot, so every edge has the same number of layers.
    const label = g.node({ width: Math.max(1, edge.labelWidth), height: Math.max(1, edge.labelHeight) });
    return { edge, links: [g.link(source, label), g.link(label, target)], label };
  });
  return { g, byId, routed };
}

export function layoutGraph(input: LayoutInput, quality: LayoutQuality = chooseQuality(input)): LayoutResult {
  const { g, byId, routed } = buildDag(input, quality === 'thorough');
  const { width, height } = operator(quality)(g);
  const result: LayoutResult = { width: height, height: width, nodes: {}, edges: {} };
  for (const [id, n] of byId) {
    const { width: w, height: h } = n.data;
    result.nodes[id] = { x: n.y - w / 2, y: n.x - h / 2, width: w, height: h };
  }
  for (const { edge, links, label } of routed) {
    const s = result.nodes[edge.source];
    const t = result.nodes[edge.target];
    const start = { x: s.x + s.width, y: s.y + s.height / 2 };
    const end = { x: t.x, y: t.y + t.height / 2 };
    if (label) {
      const at = { x: label.y, y: label.x };
      const hw = edge.labelWidth / 2;
      result.edges[edge.id] = {
        points: [
          start,
          ...inner(links[0]),
          { x: at.x - hw, y: at.y },
          { x: at.x + hw, y: at.y },
          ...inner(links[1]),
          end,
        ],
        label: at,
      };
    } else {
      const points = [start, ...inner(links[0]), end];
      const next = points[1];
      result.edges[edge.id] = { points, label: { x: (start.x + next.x) / 2, y: (start.y + next.y) / 2 } };
    }
  }
  spreadPorts(input, result);
  return result;
}

/**
 * Where several edges meet one side of a node, spread their ends down that side in the order they arrive,
 * so arrowheads do not sit on top of each other.
 */
function spreadPorts(input: LayoutInput, result: LayoutResult): void {
  const ends = new Map<string, { edge: string; end: 'first' | 'last' }[]>();
  for (const e of input.edges) {
    ends.set(`${e.source}:out`, [...(ends.get(`${e.source}:out`) ?? []), { edge: e.id, end: 'first' }]);
    ends.set(`${e.target}:in`, [...(ends.get(`${e.target}:in`) ?? []), { edge: e.id, end: 'last' }]);
  }
  for (const [key, list] of ends) {
    if (list.length < 2) continue;
    const box = result.nodes[key.slice(0, key.lastIndexOf(':'))];
    const neighbourY = ({ edge, end }: { edge: string; end: 'first' | 'last' }) => {
      const pts = result.edges[edge].points;
      return end === 'first' ? pts[1].y : pts[pts.length - 2].y;
    };
    const sorted = [...list].sort((a, b) => neighbourY(a) - neighbourY(b));
    sorted.forEach(({ edge, end }, k) => {
      const pts = result.edges[edge].points;
      const i = end === 'first' ? 0 : pts.length - 1;
      pts[i] = { x: pts[i].x, y: box.y + (box.height * (k + 1)) / (sorted.length + 1) };
    });
  }
}
