/**
 * The page's handle on the core worker. Only the latest run matters: a run asked for while another is
 * still computing ends that worker (a run cannot be interrupted inside it, and at batch 1024 takes
 * seconds) and starts the new one on a fresh worker, so ten quick edits cost one run, not ten queued.
 */
import type { MlpConfig } from '../../core/mlp/config';
import type { Dump } from '../../core/mlp/dump-types';
import type { CoreRequest, CoreResponse } from './core-protocol';
import { WorkerRpc } from './rpc';

type Ok = Extract<CoreResponse, { ok: true }>;
type Rpc = WorkerRpc<Omit<CoreRequest, 'id'>, Omit<Ok, 'id' | 'ok'>>;

/** The rejection of a run that a newer one replaced. */
export class StaleRunError extends Error {
  override name = 'StaleRunError';
  constructor() {
    super('replaced by a newer run');
  }
}

const spawnCoreWorker = () => new Worker(new URL('./core.worker.ts', import.meta.url), { type: 'module', name: 'core' });

export class CoreClient {
  private worker: Worker;
  private rpc: Rpc;

  constructor(private readonly spawn: () => Worker = spawnCoreWorker) {
    this.worker = spawn();
    this.rpc = new WorkerRpc(this.worker);
  }

  async run(config: MlpConfig): Promise<{ dump: Dump; ms: number }> {
    if (this.rpc.busy) {
      this.worker.terminate();
      this.rpc.rejectAll(new StaleRunError());
      this.worker = this.spawn();
      this.rpc = new WorkerRpc(this.worker);
    }
    const { dump, ms } = await this.rpc.call({ config: { ...config } });
    return { dump, ms };
  }
}
