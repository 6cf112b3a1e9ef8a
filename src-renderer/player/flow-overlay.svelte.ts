/**
 * The backprop player drawn over the laid-out graph: every step's plan on the drawn graph (once per schedule
 * and layout, so stepping stays cheap), the current step's flow and chips, the edges earlier steps passed, the
 * `+=` list of a gradient with several contributions, and each node's fill by mean |grad|.
 */
import type { Theme } from '../../src-common/ipc-contract';
import { accumulationBox, planFlow, type FlowPlan } from '../../src-common/view/flow-plan';
import { stepChips } from '../../src-common/view/chip-placement';
import { NODE_FONT_PX, textWidth } from '../../src-common/view/text-metrics';
import { gradMagnitudes, gradScale } from '../../src-common/view/grad-colour';
import type { GradState } from '../../src-common/view/timeline';
import type { Laid } from '../graph/graph-layout.svelte';
import type { ShownRun } from '../state/shown-run';
import type { FlowRun } from './flow-animation';
import type { PlayerState } from './player-state.svelte';

export interface OverlaySource {
  laid: Laid | null;
  dump: ShownRun | null;
  player: PlayerState;
  theme: Theme;
}

export class FlowOverlay {
  private readonly src: () => OverlaySource;

  constructor(src: () => OverlaySource) {
    this.src = src;
  }

  readonly plans: FlowPlan[] = $derived.by(() => {
    const { laid, dump, player } = this.src();
    return laid && dump && player.schedule
      ? player.schedule.steps.map((s) => planFlow(s, dump.graph, laid.view, laid.visibleOf))
      : [];
  });
  /** The current step's plan (null before the first step). */
  readonly plan: FlowPlan | null = $derived.by(() => this.plans[this.src().player.current] ?? null);
  private readonly passed = $derived.by(() => {
    const ids = new Set<string>();
    for (const p of this.plans.slice(0, Math.max(0, this.src().player.current)))
      for (const id of p.edgeIds) ids.add(id);
    return ids;
  });
  readonly magnitudes = $derived.by(() => {
    const dump = this.src().dump;
    return dump ? gradMagnitudes(dump) : new Map<string, number>();
  });
  private readonly scale = $derived.by(() => gradScale(this.magnitudes.values(), this.src().theme));
  /** The step's animation, when the player animates. */
  readonly flowRun: FlowRun | null = $derived.by(() => {
    const { laid, player } = this.src();
    const plan = this.plan;
    return plan && laid && player.animated
      ? { plan, timing: player.timing, boxes: laid.layout.nodes, edges: laid.layout.edges }
      : null;
  });
  /** The `+=` list beside a gradient several contributions add up to. */
  readonly accumulation = $derived.by(() => {
    const laid = this.src().laid;
    const plan = this.plan;
    return plan && laid && plan.contributions.length > 1 && laid.layout.nodes[plan.target]
      ? accumulationBox(
          laid.layout.nodes[plan.target],
          plan.contributions,
          (s) => textWidth(s, NODE_FONT_PX),
          Object.values(laid.layout.nodes),
        )
      : null;
  });
  /** The step's chips, each on its own edge and clear of nodes, labels, the `+=` list and each other. */
  readonly chips = $derived.by(() => {
    const laid = this.src().laid;
    const plan = this.plan;
    const accumulation = this.accumulation;
    return plan && laid ? stepChips(plan, laid.view, laid.layout, accumulation ? [accumulation.rect] : []) : [];
  });

  /** How many of the step's contributions have arrived (all of them without animation). */
  arrived(): number {
    const { player } = this.src();
    return player.animated ? player.arrived : (this.plan?.contributions.length ?? 0);
  }

  chipShown(contribution: number): boolean {
    const { player } = this.src();
    return !player.animated || player.arrived >= contribution;
  }

  flowOf(edgeId: string): 'active' | 'passed' | null {
    if (this.plan?.edgeIds.has(edgeId)) return 'active';
    return this.passed.has(edgeId) ? 'passed' : null;
  }

  litOf(edgeId: string): boolean {
    const plan = this.plan;
    if (!plan) return false;
    const i = plan.contributions.findIndex((c) => c.edgeIds.includes(edgeId));
    const { player } = this.src();
    return i >= 0 && (!player.animated || player.arrived > i);
  }

  /** A node's gradient state at the step on screen (null before the first step). */
  gradOf(id: string): GradState | null {
    const { player } = this.src();
    return player.frame && player.current >= 0 ? (player.frame.states.get(id) ?? 'pending') : null;
  }

  /** A node's fill by mean |grad| (null: no gradient). */
  fillOf(id: string): string | null {
    return this.magnitudes.has(id) ? this.scale.colour(this.magnitudes.get(id)!) : null;
  }

  /** When the step's target fills: once its contributions have arrived. */
  fillDelay(id: string): number {
    const { player } = this.src();
    return player.animated && this.plan?.target === id ? player.timing.complete : 0;
  }
}
