import { afterEach, describe, expect, it } from 'vitest';
import { type BridgeHooks, COLLECT_AFTER_BYTES, createBridge } from '../../../core/notebook/bridge';
import { Tracker } from '../../../core/notebook/tracker';
import { drainPool } from '../../../core/tensor/reuse';

describe('the bridge asks Python to release dead handles once big tensors were made', () => {
  it('answers an op with −1 − id past 64 MB made since the last release, and with the id again after it', () => {
    const bridge = createBridge(new Tracker(), {} as BridgeHooks);
    const big = bridge.full([1000, 1000], 1, 'float32'); // 4 MB
    const small = bridge.full([2], 1, 'float32');
    const answers: number[] = [];
    for (let i = 0; i < 20; i++) answers.push(bridge.op('mul_s', -1, 0, big, 2));
    // 4 MB per result: the first ones are plain ids, then every answer asks for a release.
    expect(answers.slice(0, 10).every((a) => a >= 0)).toBe(true);
    expect(answers.slice(16).every((a) => a < 0)).toBe(true);
    const id = -1 - answers[19];
    expect(bridge.shape(id)).toEqual([1000, 1000]);
    bridge.releaseAll(answers.map((a) => (a < 0 ? -1 - a : a)));
    expect(bridge.op('mul_s', -1, 0, small, 2)).toBeGreaterThanOrEqual(0);
    expect(() => bridge.shape(id)).toThrow('not alive');
  });
});

describe('the bridge asks for a collection once Python dropped big tensors, where the host lets it', () => {
  const host = globalThis as { gc?: () => void };
  afterEach(() => delete host.gc);

  it('collects once past COLLECT_AFTER_BYTES of released tensors of 1 MB or more, not for small ones', () => {
    let collections = 0;
    host.gc = () => collections++;
    const bridge = createBridge(new Tracker(), {} as BridgeHooks);
    const side = Math.ceil(Math.sqrt(COLLECT_AFTER_BYTES / 4 / 3));
    const big = [0, 1, 2].map(() => bridge.full([side, side], 0, 'float32')); // a third of the threshold each
    // parameters, which the storage pool does not take (it would leave nothing to collect: see below)
    for (const h of big) bridge.setRequiresGrad(h, true);
    const small = Array.from({ length: 1000 }, () => bridge.full([100], 0, 'float32'));
    bridge.releaseAll(small);
    bridge.releaseAll(big.slice(0, 2));
    expect(collections).toBe(0);
    bridge.releaseAll(big.slice(2));
    expect(collections).toBe(1);
    const another = bridge.full([side, side], 0, 'float32');
    bridge.setRequiresGrad(another, true);
    bridge.releaseAll([another]);
    expect(collections).toBe(1); // counted from 0 again
  });

  it('does not count arrays the storage pool takes: they are not garbage, the next tensors of their size get them', () => {
    let collections = 0;
    host.gc = () => collections++;
    const bridge = createBridge(new Tracker(), {} as BridgeHooks);
    const side = Math.ceil(Math.sqrt(COLLECT_AFTER_BYTES / 4 / 3));
    bridge.releaseAll([0, 1, 2, 3].map(() => bridge.full([side, side], 0, 'float32')));
    expect(collections).toBe(0);
    drainPool();
  });

  it("lets an evaluation's chain of big results run in the arrays its inputs had, with no collection", () => {
    let collections = 0;
    host.gc = () => collections++;
    const bridge = createBridge(new Tracker(), {} as BridgeHooks);
    const side = Math.ceil(Math.sqrt(COLLECT_AFTER_BYTES / 4 / 3));
    let x = bridge.full([side, side], 1, 'float32');
    const buffers = new Set<ArrayBufferLike>();
    for (let i = 0; i < 8; i++) {
      const answer = bridge.op('mul_s', -1, 0, x, 2);
      const y = answer < 0 ? -1 - answer : answer; // (a release asked for: it follows)
      buffers.add(bridge.tensorOf(y)!.data.buffer);
      bridge.releaseAll([x]);
      x = y;
    }
    expect(bridge.tensorOf(x)!.data[0]).toBe(256);
    expect(buffers.size).toBeLessThanOrEqual(2);
    expect(collections).toBe(0);
    drainPool();
  });

  it('runs without one (a browser has no gc)', () => {
    const bridge = createBridge(new Tracker(), {} as BridgeHooks);
    const side = Math.ceil(Math.sqrt(COLLECT_AFTER_BYTES / 4));
    expect(() => bridge.releaseAll([bridge.full([side, side], 0, 'float32')])).not.toThrow();
  });
});
