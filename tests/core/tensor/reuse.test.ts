/**
 * Storage reuse (core/tensor/reuse.ts) through the bridge, as Python drives it: an array Python let go of serves
 * the next tensor of its length only when nothing else can still read it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BridgeHooks, createBridge } from '../../../core/notebook/bridge';
import { Tracker } from '../../../core/notebook/tracker';
import { setGradEnabled } from '../../../core/ops/op';
import { drainPool } from '../../../core/tensor/reuse';
import { allocFloat } from '../../../core/tensor/tensor';

function setUp() {
  const hooks = { onCheck: () => 'exact', onFirstBackward: () => {} } as unknown as BridgeHooks;
  const bridge = createBridge(new Tracker(), hooks);
  const data = (h: number) => bridge.tensorOf(h)!.data;
  const fill = (shape: number[], v: number) => bridge.full(shape, v, 'float32');
  return { bridge, data, fill };
}

afterEach(() => {
  drainPool();
  setGradEnabled(true);
});

describe('a released array serves the next tensor of its length', () => {
  it('is reused, zeroed, for the next array of that length, and not for one of another length', () => {
    const { bridge, data, fill } = setUp();
    const a = fill([32, 200], 3);
    const array = data(a);
    bridge.releaseAll([a]);
    expect(data(fill([200, 31], 1))).not.toBe(array);
    const next = allocFloat('float32', 6400);
    expect(next).toBe(array);
    expect(next.every((v) => v === 0)).toBe(true);
    expect(allocFloat('float32', 6400)).not.toBe(array); // once
  });

  it("serves an op's result", () => {
    const { bridge, data, fill } = setUp();
    const x = fill([32, 200], 2);
    const a = fill([32, 200], 3);
    const array = data(a);
    bridge.releaseAll([a]);
    const y = bridge.op('mul_s', -1, 0, x, 0.5);
    expect(data(y)).toBe(array);
    expect(Array.from(data(y).subarray(0, 2))).toEqual([1, 1]);
  });

  it('leaves small tensors to the collector', () => {
    const { bridge, data, fill } = setUp();
    const a = fill([10], 1);
    const array = data(a);
    bridge.releaseAll([a]);
    expect(data(fill([10], 1))).not.toBe(array);
  });
});

describe('an array something else can still read is not reused', () => {
  it('not one a view shares', () => {
    const { bridge, data, fill } = setUp();
    const a = fill([32, 200], 3);
    const v = bridge.op('view', -1, 0, a, 6400);
    const array = data(a);
    bridge.releaseAll([a]);
    expect(data(fill([32, 200], 1))).not.toBe(array);
    expect(data(v)[0]).toBe(3);
  });

  it('not one autograd recorded an op on (its creator keeps the inputs), nor one made before the recording', () => {
    const { bridge, data, fill } = setUp();
    const before = fill([32, 200], 1);
    const w = fill([32, 200], 2);
    bridge.setRequiresGrad(w, true);
    const y = bridge.op('mul', -1, 0, w, before);
    const arrays = [data(before), data(y)];
    bridge.releaseAll([before, y]);
    const next = [fill([32, 200], 0), fill([32, 200], 0)].map(data);
    for (const a of arrays) expect(next).not.toContain(a);
  });

  it('not one a check or a .grad keeps', () => {
    const { bridge, data, fill } = setUp();
    const a = fill([32, 200], 1);
    const b = fill([32, 200], 1);
    bridge.check(a, b, 'x', null, 0, 1);
    const g = fill([32, 200], 5);
    bridge.setGrad(b, g);
    const arrays = [data(a), data(g)];
    bridge.releaseAll([a, g]);
    const next = [fill([32, 200], 0), fill([32, 200], 0)].map(data);
    for (const x of arrays) expect(next).not.toContain(x);
    expect(bridge.tensorOf(b)!.grad!.data[0]).toBe(5);
  });

  it("is reused after `p.grad = None` (a training step's first line holds nothing)", () => {
    const { bridge, data, fill } = setUp();
    const p = fill([32, 200], 1);
    const t = fill([32, 200], 2);
    bridge.setGrad(p, -1);
    const array = data(t);
    bridge.releaseAll([t]);
    expect(data(fill([32, 200], 0))).toBe(array);
  });

  it("is reused when autograd recorded ops since it was made, on other tensors (a training loop's update)", () => {
    const { bridge, data, fill } = setUp();
    const w = fill([32, 200], 2);
    bridge.setRequiresGrad(w, true);
    setGradEnabled(false);
    const update = bridge.op('mul_s', -1, 0, w, 0.1); // `lr * p.grad` under no_grad
    setGradEnabled(true);
    const y = bridge.op('mul_s', -1, 0, w, 2); // recorded: its creator holds w, not the update
    bridge.backward(bridge.op('sum', -1, 0, y, null, false), [], -1, 0);
    const array = data(update);
    bridge.releaseAll([update]);
    expect(data(fill([32, 200], 0))).toBe(array);
  });

  it('is reused again once made after the last such event (under no_grad, nothing holds tensors)', () => {
    const { bridge, data, fill } = setUp();
    const w = fill([32, 200], 2);
    bridge.setRequiresGrad(w, true);
    bridge.op('mul_s', -1, 0, w, 2); // recorded
    setGradEnabled(false);
    const t = bridge.op('mul_s', -1, 0, w, 3);
    const array = data(t);
    bridge.releaseAll([t]);
    expect(data(fill([32, 200], 0))).toBe(array);
  });
});

describe('what a buffer remembers of its owner', () => {
  it('is a mark, not the tensor: a spent tensor keeps its old array, and that array must not keep alive the later result it went to (nor, through that result, its graph)', () => {
    const { bridge, data, fill } = setUp();
    const a = fill([32, 200], 3);
    const array = data(a);
    bridge.releaseAll([a]);
    const b = fill([32, 200], 1);
    expect(data(b)).toBe(array); // the array went to b
    const buffer = array.buffer as unknown as Record<symbol, unknown>;
    const held = Object.getOwnPropertySymbols(buffer).map((s) => buffer[s]);
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((v) => v === undefined || typeof v === 'number')).toBe(true);
  });
});
