import { beforeEach, describe, expect, it } from 'vitest';
import { type BridgeHooks, createBridge } from '../../../core/notebook/bridge';
import { Tracker } from '../../../core/notebook/tracker';
import { drainPool } from '../../../core/tensor/reuse';

const hooks = { onFirstBackward() {}, onCheck: () => '' } as unknown as BridgeHooks;

/** A bridge and one training step of `h = W * x; loss = h.sum(); loss.backward()` through it, as Python drives it. */
function setup() {
  const tracker = new Tracker();
  const bridge = createBridge(tracker, hooks);
  const W = bridge.full([32, 100], 0.5, 'float32');
  bridge.setRequiresGrad(W, true);
  const x = bridge.full([32, 100], 2, 'float32');
  const step = (retainGraph = false) => {
    const h = bridge.op('mul', -1, 0, W, x);
    const loss = bridge.op('sum', -1, 0, h, null, false);
    bridge.backward(loss, [], -1, 0, retainGraph);
    // h's storage, and the gradient autograd computed for h (ones, of h's shape)
    return { h, data: bridge.tensorOf(h)!.data, grad: tracker.grads.get(bridge.tensorOf(h)!)!.data };
  };
  // A new [32, 100] float32 made outside autograd: from the pool when there is an array of that length in it.
  const fresh = () => bridge.tensorOf(bridge.op('mul_s', -1, 0, x, 3))!;
  /** The storage of the next n new tensors of that shape. */
  const next = (n: number) => Array.from({ length: n }, () => fresh().data);
  return { bridge, tracker, W, x, step, fresh, next };
}

