/**
 * The backward pass at one step, as the graph view shows it, for a figure: every node's gradient state and
 * fill (mean |grad| on the theme's ramp), the edges the gradient has passed and is flowing along, the step's
 * chips placed on their edges and its `=` / `+=` list. Computed with the player's own helpers (timeline,
 * flow plan, chip placement), so a figure and the screen agree.
 */
import type { BackwardSchedule, BackwardStep } from '../../core/backprop/types';
import type { Dump } from '../../core/mlp/dump-types';

/** What a figure reads of a run: its graph and its tensors' gradients (a lecture Dump or a notebook's run). */
export type FigureRun = Pick<Dump, 'graph' | 'params' | 'tensors'>;
import type { LayoutResult, Box } from './layout-types';
import type { ViewGraph } from './view-graph';
import { frameAt, type GradState } from './timeline';
import { accumulationBox, planFlow } from './flow-plan';
import { stepChips, type DrawnChip } from './chip-placement';
import { gradMagnitudes, gradScale } from './grad-colour';
import { NODE_FONT_PX, textWidth } from './text-metrics';
import type { ThemeName } from './palette';

export interface BackpropDrawing {
  step: BackwardStep;
  /** 1-based, as the player and `export --step` count. */
  number: number;
  count: number;
  states: Map<string, GradState>;
  /** Fill of each node whose gradient has a magnitude. */
  fills: Map<string, string>;
  active: Set<string>;
  passed: Set<string>;
  chips: DrawnChip[];
  accumulation: { labels: string[]; rect: Box } | null;
}

/** After step `index` (0-based) of `schedule`. */
export function backpropDrawing(
  dump: FigureRun,
  schedule: BackwardSchedule,
  index: number,
  view: ViewGraph,
  layout: LayoutResult,
  visibleOf: (id: string) => string,
  theme: ThemeName,
): BackpropDrawing {
  const frame = frameAt(schedule, index);
  if (!frame.step) throw new Error(`no backward step ${index + 1} (the schedule has ${schedule.steps.length})`);
  const plans = schedule.steps.slice(0, frame.current + 1).map((s) => planFlow(s, dump.graph, view, visibleOf));
  const plan = plans[plans.length - 1];
  const passed = new Set(plans.slice(0, -1).flatMap((p) => [...p.edgeIds]));
  const magnitudes = gradMagnitudes(dump);
  const scale = gradScale(magnitudes.values(), theme);
  const fills = new Map([...magnitudes].map(([id, m]) => [id, scale.colour(m)]));
  const target = layout.nodes[plan.target];
  const accumulation =
    plan.contributions.length > 1 && target
      ? accumulationBox(target, plan.contributions, (s) => textWidth(s, NODE_FONT_PX), Object.values(layout.nodes))
      : null;
  return {
    step: frame.step,
    number: frame.current + 1,
    count: schedule.steps.length,
    states: frame.states,
    fills,
    active: plan.edgeIds,
    passed,
    chips: stepChips(plan, view, layout, accumulation ? [accumulation.rect] : []),
    accumulation,
  };
}
