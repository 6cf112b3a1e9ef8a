/**
 * The backprop player's timeline (src-renderer/player/timeline.ts) on the lecture's real schedules: which
 * gradients are complete at each position, where a node completes, and how a position survives a re-run.
 */
import { describe, expect, it } from 'vitest';
import { buildSchedule } from '../../../core/mlp/lecture-schedule';
import type { BackwardSchedule } from '../../../core/backprop/types';
import { loadNames } from '../../../cli/load-names';
import { DEFAULT_CONFIG, type MlpConfig } from '../../../core/mlp/config';
import { runLecture } from '../../../core/mlp/run';
import { BEFORE_START, carryPosition, clampStep, frameAt, stepOfNode } from '../../../src-common/view/timeline';

const words = loadNames();
const VARIANTS = ['atomic', 'fused-ce', 'fused-bn', 'fused'] as const;
const PARAMS = ['C', 'W1', 'b1', 'W2', 'b2', 'bngain', 'bnbias'];

function scheduleOf(config: Partial<MlpConfig>): BackwardSchedule {
  return buildSchedule(runLecture({ ...DEFAULT_CONFIG, ...config }, words));
}
const schedules = Object.fromEntries(VARIANTS.map((variant) => [variant, scheduleOf({ variant })])) as Record<
  (typeof VARIANTS)[number],
  BackwardSchedule
>;
const atomic = schedules.atomic;
const lastOf = (s: BackwardSchedule) => s.steps.length - 1;
const indexOfTarget = (s: BackwardSchedule, target: string) => s.steps.findIndex((step) => step.target === target);

describe('BEFORE_START and clampStep', () => {
  it('BEFORE_START is -1', () => {
    expect(BEFORE_START).toBe(-1);
  });

  it('clamps below the start to BEFORE_START and past the end to the last step', () => {
    expect(clampStep(atomic, -1)).toBe(BEFORE_START);
    expect(clampStep(atomic, -2)).toBe(BEFORE_START);
    expect(clampStep(atomic, -1000)).toBe(BEFORE_START);
    expect(clampStep(atomic, lastOf(atomic))).toBe(lastOf(atomic));
    expect(clampStep(atomic, lastOf(atomic) + 1)).toBe(lastOf(atomic));
    expect(clampStep(atomic, 10_000)).toBe(lastOf(atomic));
  });

  it('leaves positions inside the range alone and truncates fractions', () => {
    for (let i = 0; i <= lastOf(atomic); i++) expect(clampStep(atomic, i)).toBe(i);
    expect(clampStep(atomic, 2.7)).toBe(2);
    // Math.trunc(-0.5) is -0, which indexes like 0; compare numerically.
    expect(clampStep(atomic, -0.5) === 0).toBe(true);
    expect(atomic.steps[clampStep(atomic, -0.5)]).toBe(atomic.steps[0]);
  });

  it("clamps to each variant's own length", () => {
    expect(schedules['fused-ce'].steps.length).toBeLessThan(atomic.steps.length);
    for (const v of VARIANTS) expect(clampStep(schedules[v], 999)).toBe(schedules[v].steps.length - 1);
  });
});

