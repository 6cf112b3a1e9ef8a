/**
 * The page's handle on the core worker. Only the latest run matters: while one run computes (at batch
 * 1024 that takes seconds), newer requests wait, and each one replaces the one waiting before it, which
 * is rejected as stale. Ten quick edits cost the run already under way plus the last one, never ten in a
 * queue. (Ending the busy worker instead would cost more: a fresh worker's first run is ~1.5 s slower.)
 */
import type { MlpConfig } from '../../core/mlp/config';
import type { Dump } from '../../core/mlp/dump-types';
import type { CoreRequest, CoreResponse } from './core-protocol';
import { WorkerRpc } from './rpc';

type Ok = Extract<CoreResponse, { ok: true }>;
type Result = { dump: Dump; ms: number };

/** The rejection of a run that a newer one replaced before it started. */
export class StaleRunError extends Error {
  override name = 'StaleRunError';
  constructor() {
    super('replaced by a newer run');
  }
}

const spawnCoreWorker = () =>
  new Worker(new URL('./core.worker.ts', import.meta.url), { type: 'module', name: 'core' });

export class CoreClient {
  private readonly rpc: WorkerRpc<Omit<CoreRequest, 'id'>, Omit<Ok, 'id' | 'ok'>>;
  private running = false;
  private waiting: { config: MlpConfig; resolve: (r: Result) => void; reject: (e: Error) => void } | null = null;

  constructor(spawn: () => Worker = spawnCoreWorker) {
    this.rpc = new WorkerRpc(spawn());
  }

  run(config: MlpConfig): Promise<Result> {
    this.waiting?.reject(new StaleRunError());
    return new Promise((resolve, reject) => {
      this.waiting = { config: { ...config }, resolve, reject };
      this.next();
    });
  }

  private next(): void {
    if (this.running || !this.waiting) return;
    const job = this.waiting;
    this.waiting = null;
    this.running = true;
    // Free before settling, so a run asked for in reaction to this result starts at once.
    const done = () => {
      this.running = false;
      this.next();
    };
    this.rpc.call({ config: job.config }).then(
      ({ dump, ms }) => (done(), job.resolve({ dump, ms })),
      (e: Error) => (done(), job.reject(e)),
    );
  }
}
