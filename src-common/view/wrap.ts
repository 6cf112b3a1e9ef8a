/**
 * Wraps a left-to-right layered layout into rows, like a snake, so a long forward pass fills a screen or a
 * page instead of a thin strip: the first row reads left to right, the second right to left, and so on, so
 * every row begins where the one above ends. Rows are cut in the gaps between layers where the fewest
 * edges cross; an edge that crosses a cut turns down along the rows' end into the next row, each in its
 * own lane beside the rows. The row count is chosen by measuring: the one that shows the graph largest in
 * the target box.
 *
 * Pure and general: any graph the layout engine placed, whatever its names or size.
 */
import type { LayoutInput, LayoutResult, Point } from './layout-types';

export interface Size {
  width: number;
  height: number;
}

/** Between a row's end and its turning lanes, between those lanes, and between rows. */
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

/**
 * The layout cut at `cuts` (x positions in `r`, ascending) into rows stacked top to bottom, snaking: the
 * first row reads left to right, the next right to left, and so on. A row ends where the next one begins,
 * so an edge between rows turns down along that end, in a lane of its own beside the rows, instead of
 * running back under a whole row. A backward row is the strip turned half round (mirrored both ways), as
 * a ribbon is at a U-turn: its edges still leave a node on the side facing their target, and edges that
 * did not cross in the strip do not cross in their turns.
 */
export function wrapAt(input: LayoutInput, r: LayoutResult, cuts: readonly number[]): LayoutResult {
  if (cuts.length === 0) return r;
  const rowOfX = (x: number) => cuts.filter((c) => c <= x).length;
  const rows = cuts.length + 1;
  const starts = [0, ...cuts];
  const ends = [...cuts, r.width];
  const rowWidth = Math.max(...ends.map((end, k) => end - starts[k]));
  // Even rows run left to right and hand over at their right end, odd rows the other way.
  const forward = (k: number) => k % 2 === 0;

  // Which edges cross each cut. An edge's ends belong to its nodes' rows; its bends to the rows they fall in.
  const lanes: string[][] = cuts.map(() => []);
  const pointRows = new Map<string, number[]>();
  for (const e of input.edges) {
    const pts = r.edges[e.id].points;
    const rs = pts.map((p, i) =>
      rowOfX(i === 0 ? r.nodes[e.source].x : i === pts.length - 1 ? r.nodes[e.target].x : p.x),
    );
    pointRows.set(e.id, rs);
    for (let i = 1; i < pts.length; i++) for (let k = rs[i - 1]; k < rs[i]; k++) lanes[k].push(e.id);
  }
  // How far down an edge leaves row k and enters row k + 1 (in its row, upside down in a backward one).
  const down = (row: number, y: number) => (forward(row) ? y : -y);
  const at = (edge: string, k: number) => {
    const pts = r.edges[edge].points;
    const rs = pointRows.get(edge)!;
    const after = rs.findIndex((row) => row > k);
    return { leave: down(k, pts[after - 1].y), enter: rs[after] === k + 1 ? down(k + 1, pts[after].y) : Infinity };
  };
  // Nested turns do not cross: the innermost lane is the one that leaves lowest and enters highest.
  lanes.forEach((list, k) => {
    const turn = new Map(list.map((id) => [id, at(id, k)]));
    list.sort((a, b) => turn.get(b)!.leave - turn.get(a)!.leave || turn.get(a)!.enter - turn.get(b)!.enter);
  });
  const margin = (side: boolean) => {
    const most = Math.max(0, ...lanes.filter((_, k) => forward(k) === side).map((l) => l.length));
    return most > 0 ? LANE_PAD + most * LANE : 0;
  };
  const left = margin(false);
  const right = margin(true);

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
  let height = 0;
  for (let k = 0; k < rows; k++) {
    if (top[k] === Infinity) [top[k], bottom[k]] = [0, 0];
    offsetY.push(height - top[k]);
    height += bottom[k] - top[k] + (k < rows - 1 ? ROW_GAP : 0);
  }
  const x = (row: number, px: number) =>
    forward(row) ? left + px - starts[row] : left + rowWidth - (px - starts[row]);
  const y = (row: number, py: number) => (forward(row) ? py : top[row] + bottom[row] - py) + offsetY[row];
  const move = (row: number, p: Point): Point => ({ x: x(row, p.x), y: y(row, p.y) });

  const out: LayoutResult = { width: left + rowWidth + right, height, nodes: {}, edges: {}, rows: {} };
  for (const [id, b] of Object.entries(r.nodes)) {
    const row = rowOfX(b.x);
    out.rows![id] = row;
    const [x0, y0] = forward(row) ? [b.x, b.y] : [b.x + b.width, b.y + b.height];
    out.nodes[id] = { ...b, x: x(row, x0), y: y(row, y0) };
  }
  for (const e of input.edges) {
    const { points, label } = r.edges[e.id];
    const rs = pointRows.get(e.id)!;
    const routed: Point[] = [move(rs[0], points[0])];
    for (let i = 1; i < points.length; i++) {
      for (let k = rs[i - 1]; k < rs[i]; k++) {
        const lane = lanes[k].indexOf(e.id);
        const from = routed[routed.length - 1];
        const turnX = forward(k) ? left + rowWidth + LANE_PAD / 2 + lane * LANE : left - LANE_PAD / 2 - lane * LANE;
        // A row the edge passes without a bend in it (not seen from d3-dag, which bends on every layer).
        const nextY = k + 1 === rs[i] ? move(rs[i], points[i]).y : offsetY[k + 1] + (top[k + 1] + bottom[k + 1]) / 2;
        routed.push({ x: turnX, y: from.y }, { x: turnX, y: nextY });
      }
      routed.push(move(rs[i], points[i]));
    }
    out.edges[e.id] = { points: routed, label: move(rowOfX(label.x), label) };
  }
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
