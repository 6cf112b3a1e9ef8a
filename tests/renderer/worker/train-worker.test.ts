/// <reference types="vite/client" />
/**
 * The real train worker, run in Node: it refuses what the form would refuse, whoever sends it. (Not with
 * n_hidden 1e8: without the check that blocks the worker's thread, and so this test, for good.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN } from '../../../core/train/config';
import type { TrainEvent } from '../../../src-renderer/worker/train-protocol';
import { installFakeScope, type FakeScope } from './fake-worker-scope';

let scope: FakeScope;
beforeAll(async () => {
  scope = installFakeScope();
  await import('../../../src-renderer/worker/train.worker');
});

describe('train worker', () => {
  it.each([
    [{ ...DEFAULT_TRAIN, n_hidden: 2048 }, 'n_hidden must be between 1 and 1024, got 2048'],
    [{ ...DEFAULT_TRAIN, steps: 0.5 }, 'steps must be a whole number, got 0.5'],
  ])('refuses a config the form would refuse, at once: %j', async (config, message) => {
    const before = scope.posted.length;
    scope.send({ type: 'start', config });
    const event = await scope.next<TrainEvent>((m) => scope.posted.indexOf(m) >= before, 2000);
    expect(event).toEqual({ type: 'error', error: `invalid training config: ${message}` });
  });

  it('still trains a valid config', async () => {
    scope.send({ type: 'start', config: { ...DEFAULT_TRAIN, n_hidden: 16, steps: 40 } });
    const done = await scope.next<TrainEvent>((m) => m.type === 'done');
    expect(done.type === 'done' && done.result.samples.length).toBeGreaterThan(0);
  });
});
