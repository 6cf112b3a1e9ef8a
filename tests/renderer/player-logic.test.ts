/**
 * The backprop player's pure parts on the lecture's real schedules: where it stands (timeline), how it maps
 * a step onto the drawn graph (flow plan), its clock (pacing), its keys, the cmp line and the follow view.
 */
import { describe, expect, it } from 'vitest';
import { buildSchedule } from '../../core/backprop/schedule';
import type { BackwardSchedule } from '../../core/backprop/types';
import { loadNames } from '../../core/data/load-names-node';
import { DEFAULT_CONFIG, type MlpConfig } from '../../core/mlp/config';
import type { Dump } from '../../core/mlp/dump-types';
import { runLecture } from '../../core/mlp/run';
import { followTransform, FOLLOW_MIN_ZOOM } from '../../src-renderer/graph/fit';
import { buildViewGraph, groupMembers, visibleNodeOf } from '../../src-renderer/graph/view-graph';
import { cmpLine, pyFloat } from '../../src-renderer/player/cmp-format';
import { accumulationBox, placeChip, placeChips, planFlow } from '../../src-renderer/player/flow-plan';
import { gradMagnitudes, gradScale } from '../../src-renderer/player/grad-colour';
import { samplePath } from '../../src-renderer/player/path-sampler';
import { nextSpeed, STILL_STEP_MS, timingOf } from '../../src-renderer/player/pacing';
import { playerActionForKey } from '../../src-renderer/player/player-keys';
import { BEFORE_START, carryPosition, clampStep, frameAt, stepOfNode } from '../../src-renderer/player/timeline';

const words = loadNames();
const VARIANTS = ['atomic', 'fused-ce', 'fused-bn', 'fused'] as const;
const cache = new Map<string, { dump: Dump; schedule: BackwardSchedule }>();
function lecture(config: Partial<MlpConfig> = {}) {
  const key = JSON.stringify(config);
  if (!cache.has(key)) {
    const dump = runLecture({ ...DEFAULT_CONFIG, ...config }, words);
    cache.set(key, { dump, schedule: buildSchedule(dump) });
  }
  return cache.get(key)!;
}
const PARAMS = ['C', 'W1', 'b1', 'W2', 'b2', 'bngain', 'bnbias'];

describe('timeline', () => {
  it('before the start nothing is propagated; at the leaves every parameter has its gradient', () => {
    const { schedule } = lecture();
    const before = frameAt(schedule, BEFORE_START);
    expect(before.step).toBeNull();
    expect(before.states.size).toBe(0);
    const last = frameAt(schedule, schedule.steps.length - 1);
    for (const p of PARAMS) expect(['done', 'current']).toContain(last.states.get(p));
  });

  it.each(VARIANTS)('%s: the target is current, earlier targets done, and nothing is ever un-completed', (variant) => {
    const { schedule } = lecture({ variant });
    let previous = new Set<string>();
    schedule.steps.forEach((step, i) => {
      const f = frameAt(schedule, i);
      expect(f.step).toBe(step);
      expect(f.states.get(step.target)).toBe(step.fused && schedule.collapsed[step.target] ? 'skipped' : 'current');
      for (const s of schedule.steps.slice(0, i)) if (!schedule.collapsed[s.target]) expect(f.states.get(s.target)).toBe('done');
      const complete = new Set([...f.states].filter(([, s]) => s === 'done' || s === 'current').map(([id]) => id));
      for (const id of previous) expect(complete.has(id)).toBe(true);
      previous = complete;
      for (const id of Object.keys(schedule.collapsed)) expect(f.states.get(id)).toBe('skipped');
    });
  });

  it('clamps positions and finds the step that completes a node', () => {
    const { schedule } = lecture();
    expect(clampStep(schedule, -5)).toBe(BEFORE_START);
    expect(clampStep(schedule, 999)).toBe(schedule.steps.length - 1);
    expect(stepOfNode(schedule, 'loss')).toBe(0);
    expect(stepOfNode(schedule, 'C')).toBe(schedule.steps.length - 1);
    expect(stepOfNode(schedule, 'no-such-node')).toBeNull();
    // An anonymous intermediate completes with the step that flows through it.
    expect(stepOfNode(schedule, 'logits/matmul#1')).toBe(schedule.steps.findIndex((s) => s.target === 'h'));
    const fused = lecture({ variant: 'fused-ce' }).schedule;
    expect(stepOfNode(fused, 'probs')).toBe(fused.steps.findIndex((s) => s.fused?.rule === 'fused-ce'));
  });

  it('carries the position over a new seed, and restarts when the variant changes the steps up to it', () => {
    const atomic = lecture().schedule;
    const seeded = lecture({ seed: 42 }).schedule;
    const fusedCe = lecture({ variant: 'fused-ce' }).schedule;
    const fusedBn = lecture({ variant: 'fused-bn' }).schedule;
    expect(carryPosition(atomic, seeded, 12)).toBe(12);
    expect(carryPosition(atomic, fusedCe, 5)).toBe(BEFORE_START);
    expect(carryPosition(atomic, fusedCe, 0)).toBe(0);
    // fused-bn walks the same steps as atomic until the batchnorm.
    const same = atomic.steps.findIndex((s, i) => fusedBn.steps[i]?.target !== s.target) - 1;
    expect(same).toBeGreaterThan(5);
    expect(carryPosition(atomic, fusedBn, same)).toBe(same);
    expect(carryPosition(atomic, fusedBn, same + 1)).toBe(BEFORE_START);
    expect(carryPosition(null, atomic, 3)).toBe(BEFORE_START);
    expect(carryPosition(atomic, seeded, BEFORE_START)).toBe(BEFORE_START);
    expect(carryPosition(atomic, lecture({ variant: 'fused' }).schedule, atomic.steps.length - 1)).toBe(BEFORE_START);
  });
});

