/**
 * The Train view's state: the typed fields and their messages, the run's status and progress, the lossi
 * received so far, and the final result. Training itself runs in the train worker, created on first start
 * (so opening the app never costs a worker); this class only forwards commands and records events.
 */
import { checkField } from '../../core/config/validate';
import { DEFAULT_TRAIN, validateTrainConfig, type TrainConfig } from '../../core/train/config';
import type { Variant } from '../../core/mlp/config';
import type { Dump } from '../../core/mlp/dump-types';
import { TrainClient } from '../worker/train-client';
import type { TrainEvent } from '../worker/train-protocol';

export type TrainField = 'steps' | 'seed' | 'n_hidden';
export type TrainStatus = 'idle' | 'running' | 'paused' | 'finishing' | 'done' | 'stopped' | 'failed';

export const TRAIN_FIELDS: readonly TrainField[] = ['steps', 'seed', 'n_hidden'];

export interface SplitLosses {
  train: number;
  val: number;
  test: number;
}

export class TrainState {
  draft = $state<Record<TrainField, string>>({
    steps: String(DEFAULT_TRAIN.steps),
    seed: String(DEFAULT_TRAIN.seed),
    n_hidden: String(DEFAULT_TRAIN.n_hidden),
  });
  status = $state<TrainStatus>('idle');
  failure = $state<string | null>(null);
  /** The config of the current (or last) run. */
  config = $state.raw<TrainConfig | null>(null);
  step = $state(0);
  stepsPerSec = $state(0);
  losses = $state.raw<SplitLosses | null>(null);
  samples = $state.raw<string[]>([]);
  finishMs = $state<number | null>(null);
  /** A 'Use trained parameters' request is in flight. */
  usingTrained = $state(false);
  /** log10(loss) per step, filled up to `step`; readers re-run when `step` changes. */
  lossi = new Float32Array(0);

  private client: TrainClient | null = null;
  private pendingDump: { resolve: (d: Dump) => void; reject: (e: Error) => void } | null = null;

  /** Each field's problem, checked on its own so every bad field gets its own message. */
  readonly errors = $derived.by(() => {
    const errors: Partial<Record<TrainField, string>> = {};
    for (const field of TRAIN_FIELDS) {
      const result = checkField(field, this.draft[field]);
      if ('message' in result) errors[field] = result.message;
    }
    return errors;
  });

  get active(): boolean {
    return this.status === 'running' || this.status === 'paused' || this.status === 'finishing';
  }

  /** Starts a run with the fields' values; false (and nothing runs) when a field is invalid. */
  start(): boolean {
    if (this.active || Object.keys(this.errors).length > 0) return false;
    const result = validateTrainConfig({ ...this.draft });
    if (!result.ok) return false;
    this.config = result.config;
    this.lossi = new Float32Array(result.config.steps);
    this.step = 0;
    this.stepsPerSec = 0;
    this.losses = null;
    this.samples = [];
    this.finishMs = null;
    this.failure = null;
    this.status = 'running';
    this.client ??= new TrainClient((e) => this.receive(e));
    this.client.send({ type: 'start', config: result.config });
    return true;
  }

  togglePause(): void {
    if (this.status === 'running') this.client?.send({ type: 'pause' });
    else if (this.status === 'paused') this.client?.send({ type: 'resume' });
  }

  stop(): void {
    if (this.status === 'running' || this.status === 'paused') this.client?.send({ type: 'stop' });
  }

  /** The lecture's recorded pass on the trained parameters, for the graph view. */
  trainedDump(variant: Variant): Promise<Dump> {
    if (this.status !== 'done' || !this.client) return Promise.reject(new Error('train to the end first'));
    this.pendingDump?.reject(new Error('superseded'));
    this.usingTrained = true;
    return new Promise((resolve, reject) => {
      this.pendingDump = { resolve, reject };
      this.client!.send({ type: 'lecture', variant });
    }).finally(() => (this.usingTrained = false)) as Promise<Dump>;
  }

  private receive(e: TrainEvent): void {
    switch (e.type) {
      case 'progress':
        this.lossi.set(e.lossi, e.from);
        this.stepsPerSec = e.stepsPerSec;
        this.step = e.step;
        break;
      case 'paused':
        this.status = 'paused';
        break;
      case 'resumed':
        this.status = 'running';
        break;
      case 'stopped':
        this.status = 'stopped';
        break;
      case 'finishing':
        this.status = 'finishing';
        break;
      case 'done':
        this.losses = e.result.losses;
        this.samples = e.result.samples;
        this.finishMs = e.ms;
        this.status = 'done';
        break;
      case 'lecture':
        this.pendingDump?.resolve(e.dump);
        this.pendingDump = null;
        break;
      case 'error':
        if (this.pendingDump) {
          this.pendingDump.reject(new Error(e.error));
          this.pendingDump = null;
        } else {
          this.failure = e.error;
          this.status = 'failed';
        }
        break;
    }
  }
}
