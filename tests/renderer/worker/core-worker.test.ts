/// <reference types="vite/client" />
/** The real core worker, run in Node: it validates the config it is sent, as the config bar does. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import type { CoreResponse } from '../../../src-renderer/worker/core-protocol';
import { installFakeScope, type FakeScope } from './fake-worker-scope';

let scope: FakeScope;
beforeAll(async () => {
  scope = installFakeScope();
  await import('../../../src-renderer/worker/core.worker');
});

describe('core worker', () => {
  it.each([
    [{ ...DEFAULT_CONFIG, n_hidden: 2048 }, 'n_hidden must be between 1 and 1024, got 2048'],
    [
      { ...DEFAULT_CONFIG, batch_size: 1, variant: 'fast' },
      'batch_size must be between 2 and 1024, got 1; variant must be one of atomic, fused-ce, fused-bn, fused, got "fast"',
    ],
  ])('refuses an invalid config: %j', async (config, message) => {
    const id = scope.posted.length + 100;
    scope.send({ id, config });
    expect(await scope.next<CoreResponse>((m) => m.id === id)).toEqual({
      id,
      ok: false,
      error: `invalid config: ${message}`,
    });
  });

  it('runs a valid one', async () => {
    scope.send({ id: 1, config: { ...DEFAULT_CONFIG, n_hidden: 16 } });
    const r = await scope.next<CoreResponse>((m) => m.id === 1);
    expect(r.ok && r.dump.config.n_hidden).toBe(16);
  });
});