describe('frameAt', () => {
  it.each(VARIANTS)('%s: before the start there is no step and no state', (variant) => {
    const f = frameAt(schedules[variant], BEFORE_START);
    expect(f.current).toBe(BEFORE_START);
    expect(f.step).toBeNull();
    expect(f.states.size).toBe(0);
  });

  it('clamps the position it is given', () => {
    expect(frameAt(atomic, -7).step).toBeNull();
    const end = frameAt(atomic, 999);
    expect(end.current).toBe(lastOf(atomic));
    expect(end.step).toBe(atomic.steps[lastOf(atomic)]);
  });

  it('at step 0 only the loss (the seed) is current', () => {
    const f = frameAt(atomic, 0);
    expect(f.step?.target).toBe('loss');
    expect(f.step?.kind).toBe('seed');
    expect([...f.states]).toEqual([['loss', 'current']]);
  });

  it.each(VARIANTS)('%s: at the last step every parameter is done or current', (variant) => {
    const s = schedules[variant];
    const f = frameAt(s, lastOf(s));
    for (const p of PARAMS) expect(['done', 'current'], p).toContain(f.states.get(p));
    // C is the last leaf reached; it is the one arriving at the end.
    expect(f.states.get('C')).toBe('current');
  });

  it.each(VARIANTS)('%s: at the last step nothing the schedule touches is still pending', (variant) => {
    const s = schedules[variant];
    const f = frameAt(s, lastOf(s));
    for (const step of s.steps) for (const id of step.completes) expect(f.states.has(id), id).toBe(true);
    for (const id of Object.keys(s.collapsed)) expect(f.states.get(id)).toBe('skipped');
  });

  it.each(VARIANTS)("%s: the current step's target is current and every earlier target done", (variant) => {
    const s = schedules[variant];
    s.steps.forEach((step, i) => {
      const f = frameAt(s, i);
      expect(f.current).toBe(i);
      expect(f.step).toBe(step);
      expect(f.states.get(step.target)).toBe('current');
      for (const earlier of s.steps.slice(0, i)) expect(f.states.get(earlier.target), earlier.target).toBe('done');
      for (const later of s.steps.slice(i + 1)) expect(f.states.has(later.target), later.target).toBe(false);
    });
  });

  it.each(VARIANTS)('%s: every node a step completes (not skipped) is current at that step', (variant) => {
    const s = schedules[variant];
    s.steps.forEach((step, i) => {
      const f = frameAt(s, i);
      for (const id of step.completes) expect(f.states.get(id), id).toBe(s.collapsed[id] ? 'skipped' : 'current');
      const current = [...f.states].filter(([, st]) => st === 'current').map(([id]) => id);
      expect(new Set(current)).toEqual(new Set(step.completes.filter((id) => !s.collapsed[id])));
    });
  });

  it.each(VARIANTS)('%s: stepping forward never un-completes a node', (variant) => {
    const s = schedules[variant];
    const order = { pending: 0, skipped: 1, current: 1, done: 2 } as const;
    let previous = frameAt(s, BEFORE_START).states;
    for (let i = 0; i <= lastOf(s); i++) {
      const states = frameAt(s, i).states;
      expect(states.size).toBeGreaterThanOrEqual(previous.size);
      for (const [id, was] of previous) {
        const now = states.get(id);
        expect(now, `${id} at step ${i}`).toBeDefined();
        if (was === 'skipped') expect(now).toBe('skipped');
        else expect(order[now!], `${id} at step ${i}: ${was} → ${now}`).toBeGreaterThanOrEqual(order[was]);
        if (was === 'current') expect(now).toBe('done');
      }
      previous = states;
    }
  });

  it('atomic has nothing collapsed and never marks a node skipped', () => {
    expect(atomic.collapsed).toEqual({});
    for (let i = 0; i <= lastOf(atomic); i++) expect([...frameAt(atomic, i).states.values()]).not.toContain('skipped');
  });

  it('fused-ce: probs and logprobs are collapsed, and skipped from the first step on', () => {
    const s = schedules['fused-ce'];
    expect(s.collapsed.probs).toBe('fused-ce');
    expect(s.collapsed.logprobs).toBe('fused-ce');
    expect(frameAt(s, BEFORE_START).states.has('probs')).toBe(false);
    for (let i = 0; i <= lastOf(s); i++) {
      const f = frameAt(s, i);
      for (const id of Object.keys(s.collapsed)) expect(f.states.get(id), `${id} at ${i}`).toBe('skipped');
    }
  });

  it('fused-ce: the fused step completes logits while the tensors it skips stay skipped', () => {
    const s = schedules['fused-ce'];
    const i = s.steps.findIndex((step) => step.fused?.rule === 'fused-ce');
    expect(i).toBeGreaterThan(0);
    expect(s.steps[i].target).toBe('logits');
    const f = frameAt(s, i);
    expect(f.states.get('logits')).toBe('current');
    for (const id of s.steps[i].fused!.collapsed) expect(f.states.get(id)).toBe('skipped');
    expect(frameAt(s, i + 1).states.get('logits')).toBe('done');
  });

  it.each(['fused-bn', 'fused'] as const)(
    '%s: the batch-norm intermediates are skipped, hprebn is completed',
    (variant) => {
      const s = schedules[variant];
      for (const id of ['bnmeani', 'bndiff', 'bndiff2', 'bnvar', 'bnvar_inv', 'bnraw'])
        expect(s.collapsed[id]).toBe('fused-bn');
      const i = s.steps.findIndex((step) => step.fused?.rule === 'fused-bn');
      const f = frameAt(s, i);
      expect(f.states.get('hprebn')).toBe('current');
      for (const id of ['bnmeani', 'bndiff', 'bndiff2', 'bnvar', 'bnvar_inv', 'bnraw'])
        expect(f.states.get(id)).toBe('skipped');
    },
  );
});

