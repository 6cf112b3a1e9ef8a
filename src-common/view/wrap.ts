/**
 * Wraps a left-to-right layered layout into rows, like text, so a long forward pass fills a screen or a
 * page instead of a thin strip. Rows are cut in the gaps between layers where the fewest edges cross; an
 * edge that crosses a cut leaves its row on the right, runs back through the gap below the row and
 * enters the next row from the left, each in its own lane. The row count is chosen by measuring: the one
 * that shows the graph largest in the target box.
 *
 * Pure and general: any graph the layout engine placed, whatever its names or size.
 */
import type { LayoutInput, LayoutResult, Point } from './layout-types';

export interface Size {
  width: number;
  height: number;
}

/** Between the last node of a row and the lanes, between lanes, and above and below a row's lanes. */
const LANE = 6;
const LANE_PAD = 10;
const ROW_GAP = 22;
/** More rows than this stops paying off even for very long graphs (each cut costs a detour). */
export const MAX_ROWS = 12;
/** A cut through a busy gap costs this much row width per extra crossing edge. */
const CROSSING_COST = 200;

interface Cut {
  x: number;
  crossings: number;
}

type Span = [number, number];

/** Horizontal extents that a cut must not pass through: nodes, and label slots when the layout has them. */
function occupied(input: LayoutInput, r: LayoutResult, labelSlots: boolean): Span[] {
  const spans: Span[] = Object.values(r.nodes).map((b) => [b.x, b.x + b.width]);
  if (labelSlots)
    for (const e of input.edges)
      spans.push([r.edges[e.id].label.x - e.labelWidth / 2, r.edges[e.id].label.x + e.labelWidth / 2]);
  return spans.sort((a, b) => a[0] - b[0]);
}

