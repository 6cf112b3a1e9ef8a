/** Config edits while a run computes: waiting runs replaced by newer ones are dropped, never computed. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import { CoreClient, StaleRunError } from '../../../src-renderer/worker/core-client';

/** A worker that records what it is sent and answers only when told. */
class FakeWorker {
  received: { id: number; config: { n_hidden: number } }[] = [];
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string }) => void) | null = null;
  postMessage(data: { id: number; config: { n_hidden: number } }) {
    this.received.push(data);
  }
  /** Answers the latest request, as the real worker would. */
  replyLatest() {
    const { id, config } = this.received.at(-1)!;
    this.onmessage?.({ data: { id, ok: true, dump: { config }, ms: 1 } });
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CoreClient', () => {
  it('ten quick edits compute two runs: the one under way and the last; the eight between are rejected', async () => {
    const worker = new FakeWorker();
    const client = new CoreClient(() => worker as unknown as Worker);
    const runs = Array.from({ length: 10 }, (_, i) => client.run({ ...DEFAULT_CONFIG, n_hidden: 10 + i }));
    const settled = Promise.allSettled(runs);
    expect(worker.received.map((r) => r.config.n_hidden)).toEqual([10]);
    worker.replyLatest();
    await settle();
    expect(worker.received.map((r) => r.config.n_hidden)).toEqual([10, 19]);
    worker.replyLatest();
    const results = await settled;
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { dump: { config: { n_hidden: 10 } } } });
    expect(results.slice(1, 9).every((r) => r.status === 'rejected' && r.reason instanceof StaleRunError)).toBe(true);
    expect(results[9]).toMatchObject({ status: 'fulfilled', value: { dump: { config: { n_hidden: 19 } } } });
  });

  it('runs one after another when nothing is waiting', async () => {
    const worker = new FakeWorker();
    const client = new CoreClient(() => worker as unknown as Worker);
    const first = client.run(DEFAULT_CONFIG);
    worker.replyLatest();
    await first;
    const second = client.run({ ...DEFAULT_CONFIG, n_hidden: 32 });
    worker.replyLatest();
    expect((await second).dump.config.n_hidden).toBe(32);
    expect(worker.received).toHaveLength(2);
  });
});