describe('flow plan', () => {
  const folded = (dump: Dump) => ({ view: buildViewGraph(dump.graph, new Set()), visibleOf: visibleNodeOf(dump.graph, new Set()) });

  it.each(VARIANTS)('%s: every step travels drawn edges, from the consumer down to the target', (variant) => {
    const { dump, schedule } = lecture({ variant });
    const { view, visibleOf } = folded(dump);
    const edges = new Map(view.edges.map((e) => [e.id, e]));
    for (const step of schedule.steps) {
      const plan = planFlow(step, dump.graph, view, visibleOf);
      expect(plan.target).toBe(step.target);
      expect(plan.contributions).toHaveLength(step.contributions.length);
      plan.contributions.forEach((c, i) => {
        expect(c.edgeIds.length, `${step.target} term ${i}`).toBeGreaterThan(0);
        for (const id of c.edgeIds) expect(edges.has(id)).toBe(true);
        expect(edges.get(c.edgeIds[0])!.target).toBe(c.consumer);
        expect(edges.get(c.edgeIds.at(-1)!)!.source).toBe(step.target);
        expect(c.accumulate).toBe(i > 0);
      });
      for (const chip of plan.chips) expect(edges.has(chip.edgeId)).toBe(true);
      expect(plan.focus[0]).toBe(step.target);
    }
  });

  it('puts the broadcast story on the right edges', () => {
    const { dump, schedule } = lecture();
    const { view, visibleOf } = folded(dump);
    const plan = (target: string) => planFlow(schedule.steps.find((s) => s.target === target)!, dump.graph, view, visibleOf);
    expect(plan('counts_sum_inv').chips).toEqual([{ edgeId: 'counts_sum_inv->probs', kind: 'reduce', text: 'Σ dim 1 → 32×1', contribution: 0 }]);
    expect(plan('b2').chips).toEqual([{ edgeId: 'b2->logits', kind: 'reduce', text: 'Σ dim 0 → 27', contribution: 0 }]);
    const counts = plan('counts');
    expect(counts.contributions.map((c) => c.consumer)).toEqual(['probs', 'counts_sum']);
    expect(counts.chips).toContainEqual({ edgeId: 'counts->counts_sum', kind: 'expand', text: 'broadcast 32×1 → 32×27', contribution: 1 });
    expect(plan('logits').chips).toContainEqual({ edgeId: 'logits->logit_maxes', kind: 'expand', text: 'broadcast 32×1 → 32×27 · to the argmax only', contribution: 1 });
    expect(plan('C').chips.some((c) => c.kind === 'special' && c.text === 'scatter-add')).toBe(true);
  });

  it('walks more drawn edges when the statements are expanded', () => {
    const { dump, schedule } = lecture();
    const all = new Set(groupMembers(dump.graph).keys());
    const expanded = { view: buildViewGraph(dump.graph, all), visibleOf: visibleNodeOf(dump.graph, all) };
    const step = schedule.steps.find((s) => s.target === 'logprobs')!;
    const foldedPlan = planFlow(step, dump.graph, folded(dump).view, folded(dump).visibleOf);
    const expandedPlan = planFlow(step, dump.graph, expanded.view, expanded.visibleOf);
    expect(foldedPlan.contributions[0].edgeIds).toEqual(['logprobs->loss']);
    expect(expandedPlan.contributions[0].edgeIds.length).toBe(3);
    expect(expandedPlan.contributions[0].edgeIds.at(-1)).toMatch(/^logprobs->/);
  });

  it('places a chip on its label when free, else beside it, never on a node', () => {
    const node = { x: 0, y: -40, width: 100, height: 40 };
    expect(placeChip({ x: 50, y: 20 }, { width: 60, height: 18 }, [node])).toEqual({ x: 50, y: 20 });
    const onLabel = { x: 0, y: 10, width: 100, height: 20 };
    const placed = placeChip({ x: 50, y: 20 }, { width: 60, height: 18 }, [onLabel]);
    const r = { x: placed.x - 30, y: placed.y - 9, width: 60, height: 18 };
    expect(r.y + r.height <= onLabel.y || r.y >= onLabel.y + onLabel.height).toBe(true);
    const box = accumulationBox({ x: 5, y: 5, width: 50, height: 40 }, [
      { edgeIds: [], accumulate: false, consumer: 'probs' },
      { edgeIds: [], accumulate: true, consumer: 'counts_sum' },
    ], (s) => s.length * 7);
    expect(box.labels).toEqual(['= from probs', '+= from counts_sum']);
    expect(box.rect.y).toBeGreaterThan(45);
  });

  it('keeps chips off each other as well as off the nodes', () => {
    const chip = { at: { x: 50, y: 20 }, width: 80, height: 18 };
    const [a, b] = placeChips([chip, chip], []);
    expect(a).toEqual({ x: 50, y: 20 });
    expect(Math.abs(b.y - a.y)).toBeGreaterThanOrEqual(18);
  });
});