/** How many of the sorted `xs` are below `x` (binary search). */
function countBelow(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every gap between layers, as the x in its middle and how many edges cross it there. */
export function cutCandidates(input: LayoutInput, r: LayoutResult, labelSlots = true): Cut[] {
  const spans = occupied(input, r, labelSlots);
  // Edges run forward, so an edge crosses x exactly when it starts left of x and ends right of it.
  const starts = Object.values(r.edges)
    .map(({ points }) => points[0].x)
    .sort((a, b) => a - b);
  const ends = Object.values(r.edges)
    .map(({ points }) => points[points.length - 1].x)
    .sort((a, b) => a - b);
  const cuts: Cut[] = [];
  let reach = spans.length ? spans[0][1] : 0;
  for (const [x0, x1] of spans.slice(1)) {
    if (x0 > reach + 1) {
      const x = (reach + x0) / 2;
      cuts.push({ x, crossings: countBelow(starts, x) - countBelow(ends, x) });
    }
    reach = Math.max(reach, x1);
  }
  return cuts;
}

/** `rows - 1` cuts near even row widths, each the cheapest (width plus crossings) around its ideal place. */
export function chooseCuts(cuts: readonly Cut[], width: number, rows: number): number[] {
  const chosen: number[] = [];
  for (let k = 1; k < rows; k++) {
    const ideal = (width * k) / rows;
    const after = chosen.at(-1) ?? -Infinity;
    let best: Cut | null = null;
    let bestCost = Infinity;
    for (const c of cuts) {
      if (c.x <= after) continue;
      const cost = Math.abs(c.x - ideal) + CROSSING_COST * (c.crossings - 1);
      if (cost < bestCost) {
        best = c;
        bestCost = cost;
      }
    }
    if (!best) break;
    chosen.push(best.x);
  }
  return chosen;
}

/** The layout cut at `cuts` (x positions in `r`, ascending) into rows stacked top to bottom. */
export function wrapAt(input: LayoutInput, r: LayoutResult, cuts: readonly number[]): LayoutResult {
  if (cuts.length === 0) return r;
  const rowOfX = (x: number) => cuts.filter((c) => c <= x).length;
  const rows = cuts.length + 1;
  const starts = [0, ...cuts];
  const ends = [...cuts, r.width];

  // Which edges cross each cut, in lanes: the deepest leaving point nearest the row.
  const lanes: string[][] = cuts.map(() => []);
  const pointRows = new Map<string, number[]>();
  for (const e of input.edges) {
    const pts = r.edges[e.id].points;
    // An edge's ends belong to its nodes' rows; its bends to the rows they fall in.
    const rs = pts.map((p, i) =>
      rowOfX(i === 0 ? r.nodes[e.source].x : i === pts.length - 1 ? r.nodes[e.target].x : p.x),
    );
    pointRows.set(e.id, rs);
    for (let i = 1; i < pts.length; i++) for (let k = rs[i - 1]; k < rs[i]; k++) lanes[k].push(e.id);
  }
  const leaving = (edge: string, k: number) => {
    const pts = r.edges[edge].points;
    const rs = pointRows.get(edge)!;
    let i = rs.length - 1;
    while (i > 0 && rs[i] > k) i--;
    return pts[i].y;
  };
  lanes.forEach((list, k) => list.sort((a, b) => leaving(b, k) - leaving(a, k)));
  const maxLanes = Math.max(0, ...lanes.map((l) => l.length));
  const left = maxLanes > 0 ? LANE_PAD + maxLanes * LANE : 0;

  // Each row's vertical extent: its nodes, labels and edge points.
  const top = new Array<number>(rows).fill(Infinity);
  const bottom = new Array<number>(rows).fill(-Infinity);
  const extend = (row: number, y0: number, y1: number) => {
    top[row] = Math.min(top[row], y0);
    bottom[row] = Math.max(bottom[row], y1);
  };
  for (const b of Object.values(r.nodes)) extend(rowOfX(b.x), b.y, b.y + b.height);
  for (const e of input.edges) {
    const { points, label } = r.edges[e.id];
    extend(rowOfX(label.x), label.y - e.labelHeight / 2, label.y + e.labelHeight / 2);
    const rs = pointRows.get(e.id)!;
    points.forEach((p, i) => extend(rs[i], p.y, p.y));
  }
  const offsetY: number[] = [];
  let y = 0;
  for (let k = 0; k < rows; k++) {
    if (top[k] === Infinity) [top[k], bottom[k]] = [0, 0];
    offsetY.push(y - top[k]);
    const gap = k < rows - 1 ? Math.max(ROW_GAP, 2 * LANE_PAD + lanes[k].length * LANE) : 0;
    y += bottom[k] - top[k] + gap;
  }
  const height = y;
  const move = (row: number, p: Point): Point => ({ x: p.x - starts[row] + left, y: p.y + offsetY[row] });

  const out: LayoutResult = { width: 0, height, nodes: {}, edges: {} };
  for (const [id, b] of Object.entries(r.nodes)) {
    const at = move(rowOfX(b.x), b);
    out.nodes[id] = { ...b, x: at.x, y: at.y };
  }
  for (const e of input.edges) {
    const { points, label } = r.edges[e.id];
    const rs = pointRows.get(e.id)!;
    const routed: Point[] = [move(rs[0], points[0])];
    for (let i = 1; i < points.length; i++) {
      for (let k = rs[i - 1]; k < rs[i]; k++) {
        const lane = lanes[k].indexOf(e.id);
        const from = routed[routed.length - 1];
        const right = ends[k] - starts[k] + left + LANE_PAD / 2 + lane * LANE;
        const gapY = bottom[k] + offsetY[k] + LANE_PAD + lane * LANE;
        // Enter the next row from the outermost left lane for the first edge out, so lanes do not cross.
        const leftX = left - LANE_PAD / 2 - (lanes[k].length - 1 - lane) * LANE;
        const nextY =
          k + 1 === rs[i] ? move(rs[i], points[i]).y : top[k + 1] + offsetY[k + 1] + (bottom[k + 1] - top[k + 1]) / 2;
        routed.push({ x: right, y: from.y }, { x: right, y: gapY }, { x: leftX, y: gapY }, { x: leftX, y: nextY });
      }
      routed.push(move(rs[i], points[i]));
    }
    out.edges[e.id] = { points: routed, label: move(rowOfX(label.x), label) };
  }
  out.width = Math.max(...ends.map((end, k) => end - starts[k])) + left + LANE_PAD + maxLanes * LANE;
  return out;
}

/** How large a layout of `size` shows in `target` (never enlarged past `max`: on screen, 1). */
export const fitScale = (size: Size, target: Size, max = 1): number =>
  Math.min(max, target.width / size.width, target.height / size.height);

/**
 * Wrapped into the number of rows (1…MAX_ROWS) that shows the graph largest in `target`, at most `max`
 * times its size (1 on screen; a page may enlarge it to fill itself). With `min` (the smallest scale whose
 * text is readable) and no wrap showing the whole graph that large, the rows are the ones that show the
 * largest part of the graph at `min`.
 */
export function wrapToFit(
  input: LayoutInput,
  r: LayoutResult,
  target: Size,
  labelSlots = true,
  { min: minScale = 0, max = 1 }: { min?: number; max?: number } = {},
): LayoutResult {
  const cuts = cutCandidates(input, r, labelSlots);
  const wraps = (rows: number) => (rows === 1 ? r : wrapAt(input, r, chooseCuts(cuts, r.width, rows)));
  let best = r;
  let bestScale = fitScale(r, target, max);
  // Rows of the strip's height stacked to the target's shape: about sqrt(strip aspect / target aspect) of
  // them. Measure the few counts around that rather than all of them (each is a full re-route).
  const guess = Math.min(MAX_ROWS, Math.round(Math.sqrt(r.width / r.height / (target.width / target.height))));
  const most = Math.min(MAX_ROWS, cuts.length + 1);
  for (let rows = Math.max(2, guess - 2); rows <= Math.min(most, guess + 2); rows++) {
    const wrapped = wraps(rows);
    const scale = fitScale(wrapped, target, max);
    // Rows only for a clear gain: each wrap makes the eye jump.
    if (scale > bestScale * 1.03) {
      best = wrapped;
      bestScale = scale;
    }
  }
  if (bestScale >= minScale) return best;
  let shown = -1;
  for (let rows = 1; rows <= most; rows++) {
    const wrapped = wraps(rows);
    const part = visiblePart(wrapped, target, minScale);
    if (part > shown * 1.01) [best, shown] = [wrapped, part];
  }
  return best;
}

/**
 * How much of a layout of `size`, drawn at `scale`, is in view in `target` at once (1: all of it). Width
 * out of view counts twice: rows read left to right, so a row's hidden end costs more than a hidden row.
 */
export const visiblePart = (size: Size, target: Size, scale: number): number =>
  Math.min(1, target.width / (size.width * scale)) ** 2 * Math.min(1, target.height / (size.height * scale));
