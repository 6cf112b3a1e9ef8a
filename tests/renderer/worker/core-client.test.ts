/** Config edits while a run computes: the stale run's worker is ended, only the latest run is computed. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import { CoreClient, StaleRunError } from '../../../src-renderer/worker/core-client';

/** A worker that records what it is sent and answers only when told. */
class FakeWorker {
  static all: FakeWorker[] = [];
  received: { id: number; config: { n_hidden: number } }[] = [];
  terminated = false;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string }) => void) | null = null;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(data: { id: number; config: { n_hidden: number } }) {
    if (this.terminated) throw new Error('posted to an ended worker');
    this.received.push(data);
  }
  terminate() {
    this.terminated = true;
  }
  /** Answers request `id` as the real worker would. */
  reply(id: number) {
    const { config } = this.received.find((r) => r.id === id)!;
    this.onmessage?.({ data: { id, ok: true, dump: { config }, ms: 1 } });
  }
}

describe('CoreClient', () => {
  it('ten quick edits compute one run: each replaced run is rejected and its worker ended', async () => {
    FakeWorker.all = [];
    const client = new CoreClient(() => new FakeWorker() as unknown as Worker);
    const runs = Array.from({ length: 10 }, (_, i) => client.run({ ...DEFAULT_CONFIG, n_hidden: 10 + i }));
    const settled = Promise.allSettled(runs);
    const live = FakeWorker.all.filter((w) => !w.terminated);
    expect(live).toHaveLength(1);
    expect(FakeWorker.all.filter((w) => w.terminated)).toHaveLength(9);
    expect(live[0].received.map((r) => r.config.n_hidden)).toEqual([19]);
    live[0].reply(live[0].received[0].id);
    const results = await settled;
    expect(results.slice(0, 9).every((r) => r.status === 'rejected' && r.reason instanceof StaleRunError)).toBe(true);
    expect(results[9]).toMatchObject({ status: 'fulfilled', value: { dump: { config: { n_hidden: 19 } } } });
  });

  it('a run after the previous one finished reuses the worker', async () => {
    FakeWorker.all = [];
    const client = new CoreClient(() => new FakeWorker() as unknown as Worker);
    const first = client.run(DEFAULT_CONFIG);
    FakeWorker.all[0].reply(FakeWorker.all[0].received[0].id);
    await first;
    const second = client.run({ ...DEFAULT_CONFIG, n_hidden: 32 });
    FakeWorker.all[0].reply(FakeWorker.all[0].received[1].id);
    expect((await second).dump.config.n_hidden).toBe(32);
    expect(FakeWorker.all).toHaveLength(1);
  });
});
