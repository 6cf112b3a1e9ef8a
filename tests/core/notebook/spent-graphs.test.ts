import { beforeEach, describe, expect, it } from 'vitest';
import { type BridgeHooks, createBridge } from '../../../core/notebook/bridge';
import { Tracker } from '../../../core/notebook/tracker';
import { drainPool } from '../../../core/tensor/reuse';

const hooks = { onFirstBackward() {}, onCheck: () => '' } as unknown as BridgeHooks;

/** A bridge and one training step of `h = W * x; loss = h.sum(); loss.backward()` through it, as Python drives it. */
function setup() {
  const bridge = createBridge(new Tracker(), hooks);
  const W = bridge.full([32, 100], 0.5, 'float32');
  bridge.setRequiresGrad(W, true);
  const x = bridge.full([32, 100], 2, 'float32');
  const step = (retainGraph = false) => {
    const h = bridge.op('mul', -1, 0, W, x);
    const loss = bridge.op('sum', -1, 0, h, null, false);
    bridge.backward(loss, [], -1, 0, retainGraph);
    return { h, data: bridge.tensorOf(h)!.data };
  };
  // A new [32, 100] float32 made outside autograd: from the pool when there is an array of that length in it.
  const fresh = () => bridge.tensorOf(bridge.op('mul_s', -1, 0, x, 3))!;
  return { bridge, W, x, step, fresh };
}

describe("a graph's storage goes back to the pool once a later backward() went past it", () => {
  beforeEach(() => drainPool());

  it("reuses the storage of the step before once the next step's backward ran, and never the first graph's", () => {
    const { bridge, W, step, fresh } = setup();
    const first = step();
    bridge.releaseAll([first.h]);
    const second = step();
    bridge.releaseAll([second.h]);
    expect(fresh().data).not.toBe(second.data); // not yet: the graph of the last backward may still be checked
    const third = step();
    const reused = fresh();
    expect(reused.data).toBe(second.data);
    expect(Array.from(reused.data.slice(0, 3))).toEqual([6, 6, 6]); // 2 · 3, written over the old values
    bridge.releaseAll([third.h]);
    step();
    expect(fresh().data).toBe(third.data);
    // The first graph is the one the app draws: its storage is never handed out again.
    for (let i = 0; i < 4; i++) expect(fresh().data).not.toBe(first.data);
    // Autograd's results are untouched: W.grad = x summed over four steps.
    const g = bridge.tensorOf(bridge.grad(W))!;
    expect(Array.from(g.data.slice(0, 3))).toEqual([8, 8, 8]);
  });

  it('takes a spent tensor into the pool when Python lets go of it after the next backward', () => {
    const { bridge, step, fresh } = setup();
    step();
    const second = step();
    step();
    expect(fresh().data).not.toBe(second.data); // Python still holds it
    bridge.releaseAll([second.h]);
    expect(fresh().data).toBe(second.data);
  });

  it('keeps a graph backward() went through with retain_graph=True', () => {
    const { bridge, step, fresh } = setup();
    step();
    const retained = step(true);
    bridge.releaseAll([retained.h]);
    step();
    expect(fresh().data).not.toBe(retained.data);
  });

  it('keeps the tensors a check compared', () => {
    const { bridge, step, fresh } = setup();
    step();
    const checked = step();
    bridge.check(checked.h, checked.h, 'h', null, -1, 0);
    bridge.releaseAll([checked.h]);
    step();
    expect(fresh().data).not.toBe(checked.data);
  });
});
