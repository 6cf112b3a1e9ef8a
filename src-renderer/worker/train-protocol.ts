/** Messages between the page and the training worker: commands in, progress and results out. */
import type { Dump } from '../../core/mlp/dump-types';
import type { Variant } from '../../core/mlp/config';
import type { TrainConfig } from '../../core/train/config';
import type { TrainResult } from '../../core/train/trainer';

export type TrainCommand =
  | { type: 'start'; config: TrainConfig }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /** The lecture's recorded pass on the trained parameters, for the graph view (after 'done'). */
  | { type: 'lecture'; variant: Variant };

export interface TrainProgress {
  type: 'progress';
  step: number;
  steps: number;
  stepsPerSec: number;
  /** log10(loss) of the steps since the previous message, starting at step `from`. */
  from: number;
  lossi: Float32Array;
}

export type TrainEvent =
  | TrainProgress
  | { type: 'paused'; step: number }
  | { type: 'resumed'; step: number }
  | { type: 'stopped'; step: number }
  | { type: 'finishing'; step: number }
  | { type: 'done'; result: Omit<TrainResult, 'stats'>; ms: number }
  | { type: 'lecture'; dump: Dump }
  | { type: 'error'; error: string };
