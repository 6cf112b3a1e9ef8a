/**
 * Where a backward step's chips go: each one ON the edge it describes, so it can never be read as
 * belonging to a neighbour. A chip covers its edge's broadcast label when that is free, else sits at the
 * first free point along its own edge (middle first), clear of nodes, the `+=` list and earlier chips. When
 * the edge has no free stretch long enough (a short edge between two wide nodes), the chip sits just
 * above or below, with a leader line to a point on its edge. A chip never sits on another edge's lane
 * (where an edge turns into the next row of a wrapped layout).
 */
import type { Box, LayoutResult, Point } from './layout-types';
import { samplePath, type PathSampler } from './path-sampler';
import { laneBoxes } from './edge-path';
import { overlaps } from './box';
import type { EdgeChip, FlowPlan } from './flow-plan';
import type { ViewGraph } from './view-graph';
import { textWidth } from './text-metrics';
import { CHIP, LABEL } from './marks';

export interface ChipRequest {
  /** The drawn edge, as its curve. */
  along: PathSampler;
  /** The edge's label anchor when its label is drawn (a broadcast), else null. */
  label: Point | null;
  width: number;
  height: number;
  /** Other edges' lanes, to keep off (its own edge's it may sit on). */
  lanes?: readonly Box[];
}

export interface PlacedChip {
  centre: Point;
  /** The point on the edge the chip stands for: its centre, unless `leader`. */
  anchor: Point;
  leader: boolean;
}

const FRACTIONS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85, 0.1, 0.9];
const LEADER_STEPS = 6;

export function placeChipsOnEdges(chips: readonly ChipRequest[], avoid: readonly Box[]): PlacedChip[] {
  const taken: Box[] = [...avoid];
  return chips.map((c) => {
    const rect = (p: Point): Box => ({ x: p.x - c.width / 2, y: p.y - c.height / 2, width: c.width, height: c.height });
    const free = (p: Point) => ![...taken, ...(c.lanes ?? [])].some((t) => overlaps(rect(p), t));
    const onEdge = [...(c.label ? [c.label] : []), ...FRACTIONS.map((f) => c.along.at(f))];
    let placed: PlacedChip | null = null;
    const spot = onEdge.find(free);
    if (spot) placed = { centre: spot, anchor: spot, leader: false };
    const anchor = c.label ?? c.along.at(0.5);
    for (let k = 1; !placed && k <= LEADER_STEPS; k++) {
      for (const dy of [-k * (c.height + 6), k * (c.height + 6)]) {
        const p = { x: anchor.x, y: anchor.y + dy };
        if (free(p)) {
          placed = { centre: p, anchor, leader: true };
          break;
        }
      }
    }
    placed ??= { centre: anchor, anchor, leader: false };
    taken.push(rect(placed.centre));
    return placed;
  });
}

export interface DrawnChip extends PlacedChip {
  chip: EdgeChip;
  width: number;
}

/**
 * A step's chips on the laid-out graph (the view and the exported figures both draw these): as wide as
 * their text (at least their edge's label), clear of the nodes, the other edges' broadcast labels and
 * lanes, `avoid` (the `+=` list) and each other.
 */
export function stepChips(
  plan: FlowPlan,
  view: ViewGraph,
  layout: LayoutResult,
  avoid: readonly Box[] = [],
): DrawnChip[] {
  const byId = new Map(view.edges.map((e) => [e.id, e]));
  const lanes = view.edges.map((e) => ({
    id: e.id,
    boxes: layout.edges[e.id] ? laneBoxes(layout.edges[e.id].points) : [],
  }));
  const list = plan.chips
    .filter((c) => layout.edges[c.edgeId] && byId.has(c.edgeId))
    .map((chip) => {
      const edge = byId.get(chip.edgeId)!;
      return {
        chip,
        along: samplePath(layout.edges[chip.edgeId].points),
        label: edge.labelled ? layout.edges[chip.edgeId].label : null,
        width: Math.max(edge.labelWidth + 2, textWidth(chip.text, LABEL.fontPx) + CHIP.padX),
        height: CHIP.height,
        lanes: lanes.filter((l) => l.id !== chip.edgeId).flatMap((l) => l.boxes),
      };
    });
  const onChipEdges = new Set(list.map((c) => c.chip.edgeId));
  const labels = view.edges
    .filter((e) => e.labelled && !onChipEdges.has(e.id))
    .map((e) => ({
      x: layout.edges[e.id].label.x - e.labelWidth / 2,
      y: layout.edges[e.id].label.y - e.labelHeight / 2,
      width: e.labelWidth,
      height: e.labelHeight,
    }));
  const placed = placeChipsOnEdges(list, [...Object.values(layout.nodes), ...labels, ...avoid]);
  return list.map((c, i) => ({ chip: c.chip, width: c.width, ...placed[i] }));
}