describe("a graph's storage goes back to the pool once a later backward() went past it", () => {
  beforeEach(() => drainPool());

  it("reuses the storage of the step before, and of its gradients, once the next step's backward ran", () => {
    const { bridge, W, step, fresh, next } = setup();
    const first = step();
    bridge.releaseAll([first.h]);
    const second = step();
    bridge.releaseAll([second.h]);
    expect(fresh().data).not.toBe(second.data); // not yet: the graph of the last backward may still be checked
    const third = step();
    const reused = next(2);
    expect(reused).toContain(second.data);
    expect(reused).toContain(second.grad);
    expect(Array.from(reused[1].slice(0, 3))).toEqual([6, 6, 6]); // 2 · 3, written over the old values
    bridge.releaseAll([third.h]);
    step();
    expect(next(2)).toContain(third.data);
    // The first graph is the one the app draws: its storage is never handed out again, nor its gradients'.
    for (const data of next(4)) {
      expect(data).not.toBe(first.data);
      expect(data).not.toBe(first.grad);
    }
    // Autograd's results are untouched: W.grad = x summed over four steps.
    const g = bridge.tensorOf(bridge.grad(W))!;
    expect(Array.from(g.data.slice(0, 3))).toEqual([8, 8, 8]);
  });

  it("reuses a retained result's storage and its .grad once that result is spent and Python let go of it", () => {
    const { bridge, W, x, next } = setup();
    // `h.retain_grad()` each step, as part 3's `layer.out.retain_grad()`
    const step = () => {
      const h = bridge.op('mul', -1, 0, W, x);
      bridge.backward(bridge.op('sum', -1, 0, h, null, false), [h], -1, 0);
      const t = bridge.tensorOf(h)!;
      return { h, data: t.data, grad: t.grad!.data };
    };
    step(); // the first graph: kept
    const second = step();
    expect(Array.from(second.grad.slice(0, 2))).toEqual([1, 1]);
    bridge.releaseAll([second.h]);
    step(); // spends the second graph
    const reused = next(2);
    expect(reused).toContain(second.data);
    expect(reused).toContain(second.grad);
    // W's own .grad is never handed out
    const wGrad = bridge.tensorOf(W)!.grad!.data;
    for (const data of next(4)) expect(data).not.toBe(wGrad);
  });

  it('takes a spent tensor into the pool when Python lets go of it after the next backward', () => {
    const { bridge, tracker, step, fresh, next } = setup();
    step();
    const second = step();
    step();
    expect(fresh().data).not.toBe(second.data); // Python still holds it
    // and its gradient stays what a check would compare it with
    expect(tracker.grads.get(bridge.tensorOf(second.h)!)!.data).toBe(second.grad);
    for (const data of next(3)) expect(data).not.toBe(second.grad);
    bridge.releaseAll([second.h]);
    expect(fresh().data).toBe(second.data);
  });

  it('never hands out a gradient shared with a result Python still holds', () => {
    const { bridge, tracker, W, x, next } = setup();
    // y = h + h2: addition passes y's gradient to both h and h2, one tensor for the three.
    const step = () => {
      const h = bridge.op('mul', -1, 0, W, x);
      const h2 = bridge.op('mul', -1, 0, W, x);
      const y = bridge.op('add', -1, 0, h, h2);
      bridge.backward(bridge.op('sum', -1, 0, y, null, false), [], -1, 0);
      return { h, h2, y, shared: tracker.grads.get(bridge.tensorOf(h2)!)!.data };
    };
    step();
    const second = step();
    expect(tracker.grads.get(bridge.tensorOf(second.y)!)!.data).toBe(second.shared);
    const hData = bridge.tensorOf(second.h)!.data;
    bridge.releaseAll([second.h, second.y]); // h2 is still held
    step();
    const handed = next(6);
    expect(handed).toContain(hData);
    for (const data of handed) expect(data).not.toBe(second.shared);
  });

  it("never hands out a leaf's .grad, even when a spent result's gradient is that very tensor", () => {
    const { bridge, x, next } = setup();
    const W = bridge.full([32, 100], 0.5, 'float32');
    bridge.setRequiresGrad(W, true);
    const V = bridge.full([32, 100], 0.25, 'float32');
    bridge.setRequiresGrad(V, true);
    // h = W + x: W.grad is h's gradient itself (addition passes it on), when W had no .grad before.
    const step = (leaf: number) => {
      bridge.setGrad(leaf, -1);
      const h = bridge.op('add', -1, 0, leaf, x);
      bridge.backward(bridge.op('sum', -1, 0, h, null, false), [], -1, 0);
      bridge.releaseAll([h]);
    };
    step(W);
    step(W);
    const wGrad = bridge.tensorOf(W)!.grad!;
    step(V); // a graph without W: W keeps its .grad while W's last graph is spent
    for (const data of next(6)) expect(data).not.toBe(wGrad.data);
    expect(bridge.tensorOf(W)!.grad).toBe(wGrad);
    expect(Array.from(wGrad.data.slice(0, 3))).toEqual([1, 1, 1]);
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

describe("a leaf's .grad a later backward() replaced goes back to the pool", () => {
  beforeEach(() => drainPool());

  /** `p.grad = None; loss = (W * x).sum(); loss.backward(); u = -0.1 * p.grad` (then Python lets go of u and p.grad). */
  function training() {
    const { bridge, tracker, W, x, next } = setup();
    const step = () => {
      bridge.setGrad(W, -1);
      const h = bridge.op('mul', -1, 0, W, x);
      bridge.backward(bridge.op('sum', -1, 0, h, null, false), [], -1, 0);
      const g = bridge.grad(W);
      const grad = bridge.tensorOf(g)!.data;
      const u = bridge.op('mul_s', -1, 0, g, -0.1);
      bridge.releaseAll([h, g, u]);
      return grad;
    };
    return { bridge, tracker, W, step, next };
  }

  it('once `p.grad = None` and the next backward() gave the leaf another', () => {
    const { bridge, W, step, next } = training();
    const first = step();
    const second = step();
    const third = step();
    const handed = next(6);
    expect(handed).toContain(second);
    expect(handed).not.toContain(third); // W's .grad now
    expect(handed).not.toContain(first); // the first backward's, which the app shows with its graph
    for (const a of handed) a.fill(-1);
    expect(Array.from(bridge.tensorOf(W)!.grad!.data.slice(0, 3))).toEqual([2, 2, 2]);
    expect(Array.from(first.slice(0, 3))).toEqual([2, 2, 2]);
  });

  it('not while Python still holds it, nor one a check kept', () => {
    const { bridge, W, step, next } = training();
    step();
    step();
    const held = bridge.grad(W); // Python keeps `g = W.grad` past the next step
    const heldData = bridge.tensorOf(held)!.data;
    step();
    const checked = bridge.grad(W);
    bridge.check(checked, W, 'W', null, -1, 0);
    const checkedData = bridge.tensorOf(checked)!.data;
    bridge.releaseAll([checked]);
    step();
    const handed = next(6);
    expect(handed).not.toContain(heldData);
    expect(handed).not.toContain(checkedData);
    bridge.releaseAll([held]);
    expect(next(1)).toContain(heldData);
  });

  it('not when the leaf accumulates into it (no `p.grad = None`)', () => {
    const { bridge, W, x, next } = setup();
    const step = () => {
      const h = bridge.op('mul', -1, 0, W, x);
      bridge.backward(bridge.op('sum', -1, 0, h, null, false), [], -1, 0);
      bridge.releaseAll([h]);
    };
    step();
    step();
    const grad = bridge.tensorOf(W)!.grad!;
    step();
    expect(bridge.tensorOf(W)!.grad).toBe(grad);
    expect(next(6)).not.toContain(grad.data);
    expect(Array.from(grad.data.slice(0, 3))).toEqual([6, 6, 6]);
  });
});
