/**
 * planFlow (src-renderer/player/flow-plan.ts) on the lecture's real schedules and the real drawn graph, folded
 * and with every statement expanded.
 */
import { describe, expect, it } from 'vitest';
import { buildSchedule } from '../../../core/mlp/lecture-schedule';
import type { BackwardSchedule, BackwardStep } from '../../../core/backprop/types';
import { loadNames } from '../../../cli/load-names';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import type { Dump } from '../../../core/mlp/dump-types';
import { runLecture } from '../../../core/mlp/run';
import { buildViewGraph, groupMembers, visibleNodeOf, type ViewGraph } from '../../../src-common/view/view-graph';
import { planFlow, type FlowPlan } from '../../../src-common/view/flow-plan';

const words = loadNames();
const VARIANTS = ['atomic', 'fused-ce', 'fused-bn', 'fused'] as const;
type Variant = (typeof VARIANTS)[number];

interface View {
  view: ViewGraph;
  visibleOf: (id: string) => string;
}
interface Lecture {
  dump: Dump;
  schedule: BackwardSchedule;
  folded: View;
  expanded: View;
}

const viewOf = (dump: Dump, expanded: ReadonlySet<string>): View => ({
  view: buildViewGraph(dump.graph, expanded),
  visibleOf: visibleNodeOf(dump.graph, expanded),
});

const lectures = Object.fromEntries(
  VARIANTS.map((variant) => {
    const dump = runLecture({ ...DEFAULT_CONFIG, variant }, words);
    const all = new Set(groupMembers(dump.graph).keys());
    return [
      variant,
      { dump, schedule: buildSchedule(dump), folded: viewOf(dump, new Set()), expanded: viewOf(dump, all) },
    ];
  }),
) as Record<Variant, Lecture>;

const plan = (l: Lecture, step: BackwardStep, v: View = l.folded): FlowPlan =>
  planFlow(step, l.dump.graph, v.view, v.visibleOf);
const stepFor = (l: Lecture, target: string): BackwardStep => {
  const s = l.schedule.steps.find((step) => step.target === target);
  if (!s) throw new Error(`no step for ${target}`);
  return s;
};
const edgeById = (v: View) => new Map(v.view.edges.map((e) => [e.id, e]));