describe('path sampler', () => {
  it('follows the drawn curve from producer to consumer without the DOM', () => {
    const points = [{ x: 0, y: 0 }, { x: 100, y: 40 }, { x: 220, y: 40 }, { x: 300, y: 0 }];
    const path = samplePath(points);
    expect(path.at(0)).toEqual(points[0]);
    const end = path.at(1);
    expect(end.x).toBeCloseTo(300, 9);
    expect(end.y).toBeCloseTo(0, 9);
    // Longer than the straight chord, shorter than the polyline's detour would allow at most.
    expect(path.length).toBeGreaterThan(300);
    expect(path.length).toBeLessThan(2 * 300);
    // curveMonotoneX never goes back in x; it passes through every layout point.
    let last = -Infinity;
    for (let f = 0; f <= 1.0001; f += 0.02) {
      const p = path.at(f);
      expect(p.x).toBeGreaterThanOrEqual(last - 1e-9);
      last = p.x;
    }
    const ys = Array.from({ length: 301 }, (_, i) => path.at(i / 300));
    expect(Math.min(...ys.map((p) => Math.hypot(p.x - 100, p.y - 40)))).toBeLessThan(2);
    expect(path.at(-1)).toEqual(path.at(0));
    expect(path.at(2)).toEqual(path.at(1));
  });
});

