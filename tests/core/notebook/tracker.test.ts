import { describe, expect, it } from 'vitest';
import { Tracker } from '../../../core/notebook/tracker';
import { add, mul } from '../../../core/ops/elementwise';
import { withListener } from '../../../core/ops/op';
import { tensor } from '../../../core/tensor/tensor';

describe('Tracker', () => {
  it('remembers the inputs of the ops autograd records, and of no other op (they would stay alive with it)', () => {
    const tracker = new Tracker();
    const w = tensor([2], [1, 2]).requireGrad();
    const x = tensor([2], [3, 4]);
    const { tracked, plain, expanded } = withListener(tracker, () => ({
      tracked: mul(w, x),
      plain: add(x, x),
      expanded: add(tensor([2, 2], [1, 2, 3, 4]), w),
    }));
    expect(tracker.meta.get(tracked)?.inputs).toEqual([w, x]);
    expect(tracker.meta.get(tracked)?.k).toBe(1);
    // The untracked op keeps its place in the creation order, but not its inputs.
    expect(tracker.meta.has(plain)).toBe(false);
    expect(tracker.orderOf(plain)).toBeGreaterThan(tracker.orderOf(tracked));
    // A broadcast operand's expansion is remembered, so the graph's edge can look through it.
    const [, wide] = tracker.meta.get(expanded)!.inputs;
    expect(tracker.meta.get(wide)?.silent).toBe(true);
    expect(tracker.meta.get(wide)?.inputs).toEqual([w]);
  });

  it('keeps its records on the tensors, not in a WeakMap (chains of entries slow every full collection), each its own', () => {
    const tracker = new Tracker();
    const other = new Tracker();
    const w = tensor([2], [1, 2]).requireGrad();
    const y = withListener(tracker, () => mul(w, w));
    expect(tracker.meta).not.toBeInstanceOf(WeakMap);
    expect(tracker.grads).not.toBeInstanceOf(WeakMap);
    expect(tracker.names).not.toBeInstanceOf(WeakMap);
    expect(y.notes).not.toBeNull();
    expect(tracker.meta.get(y)?.op).toBe('mul');
    expect(other.meta.has(y)).toBe(false);
  });

  it('keeps a name on its tensor, the first one given, beside the op record, and only for itself', () => {
    const tracker = new Tracker();
    const other = new Tracker();
    const w = tensor([2], [1, 2]).requireGrad();
    const y = withListener(tracker, () => mul(w, w));
    tracker.name(y, 'y');
    tracker.name(y, 'later');
    tracker.name(w, 'w');
    expect(tracker.names.get(y)).toBe('y');
    expect(tracker.meta.get(y)?.op).toBe('mul');
    expect(tracker.names.get(w)).toBe('w');
    expect(y.notes).not.toBeNull();
    expect(other.names.get(y)).toBeUndefined();
    tracker.names.delete(y);
    expect(tracker.names.has(y)).toBe(false);
    expect(tracker.meta.get(y)?.op).toBe('mul');
  });
});
