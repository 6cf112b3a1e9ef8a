/** The page's handle on the core worker. */
import type { MlpConfig } from '../../core/mlp/config';
import type { Dump } from '../../core/mlp/dump-types';
import type { CoreRequest, CoreResponse } from './core-protocol';
import { WorkerRpc } from './rpc';

type Ok = Extract<CoreResponse, { ok: true }>;

export class CoreClient {
  private readonly rpc = new WorkerRpc<Omit<CoreRequest, 'id'>, Omit<Ok, 'id' | 'ok'>>(
    new Worker(new URL('./core.worker.ts', import.meta.url), { type: 'module', name: 'core' }),
  );

  async run(config: MlpConfig): Promise<{ dump: Dump; ms: number }> {
    const { dump, ms } = await this.rpc.call({ config: { ...config } });
    return { dump, ms };
  }
}