describe('pacing and keys', () => {
  it('contributions arrive one after another, scaled by speed', () => {
    const t = timingOf(2, 1, false);
    expect(t.starts[0]).toBe(0);
    expect(t.arrivals[0]).toBeGreaterThan(t.starts[0]);
    expect(t.starts[1]).toBeGreaterThan(t.arrivals[0]);
    expect(t.arrivals[1]).toBeGreaterThan(t.starts[1]);
    expect(t.complete).toBe(t.arrivals[1]);
    expect(t.total).toBeGreaterThan(t.complete);
    const fast = timingOf(2, 2, false);
    expect(fast.arrivals).toEqual(t.arrivals.map((a) => a / 2));
    expect(fast.total).toBe(t.total / 2);
    expect(timingOf(2, 1, true)).toEqual({ starts: [0, 0], arrivals: [0, 0], complete: 0, total: STILL_STEP_MS });
    expect(timingOf(0, 1, false).complete).toBe(0);
  });

  it('speeds climb and fall along the ladder, clamped', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(1, -1)).toBe(0.5);
    expect(nextSpeed(4, 1)).toBe(4);
    expect(nextSpeed(0.25, -1)).toBe(0.25);
  });

  it('maps the player keys, and leaves modified keys alone', () => {
    const press = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) =>
      playerActionForKey({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
    expect([' ', 'ArrowLeft', 'ArrowRight', 'Home', 'End', '[', ']'].map((k) => press(k))).toEqual(['toggle', 'prev', 'next', 'restart', 'end', 'slower', 'faster']);
    expect(press('ArrowRight', { shiftKey: true })).toBeNull();
    expect(press('ArrowLeft', { ctrlKey: true })).toBeNull();
    expect(press(' ', { metaKey: true })).toBeNull();
    expect(press('Home', { altKey: true })).toBeNull();
    expect(press('ArrowUp')).toBeNull();
    expect(press('a')).toBeNull();
  });
});

describe('cmp line, gradient colours, follow', () => {
  it('prints cmp as the lecture does', () => {
    expect(pyFloat(0)).toBe('0.0');
    expect(pyFloat(5.122274160385132e-9)).toBe('5.122274160385132e-09');
    expect(pyFloat(1e-5)).toBe('1e-05');
    expect(pyFloat(0.00011920928955078125)).toBe('0.00011920928955078125');
    expect(pyFloat(NaN)).toBe('nan');
    expect(cmpLine('logprobs', { exact: true, approx: true, maxdiff: 0 })).toBe('logprobs        | exact: True  | approximate: True  | maxdiff: 0.0');
    expect(cmpLine('dlogits', { exact: false, approx: true, maxdiff: 5e-9 })).toBe('dlogits         | exact: False | approximate: True  | maxdiff: 5e-09');
  });

  it('colours nodes by mean |grad| on a log scale', () => {
    const { dump } = lecture();
    const m = gradMagnitudes(dump);
    expect(m.get('loss')).toBe(1);
    const logits = dump.tensors.logits.grad!;
    expect(m.get('logits')).toBeCloseTo(logits.reduce((a, g) => a + Math.abs(g), 0) / logits.length, 12);
    const scale = gradScale(m.values(), 'light');
    expect(scale.position(scale.max)).toBe(1);
    expect(scale.position(scale.min)).toBe(0);
    expect(scale.position(Math.sqrt(scale.min * scale.max))).toBeCloseTo(0.5, 6);
    expect(scale.colour(scale.min)).not.toBe(scale.colour(scale.max));
    expect(scale.position(NaN)).toBe(0);
  });

  it('moves the view only when a step leaves it, never below a readable zoom', () => {
    const view = { width: 1000, height: 600 };
    const a = { x: 100, y: 100, width: 100, height: 40 };
    const far = { x: 3000, y: 100, width: 100, height: 40 };
    expect(followTransform([a], view, { k: 1, x: 0, y: 0 })).toBeNull();
    const t = followTransform([far], view, { k: 1, x: 0, y: 0 })!;
    expect(t.k).toBe(1);
    expect(t.x + (far.x + far.width / 2) * t.k).toBeCloseTo(500, 6);
    // Target and a consumer too far apart to fit at a readable zoom: centre the target alone.
    const both = followTransform([far, a], view, { k: 1, x: -5000, y: 0 })!;
    expect(both.k).toBe(FOLLOW_MIN_ZOOM);
    expect(both.x + (far.x + far.width / 2) * both.k).toBeCloseTo(500, 6);
    // Close enough to fit once zoomed out a little.
    const near = { x: 1000, y: 100, width: 100, height: 40 };
    const fit = followTransform([near, { ...a, x: 0 }], view, { k: 1, x: -5000, y: 0 })!;
    expect(fit.k).toBeLessThan(1);
    expect(fit.k).toBeGreaterThanOrEqual(FOLLOW_MIN_ZOOM);
  });
});
