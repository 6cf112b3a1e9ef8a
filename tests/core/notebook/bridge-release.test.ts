import { describe, expect, it } from 'vitest';
import { type BridgeHooks, createBridge } from '../../../core/notebook/bridge';
import { Tracker } from '../../../core/notebook/tracker';

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