/** The structural promises of a plan, checked against one drawn graph. */
function checkPlan(l: Lecture, step: BackwardStep, v: View) {
  const p = plan(l, step, v);
  const edges = edgeById(v);
  const drawnNodes = new Set(v.view.nodes.map((n) => n.id));
  expect(p.target).toBe(v.visibleOf(step.target));
  expect(drawnNodes.has(p.target)).toBe(true);
  expect(p.contributions).toHaveLength(step.contributions.length);
  for (const id of p.edgeIds) expect(edges.has(id), `${step.target}: edge ${id}`).toBe(true);
  p.contributions.forEach((c, i) => {
    expect(c.accumulate).toBe(step.contributions[i].accumulate);
    expect(c.consumer).toBe(v.visibleOf(step.contributions[i].consumer));
    expect(c.edgeIds.length, `${step.target} contribution ${i}`).toBeGreaterThan(0);
    expect(new Set(c.edgeIds).size).toBe(c.edgeIds.length);
    for (const id of c.edgeIds) {
      expect(edges.has(id), id).toBe(true);
      expect(p.edgeIds.has(id)).toBe(true);
    }
    expect(edges.get(c.edgeIds[0])!.target, `${step.target}: first edge of ${c.consumer}`).toBe(c.consumer);
    expect(edges.get(c.edgeIds.at(-1)!)!.source, `${step.target}: last edge of ${c.consumer}`).toBe(p.target);
  });
  expect(p.edgeIds).toEqual(new Set(p.contributions.flatMap((c) => c.edgeIds)));
  for (const chip of p.chips) {
    expect(edges.has(chip.edgeId), `chip on ${chip.edgeId}`).toBe(true);
    expect(chip.contribution).toBeGreaterThanOrEqual(0);
    expect(chip.contribution).toBeLessThan(p.contributions.length);
    expect(chip.text.length).toBeGreaterThan(0);
  }
  // One chip per edge and contribution.
  const keys = p.chips.map((c) => `${c.edgeId}|${c.contribution}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(p.focus[0]).toBe(p.target);
  expect(new Set(p.focus).size).toBe(p.focus.length);
  for (const c of p.contributions) expect(p.focus).toContain(c.consumer);
  return p;
}

describe('planFlow: every step of every variant lies on the drawn graph', () => {
  for (const variant of VARIANTS) {
    it(`${variant}, folded`, () => {
      const l = lectures[variant];
      for (const step of l.schedule.steps) {
        const p = checkPlan(l, step, l.folded);
        // Every schedule target is a named node, drawn as itself when folded.
        expect(p.target).toBe(step.target);
      }
    });

    it(`${variant}, every statement expanded`, () => {
      const l = lectures[variant];
      for (const step of l.schedule.steps) checkPlan(l, step, l.expanded);
    });
  }
});

describe('planFlow: the seed step', () => {
  it('the loss has no contributions, edges or chips and is its own focus', () => {
    const l = lectures.atomic;
    const p = plan(l, l.schedule.steps[0]);
    expect(p.target).toBe('loss');
    expect(p.contributions).toEqual([]);
    expect(p.edgeIds.size).toBe(0);
    expect(p.chips).toEqual([]);
    expect(p.focus).toEqual(['loss']);
  });
});

describe('planFlow: chips on the atomic lecture, folded', () => {
  const l = lectures.atomic;

  it('counts_sum_inv: its broadcast in probs is summed back over dim 1 to 32×1', () => {
    const p = plan(l, stepFor(l, 'counts_sum_inv'));
    const chip = p.chips.find((c) => c.edgeId === 'counts_sum_inv->probs');
    expect(chip).toBeDefined();
    expect(chip!.kind).toBe('reduce');
    expect(chip!.text).toContain('dim 1');
    expect(chip!.text).toContain('32×1');
    expect(chip!.contribution).toBe(0);
    expect(edgeById(l.folded).get(chip!.edgeId)).toMatchObject({ source: 'counts_sum_inv', target: 'probs' });
  });

  it('b2: its broadcast over the batch is summed back over dim 0', () => {
    const p = plan(l, stepFor(l, 'b2'));
    expect(p.chips).toHaveLength(1);
    expect(p.chips[0].kind).toBe('reduce');
    expect(p.chips[0].edgeId).toBe('b2->logits');
    expect(p.chips[0].text).toContain('dim 0');
    expect(p.chips[0].text).toContain('27');
  });

  it('counts: two contributions, the second through counts_sum, with a broadcast chip for the sum', () => {
    const p = plan(l, stepFor(l, 'counts'));
    expect(p.contributions).toHaveLength(2);
    expect(p.contributions.map((c) => c.consumer)).toEqual(['probs', 'counts_sum']);
    expect(p.contributions.map((c) => c.accumulate)).toEqual([false, true]);
    const expand = p.chips.filter((c) => c.kind === 'expand');
    expect(expand).toHaveLength(1);
    expect(expand[0].edgeId).toBe('counts->counts_sum');
    expect(expand[0].contribution).toBe(1);
    expect(expand[0].text).toContain('broadcast');
    expect(expand[0].text).toContain('32×1');
    expect(expand[0].text).toContain('32×27');
    expect(p.focus).toEqual(['counts', 'probs', 'counts_sum']);
  });

  it('logits: the max sends its gradient to the argmax only', () => {
    const p = plan(l, stepFor(l, 'logits'));
    expect(p.contributions.map((c) => c.consumer)).toEqual(['norm_logits', 'logit_maxes']);
    // The step itself has an argmax special case on the logit_maxes contribution ...
    expect(stepFor(l, 'logits').special.map((s) => s.kind)).toContain('argmax');
    // ... which shows on the edge logits→logit_maxes, merged with the broadcast of the max's expansion.
    const chip = p.chips.find((c) => c.edgeId === 'logits->logit_maxes');
    expect(chip).toBeDefined();
    expect(chip!.contribution).toBe(1);
    expect(chip!.text).toContain('argmax');
    expect(chip!.text).toContain('broadcast 32×1 → 32×27');
  });

  it('logprobs: the loss picks from logprobs, a scatter-add special chip', () => {
    const p = plan(l, stepFor(l, 'logprobs'));
    expect(p.chips).toHaveLength(1);
    expect(p.chips[0]).toMatchObject({ edgeId: 'logprobs->loss', kind: 'special', contribution: 0 });
    expect(p.chips[0].text).toContain('scatter-add');
  });

  it('W2: a matmul operand gets the transposed-product chip', () => {
    const p = plan(l, stepFor(l, 'W2'));
    expect(p.chips.map((c) => c.kind)).toEqual(['special']);
    expect(p.chips[0].edgeId).toBe('W2->logits');
  });

  it('probs: an elementwise step has no chips', () => {
    expect(plan(l, stepFor(l, 'probs')).chips).toEqual([]);
  });
});

describe('planFlow: fused rules', () => {
  it.each(['fused-ce', 'fused'] as const)(
    '%s: the fused step walks from the loss down to logits across the skipped tensors',
    (variant) => {
      const l = lectures[variant];
      const step = l.schedule.steps.find((s) => s.fused?.rule === 'fused-ce')!;
      const p = plan(l, step);
      expect(p.target).toBe('logits');
      expect(p.contributions).toHaveLength(1);
      expect(p.contributions[0].consumer).toBe('loss');
      const edges = edgeById(l.folded);
      const touched = new Set(
        p.contributions[0].edgeIds.flatMap((id) => [edges.get(id)!.source, edges.get(id)!.target]),
      );
      for (const id of step.fused!.collapsed) expect(touched.has(id), id).toBe(true);
      const fusedChips = p.chips.filter((c) => c.text.includes('fused rule'));
      expect(fusedChips).toHaveLength(1);
      expect(fusedChips[0].kind).toBe('special');
    },
  );
});

describe('planFlow: expanded statements', () => {
  it("logprobs: the loss statement's intermediates add drawn edges to the first contribution", () => {
    const l = lectures.atomic;
    const step = stepFor(l, 'logprobs');
    const folded = plan(l, step, l.folded);
    const expanded = plan(l, step, l.expanded);
    expect(folded.contributions[0].edgeIds).toEqual(['logprobs->loss']);
    expect(expanded.contributions[0].edgeIds.length).toBeGreaterThan(folded.contributions[0].edgeIds.length);
    expect(expanded.contributions[0].edgeIds.at(-1)).toMatch(/^logprobs->/);
    // The scatter-add chip sits on the last drawn edge, the one leaving logprobs.
    expect(expanded.chips.find((c) => c.kind === 'special')?.edgeId).toBe(expanded.contributions[0].edgeIds.at(-1));
  });

  it('no step walks fewer drawn edges expanded than folded', () => {
    for (const variant of VARIANTS) {
      const l = lectures[variant];
      for (const step of l.schedule.steps) {
        const f = plan(l, step, l.folded);
        const e = plan(l, step, l.expanded);
        f.contributions.forEach((c, i) =>
          expect(e.contributions[i].edgeIds.length, `${variant} ${step.target}`).toBeGreaterThanOrEqual(
            c.edgeIds.length,
          ),
        );
      }
    }
  });
});
