/**
 * The built-in lecture: the applied config and the config bar's draft of it, its run in the core worker, the
 * Train view's training, and putting the lecture's run back on screen when a notebook leaves it.
 */
import { DEFAULT_CONFIG, type MlpConfig } from '../../core/mlp/config';
import type { Dump } from '../../core/mlp/dump-types';
import { validateConfig } from '../../core/config/validate-lecture';
import { CoreClient } from '../worker/core-client';
import { TrainState } from '../train/train-state.svelte';
import { lectureRun } from './shown-run';
import type { Screen } from './screen.svelte';
import type { ViewState } from './view-state.svelte';
import type { NotebookSession } from './notebook-session.svelte';

export type ConfigField = 'variant' | 'seed' | 'n_hidden' | 'batch_size';

export class LectureSession {
  config = $state<MlpConfig>({ ...DEFAULT_CONFIG });
  /** What the config bar's fields hold, as typed. */
  draft = $state<Record<ConfigField, string>>(draftOf(DEFAULT_CONFIG));
  errors = $state<Partial<Record<ConfigField, string>>>({});
  failure = $state<string | null>(null);
  runMs = $state<number | null>(null);
  /** The Train view's run lives here so switching views never stops it. */
  readonly train = new TrainState();
  private readonly core = new CoreClient();
  /** The lecture's latest dump, shown again on the way back from a notebook. */
  private lecture: Dump | null = null;
  /** The config of the latest run asked for (the bar validates edits against it, not the shown one). */
  private requested: MlpConfig = { ...DEFAULT_CONFIG };

  constructor(
    private readonly screen: Screen,
    private readonly view: ViewState,
    private readonly notebook: Pick<NotebookSession, 'leave' | 'file'>,
  ) {}

  /** Runs the core for a config; only the latest run's result is shown. */
  async run(config: MlpConfig): Promise<void> {
    const live = this.screen.claim();
    this.requested = { ...config };
    this.screen.status = 'running';
    this.failure = null;
    performance.mark('core:run-start');
    try {
      const { dump, ms } = await this.core.run(config);
      if (!live()) return;
      performance.mark('core:run-end');
      this.config = { ...config };
      this.lecture = dump;
      const fromNotebook = this.notebook.leave();
      this.screen.show(lectureRun(dump), !fromNotebook);
      this.runMs = ms;
      this.screen.status = 'ready';
    } catch (e) {
      if (!live()) return;
      this.screen.status = 'failed';
      this.failure = e instanceof Error ? e.message : String(e);
    }
  }

  /** Applies one config field from the bar: an inline message when invalid, a re-run when it changed. */
  applyField(field: ConfigField, value: string): void {
    this.draft[field] = value;
    const result = validateConfig({ ...this.requested, [field]: value });
    if (!result.ok) {
      const message = (result.errors.find((e) => e.field === field) ?? result.errors[0]).message;
      this.errors = { ...this.errors, [field]: message };
      return;
    }
    const rest = { ...this.errors };
    delete rest[field];
    this.errors = rest;
    if (result.config[field] !== this.requested[field]) void this.run(result.config);
  }

  /** Shows a dump computed elsewhere (the trained parameters) as the current run, replacing any in flight. */
  showDump(dump: Dump): void {
    this.screen.claim();
    this.requested = { ...dump.config };
    this.config = { ...dump.config };
    this.draft = draftOf(dump.config);
    this.errors = {};
    this.lecture = dump;
    const fromNotebook = this.notebook.leave();
    this.screen.show(lectureRun(dump), !fromNotebook);
    this.runMs = null;
    this.screen.status = 'ready';
    performance.mark('core:run-end');
  }

  /** The Train view's "Use trained parameters": the lecture pass on them, shown in the graph view. */
  async useTrained(): Promise<void> {
    if (!(await this.notebook.file.confirmLeave())) return;
    try {
      this.showDump(await this.train.trainedDump(this.config.variant));
      this.view.view = 'graph';
      this.view.showToast('The graph shows the trained parameters');
    } catch (e) {
      this.view.showToast(`Could not use the trained parameters: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The lecture back on screen as it was, or run again when it never finished. */
  resume(): void {
    if (this.lecture) this.screen.show(lectureRun(this.lecture), false);
    else void this.run(this.config);
  }

  /** Runs the lecture again when its run was cancelled by a notebook that then failed to open. */
  retryIfCancelled(): void {
    if (this.screen.status === 'running') void this.run(this.config);
  }
}

function draftOf(c: MlpConfig): Record<ConfigField, string> {
  return { variant: c.variant, seed: String(c.seed), n_hidden: String(c.n_hidden), batch_size: String(c.batch_size) };
}
