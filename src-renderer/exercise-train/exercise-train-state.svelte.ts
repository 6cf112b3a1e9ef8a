/**
 * The "Train with my backward pass" panel's state (exercise 4): the typed fields and their messages, the
 * training's status and progress, the losses and autograd checks received so far. Training runs in the Python
 * worker on an exercise session started for the notebook on screen (once per notebook opened); this class
 * only sends requests and records events.
 */
import type { ExerciseCell } from '../../core/notebook/exercise-types';
import type { NotebookSource } from '../worker/python-protocol';
import type { PythonClient, TrainDoneEvent, TrainProgressEvent } from '../worker/python-client';
import { stageText } from '../notebook/progress';
import type { TrainCheck } from './check-text';
import { startRate, updateRate, type RateMeter } from './rate';
import { checkInputs, INPUT_DEFAULTS, type TrainInput } from './train-inputs';

export type ExerciseTrainStatus = 'idle' | 'starting' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

/** The learner's backward cell: which notebook cell it is, and the source to train with. */
export interface BackwardCell {
  cell: number;
  source: string;
}

export interface ExerciseTrainHost {
  python(): PythonClient;
  /** The notebook on screen: `key` is new with every notebook opened (its worker session is then gone). */
  notebook(): { key: object; source: NotebookSource | 'sample' } | null;
  now?(): number;
}

export class ExerciseTrainState {
  open = $state(false);
  draft = $state<Record<TrainInput, string>>({ ...INPUT_DEFAULTS });
  status = $state<ExerciseTrainStatus>('idle');
  failure = $state<string | null>(null);
  /** What the worker is doing before the first step (running the notebook for the session). */
  stage = $state<string | null>(null);
  done = $state(0);
  steps = $state(0);
  stepsPerSec = $state(0);
  checks = $state.raw<TrainCheck[]>([]);
  /** The cell trained with (for the panel's caption). */
  trained = $state.raw<BackwardCell | null>(null);
  /** log10(loss) per step (NaN where the loss was not finite), filled up to `done`; readers re-run on `done`. */
  lossi = new Float32Array(0);

  private session: { key: object; cells: ExerciseCell[] } | null = null;
  private training: number | null = null;
  private ticket = 0;
  private meter: RateMeter = startRate(0);

  readonly errors = $derived.by(() => {
    const r = checkInputs(this.draft);
    return r.ok ? {} : r.errors;
  });

  constructor(private readonly host: ExerciseTrainHost) {}

  get active(): boolean {
    return this.status === 'starting' || this.status === 'running' || this.status === 'cancelling';
  }

  /**
   * Trains with `backward` (the exercise editor's cell and text), or without it with the notebook's first
   * exercise cell as the file has it. False when a field is invalid or training is already under way.
   */
  async start(backward: BackwardCell | null = null): Promise<boolean> {
    const checked = checkInputs(this.draft);
    const notebook = this.host.notebook();
    if (this.active || !checked.ok || !notebook) return false;
    const ticket = ++this.ticket;
    const { steps, lr, checkEvery } = checked.inputs;
    this.status = 'starting';
    this.failure = null;
    this.done = 0;
    this.steps = steps;
    this.stepsPerSec = 0;
    this.checks = [];
    this.lossi = new Float32Array(steps).fill(NaN);
    const python = this.host.python();
    try {
      if (this.session?.key !== notebook.key) {
        this.session = null;
        this.stage = 'starting the exercise…';
        const { cells } = await python.startExercise(notebook.source, false, (s) => {
          if (ticket === this.ticket) this.stage = `starting the exercise: ${stageText(s)}`;
        });
        if (ticket !== this.ticket) return false;
        this.session = { key: notebook.key, cells };
      }
    } catch (e) {
      if (ticket === this.ticket) this.fail(`Could not start the exercise: ${e instanceof Error ? e.message : e}`);
      return false;
    }
    const cell = backward ?? firstExerciseCell(this.session.cells);
    if (!cell) {
      this.fail('This notebook has no backward cell to train with: it never calls backward()');
      return false;
    }
    this.trained = cell;
    this.stage = null;
    this.status = 'running';
    this.meter = startRate(this.now());
    const { id, done } = python.train({ ...cell, lr, steps, checkEvery }, (p) => {
      if (ticket === this.ticket) this.progress(p);
    });
    this.training = id;
    const end = await done;
    if (ticket === this.ticket) this.end(end);
    return true;
  }

  /** An exercise session the editor started for this notebook (`key`): training runs on it, not on a new one. */
  adopt(key: object, cells: ExerciseCell[]): void {
    this.session = { key, cells };
  }

  cancel(): void {
    if (this.status !== 'running' || this.training === null) return;
    this.status = 'cancelling';
    this.host.python().cancelTraining(this.training);
  }

  /** The notebook changed (or left): stop any training and forget its session. */
  reset(): void {
    if (this.training !== null && this.active) this.host.python().cancelTraining(this.training);
    this.ticket++;
    this.training = null;
    this.session = null;
    this.open = false;
    this.status = 'idle';
    this.stage = null;
    this.failure = null;
    this.done = 0;
    this.checks = [];
    this.lossi = new Float32Array(0);
  }

  private progress(p: TrainProgressEvent): void {
    const from = this.done;
    p.losses.forEach((l, i) => (this.lossi[from + i] = l !== null && l > 0 ? Math.log10(l) : NaN));
    if (p.check) this.checks = [...this.checks, p.check];
    const { meter, stepsPerSec } = updateRate(this.meter, this.now(), p.done);
    this.meter = meter;
    this.stepsPerSec = stepsPerSec;
    this.done = p.done;
  }

  private end(e: TrainDoneEvent): void {
    this.training = null;
    this.done = e.done;
    if (e.error) this.fail(e.error);
    else this.status = e.cancelled ? 'cancelled' : 'done';
  }

  private fail(message: string): void {
    this.stage = null;
    this.failure = message;
    this.status = 'failed';
  }

  private now(): number {
    return this.host.now?.() ?? performance.now();
  }
}

const firstExerciseCell = (cells: readonly ExerciseCell[]): BackwardCell | null =>
  cells[0] ? { cell: cells[0].cell, source: cells[0].source } : null;
