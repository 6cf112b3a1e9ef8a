/** Messages between the page and the core worker. */
import type { MlpConfig } from '../../core/mlp/config';
import type { Dump } from '../../core/mlp/dump-types';

export interface CoreRequest {
  id: number;
  config: MlpConfig;
}

export type CoreResponse = { id: number; ok: true; dump: Dump; ms: number } | { id: number; ok: false; error: string };
