/**
 * One backward step laid onto the drawn graph: which drawn edges each contribution travels (consumer first),
 * and the chips to draw on edges while it happens (a broadcast being summed back, a reduction being
 * broadcast back, a special rule). The core's schedule names graph nodes; folded statements hide some of
 * them, so every edge is mapped to the node that draws it. Pure; the player's timings come from here too.
 */
import type { BackwardStep, SpecialKind } from '../../core/backprop/types';
import type { Graph } from '../../core/graph/types';
import { formatShape } from './format';
import type { ViewGraph } from './view-graph';
import type { Box } from './layout-types';
import { overlaps } from './box';

export type ChipKind = 'reduce' | 'expand' | 'special';

export interface EdgeChip {
  edgeId: string;
  kind: ChipKind;
  /** `Σ dim 1 → 32×1`, `broadcast 32×1 → 32×27`, `argmax only` */
  text: string;
  contribution: number;
}

export interface ContributionFlow {
  /** Drawn edges in travel order, from the consumer's side down to the target. */
  edgeIds: string[];
  accumulate: boolean;
  consumer: string;
}

export interface FlowPlan {
  /** The drawn node whose gradient this step completes. */
  target: string;
  contributions: ContributionFlow[];
  edgeIds: Set<string>;
  chips: EdgeChip[];
  /** Drawn nodes the view centres on: the target and the consumers sending to it. */
  focus: string[];
}

const SPECIAL_CHIP: Record<SpecialKind, string> = {
  argmax: 'to the argmax only',
  'scatter-add': 'scatter-add',
  'view-back': 'view back',
  'matmul-transpose': 'transposed product',
  fused: 'fused rule',
};

export function planFlow(
  step: BackwardStep,
  graph: Graph,
  view: ViewGraph,
  visibleOf: (id: string) => string,
): FlowPlan {
  const byEnds = new Map<string, string[]>();
  for (const e of view.edges) {
    const key = `${e.source}\u0000${e.target}`;
    byEnds.set(key, [...(byEnds.get(key) ?? []), e.id]);
  }
  const drawn = (producer: string, consumer: string): string[] => {
    const a = visibleOf(producer);
    const b = visibleOf(consumer);
    return a === b ? [] : (byEnds.get(`${a}\u0000${b}`) ?? []);
  };

  const contributions = step.contributions.map((c): ContributionFlow => {
    const ids: string[] = [];
    for (const e of c.edges) for (const id of drawn(e.producer, e.consumer)) if (!ids.includes(id)) ids.push(id);
    return { edgeIds: ids, accumulate: c.accumulate, consumer: visibleOf(c.consumer) };
  });

  const chips: EdgeChip[] = [];
  for (const r of step.reductions) {
    const dims = r.dims.length === 1 ? `dim ${r.dims[0]}` : `dims ${r.dims.join(',')}`;
    for (const id of drawn(r.operand, r.node))
      chips.push({
        edgeId: id,
        kind: 'reduce',
        text: `Σ ${dims} → ${formatShape(r.from)}`,
        contribution: r.contribution,
      });
  }
  const inputOf = new Map(graph.nodes.map((n) => [n.id, n.inputs[0]]));
  for (const x of step.expansions) {
    const input = inputOf.get(x.node);
    if (input === undefined) continue;
    for (const id of drawn(input, x.node))
      chips.push({
        edgeId: id,
        kind: 'expand',
        text: `broadcast ${formatShape(x.from)} → ${formatShape(x.to)}`,
        contribution: x.contribution,
      });
  }
  for (const s of step.special) {
    const last = contributions[s.contribution]?.edgeIds.at(-1);
    if (last !== undefined)
      chips.push({ edgeId: last, kind: 'special', text: SPECIAL_CHIP[s.kind], contribution: s.contribution });
  }

  const target = visibleOf(step.target);
  const focus = [target, ...contributions.map((c) => c.consumer).filter((c) => c !== target)];
  return {
    target,
    contributions,
    edgeIds: new Set(contributions.flatMap((c) => c.edgeIds)),
    chips: mergeChips(chips),
    focus: [...new Set(focus)],
  };
}

/** One chip per edge and contribution: `broadcast 32×1 → 32×27 · to the argmax only`. */
function mergeChips(chips: EdgeChip[]): EdgeChip[] {
  const merged = new Map<string, EdgeChip>();
  for (const c of chips) {
    const key = `${c.edgeId}\u0000${c.contribution}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, text: `${seen.text} · ${c.text}` } : c);
  }
  return [...merged.values()];
}

export const ACCUMULATION_ROW = 20;

/**
 * The `=` / `+=` list beside a target with several consumers: its labels and where it sits. Under the
 * target, unless that covers one of `nodes` (the next row of a wrapped graph may be close below): then
 * above it, to its right or to its left, whichever is clear first.
 */
export function accumulationBox(
  box: Box,
  contributions: readonly ContributionFlow[],
  textWidth: (s: string) => number,
  nodes: readonly Box[] = [],
): { labels: string[]; rect: Box } {
  const labels = contributions.map((c, i) => `${i === 0 ? '=' : '+='} from ${c.consumer}`);
  const width = Math.max(...labels.map(textWidth)) + 16;
  const height = labels.length * ACCUMULATION_ROW;
  const places: Box[] = [
    { x: box.x, y: box.y + box.height + GAP, width, height },
    { x: box.x, y: box.y - GAP - height, width, height },
    { x: box.x + box.width + GAP, y: box.y, width, height },
    { x: box.x - GAP - width, y: box.y, width, height },
  ];
  const rect = places.find((p) => !nodes.some((n) => overlaps(p, n))) ?? places[0];
  return { labels, rect };
}
const GAP = 6;