describe('stepOfNode', () => {
  it.each(VARIANTS)('%s: the loss is step 0 and C the last step', (variant) => {
    const s = schedules[variant];
    expect(stepOfNode(s, 'loss')).toBe(0);
    expect(stepOfNode(s, 'C')).toBe(lastOf(s));
  });

  it.each(VARIANTS)('%s: every step target maps back to its own step', (variant) => {
    const s = schedules[variant];
    s.steps.forEach((step, i) => expect(stepOfNode(s, step.target), step.target).toBe(i));
  });

  it('an anonymous intermediate completes with the step that flows through it', () => {
    expect(stepOfNode(atomic, 'loss/pick#1')).toBe(indexOfTarget(atomic, 'logprobs'));
    expect(stepOfNode(atomic, 'logits/matmul#1')).toBe(indexOfTarget(atomic, 'h'));
    expect(stepOfNode(atomic, 'hprebn/matmul#1')).toBe(indexOfTarget(atomic, 'embcat'));
  });

  it('fused-ce: a collapsed tensor maps to the fused step', () => {
    const s = schedules['fused-ce'];
    const fused = s.steps.findIndex((step) => step.fused?.rule === 'fused-ce');
    expect(fused).toBeGreaterThanOrEqual(0);
    for (const id of ['probs', 'logprobs', 'counts', 'counts_sum', 'counts_sum_inv', 'norm_logits', 'logit_maxes']) {
      expect(stepOfNode(s, id), id).toBe(fused);
    }
  });

  it('fused: each collapsed tensor maps to the step of its own rule', () => {
    const s = schedules.fused;
    const ce = s.steps.findIndex((step) => step.fused?.rule === 'fused-ce');
    const bn = s.steps.findIndex((step) => step.fused?.rule === 'fused-bn');
    expect(ce).not.toBe(bn);
    expect(stepOfNode(s, 'probs')).toBe(ce);
    expect(stepOfNode(s, 'bnraw')).toBe(bn);
    expect(stepOfNode(s, 'bnvar_inv')).toBe(bn);
  });

  it('a node no step completes is null', () => {
    for (const v of VARIANTS) {
      expect(stepOfNode(schedules[v], 'no-such-node')).toBeNull();
      expect(stepOfNode(schedules[v], '')).toBeNull();
    }
  });
});

describe('carryPosition', () => {
  const seeded = scheduleOf({ variant: 'atomic', seed: 42 });

  it('a new seed keeps the position at every step', () => {
    expect(seeded.steps.map((s) => s.target)).toEqual(atomic.steps.map((s) => s.target));
    for (let i = 0; i <= lastOf(atomic); i++) expect(carryPosition(atomic, seeded, i)).toBe(i);
  });

  it('keeps the position before atomic and fused-ce diverge and restarts after', () => {
    const fusedCe = schedules['fused-ce'];
    const diverge = atomic.steps.findIndex((s, i) => fusedCe.steps[i]?.target !== s.target);
    expect(diverge).toBe(1);
    expect(carryPosition(atomic, fusedCe, 0)).toBe(0);
    for (let i = diverge; i < fusedCe.steps.length; i++)
      expect(carryPosition(atomic, fusedCe, i), `at ${i}`).toBe(BEFORE_START);
    expect(carryPosition(atomic, fusedCe, 5)).toBe(BEFORE_START);
  });

  it('atomic → fused-bn keeps every position before the batch-norm steps diverge', () => {
    const fusedBn = schedules['fused-bn'];
    const diverge = atomic.steps.findIndex((s, i) => fusedBn.steps[i]?.target !== s.target);
    expect(diverge).toBeGreaterThan(1);
    for (let i = 0; i < diverge; i++) expect(carryPosition(atomic, fusedBn, i)).toBe(i);
    expect(carryPosition(atomic, fusedBn, diverge)).toBe(BEFORE_START);
  });

  it('a position past the end of the new schedule restarts', () => {
    expect(carryPosition(atomic, schedules['fused-ce'], lastOf(atomic))).toBe(BEFORE_START);
    expect(carryPosition(atomic, atomic, atomic.steps.length)).toBe(BEFORE_START);
  });

  it('no previous schedule, or standing before the start, gives BEFORE_START', () => {
    expect(carryPosition(null, atomic, 3)).toBe(BEFORE_START);
    expect(carryPosition(null, atomic, 0)).toBe(BEFORE_START);
    expect(carryPosition(atomic, seeded, BEFORE_START)).toBe(BEFORE_START);
    expect(carryPosition(atomic, atomic, BEFORE_START)).toBe(BEFORE_START);
  });

  it('the same schedule keeps the last position', () => {
    expect(carryPosition(atomic, atomic, lastOf(atomic))).toBe(lastOf(atomic));
  });
});
