/**
 * The app's state, in one small module: the applied config and its draft, the current run's dump, the
 * view's toggles (theme, expanded statements, hovered line, dialogs) and the commands that change them.
 * Views read it and call its methods; the step player and training keep their own state (player/player-state,
 * train/train-state) beside it.
 */
import type { Command } from '../../src-common/commands';
import type { StudioApi, Theme } from '../../src-common/ipc-contract';
import { DEFAULT_CONFIG, type MlpConfig } from '../../core/mlp/config';
import type { Dump } from '../../core/mlp/dump-types';
import { validateConfig } from '../../core/config/validate-lecture';
import { groupMembers } from '../../src-common/view/view-graph';
import { CoreClient } from '../worker/core-client';
import { exportGraphImage } from '../export/export-graph';
import { TrainState } from '../train/train-state.svelte';
import { ExerciseTrainState } from '../exercise-train/exercise-train-state.svelte';
import { PlayerState } from '../player/player-state.svelte';
import type { PlayerAction } from '../player/player-keys';
import type { Layer } from '../inspector/pick-tensor';
import { lectureRun, type ShownRun } from './shown-run';
import { notebookRun } from '../notebook/notebook-run';
import { PythonClient, StoppedError, type NotebookResult } from '../worker/python-client';
import { NotebookFileState } from './notebook-file.svelte';
import { ExerciseState } from '../exercise/exercise-state.svelte';
import { exerciseRun } from '../exercise/exercise-run';
import { stepOfNode } from '../../src-common/view/timeline';
import type { NotebookSource, PythonStage, RunEvent } from '../worker/python-protocol';
import type { NotebookRun } from '../../core/notebook/types';
import { applyRunEvent, cellStarted, endedAt } from './live-run';
import { cellText, placeText } from '../../core/notebook/coords';
import { runningStage } from '../notebook/progress';

export type ConfigField = 'variant' | 'seed' | 'n_hidden' | 'batch_size';
export type Dialog = 'about' | 'shortcuts' | null;
/** What the left column shows: the forward source (a notebook's cells), the backward step, the cmp table, a notebook's figures. */
export type SideTab = 'forward' | 'step' | 'cmp' | 'figures';

/** What the graph view can be asked to do (it registers itself when mounted). */
export interface GraphControls {
  zoomBy(factor: number): void;
  fit(): void;
  focus(nodeId: string): void;
  /** Centres these nodes, gliding there over `ms` (0: at once). */
  follow(nodeIds: string[], ms: number): void;
  focusLine(line: number): void;
  panBy(dx: number, dy: number): void;
}

const THEME_KEY = 'backprop-studio:theme';

/** The Backprop menu's commands as player actions. */
const PLAYER_COMMANDS = {
  'player-toggle': 'toggle',
  'player-prev': 'prev',
  'player-next': 'next',
  'player-restart': 'restart',
  'player-end': 'end',
} as const satisfies Partial<Record<Command, PlayerAction>>;

function initialTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export class AppState {
  config = $state<MlpConfig>({ ...DEFAULT_CONFIG });
  /** What the config bar's fields hold, as typed. */
  draft = $state<Record<ConfigField, string>>(draftOf(DEFAULT_CONFIG));
  errors = $state<Partial<Record<ConfigField, string>>>({});
  status = $state<'running' | 'ready' | 'failed'>('running');
  failure = $state<string | null>(null);
  /** The run on screen, as the views read it: the lecture's or a notebook's (state/shown-run.ts). */
  dump = $state.raw<ShownRun | null>(null);
  runMs = $state<number | null>(null);

  theme = $state<Theme>(initialTheme());
  expanded = $state.raw<ReadonlySet<string>>(new Set());
  /** Statement lines to highlight, from hovering a code line or a node. */
  hoverLines = $state.raw<ReadonlySet<number>>(new Set());
  hoverNode = $state<string | null>(null);
  selected = $state<string | null>(null);
  /** Which of the selected tensor's layers the inspector shows. */
  inspectorLayer = $state<Layer>('value');
  dialog = $state<Dialog>(null);
  findOpen = $state(false);
  toast = $state<string | null>(null);
  view = $state<'graph' | 'train'>('graph');
  /** The Train view's run lives here so switching views never stops it. */
  readonly train = new TrainState();
  /** The backprop player over the current run's backward schedule. */
  readonly player = new PlayerState();
  sideTab = $state<SideTab>('forward');
  /** The notebook on screen; null while the built-in lecture is. */
  notebook = $state.raw<NotebookResult | null>(null);
  /** The notebook's file and the learner's unsaved edits to it (File → Save). */
  readonly file: NotebookFileState;
  /** Exercise 4's "Train with my backward pass" panel over the graph; it trains in the Python worker. */
  readonly exerciseTrain = new ExerciseTrainState({
    python: () => (this.python ??= new PythonClient()),
    notebook: () => (this.notebook && this.notebookSource ? { key: this.notebook, source: this.notebookSource } : null),
  });
  /** What the notebook on screen was opened from, for the worker to start an exercise session on it again. */
  private notebookSource: NotebookSource | 'sample' | null = null;
  /** A notebook being opened: its name and where Python is (loading Pyodide, or running cell k of n). */
  opening = $state<{ name: string; stage: PythonStage } | null>(null);
  /** The running cell's loop: how far it is (a `for` over `range(N)` at top level, or tqdm's). */
  loop = $state<{ done: number; total: number; label: string } | null>(null);
  private showQueued = false;
  /** Exercise mode: the learner's backward cells in the editor and their checks (null: not exercising). */
  exercise = $state.raw<ExerciseState | null>(null);

  graph: GraphControls | null = null;
  /** Browser mode's file chooser (the page's hidden file input registers it when mounted). */
  chooseFile: (() => void) | null = null;
  private readonly core = new CoreClient();
  /** Started on the first notebook opened, so the lecture never waits for Python. */
  private python: PythonClient | null = null;
  /** The lecture's latest dump, shown again on the way back from a notebook. */
  private lecture: Dump | null = null;
  private runTicket = 0;
  /** The config of the latest run asked for (the bar validates edits against it, not the shown one). */
  private requested: MlpConfig = { ...DEFAULT_CONFIG };
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly api: StudioApi) {
    this.file = new NotebookFileState(api, (m) => this.showToast(m));
    api.onCommand((c) => this.command(c));
    api.onNotebook?.((file) => void this.openNotebook(file));
    void this.run(this.config);
  }

  /** Runs the core for a config; only the latest run's result is shown. */
  async run(config: MlpConfig): Promise<void> {
    const ticket = ++this.runTicket;
    this.requested = { ...config };
    this.status = 'running';
    this.failure = null;
    performance.mark('core:run-start');
    try {
      const { dump, ms } = await this.core.run(config);
      if (ticket !== this.runTicket) return;
      performance.mark('core:run-end');
      this.config = { ...config };
      this.lecture = dump;
      const fromNotebook = this.leaveNotebook();
      this.show(lectureRun(dump), !fromNotebook);
      this.runMs = ms;
      this.status = 'ready';
    } catch (e) {
      if (ticket !== this.runTicket) return;
      this.status = 'failed';
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
    this.runTicket++;
    this.requested = { ...dump.config };
    this.config = { ...dump.config };
    this.draft = draftOf(dump.config);
    this.errors = {};
    this.lecture = dump;
    this.opening = null;
    const fromNotebook = this.leaveNotebook();
    this.show(lectureRun(dump), !fromNotebook);
    this.runMs = null;
    this.status = 'ready';
    performance.mark('core:run-end');
  }

  /** The Train view's "Use trained parameters": the lecture pass on them, shown in the graph view. */
  async useTrained(): Promise<void> {
    if (!(await this.file.confirmLeave())) return;
    try {
      this.showDump(await this.train.trainedDump(this.config.variant));
      this.view = 'graph';
      this.showToast('The graph shows the trained parameters');
    } catch (e) {
      this.showToast(`Could not use the trained parameters: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Puts a run on screen with its backward schedule for the player; says so when the player had to restart. */
  private show(run: ShownRun, sameSource = true): void {
    const sameGraph = this.dump?.graph === run.graph;
    this.dump = run;
    // An exercise's re-check keeps its graph: a new set here would lay the graph out again on every keystroke.
    if (!sameGraph)
      this.expanded = new Set([...this.expanded].filter((id) => run.graph.nodes.some((n) => n.id === id)));
    try {
      const { restarted } = this.player.setSchedule(run.schedule());
      if (restarted && sameSource)
        this.showToast('The backward pass changed with the variant, so the player restarted at loss');
    } catch (e) {
      this.player.fail(`Could not build the backward schedule: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Opens a notebook (a file's bytes, or the bundled sample) and runs it in a fresh Python. Its cells show at
   * once and fill in as they run; its graph, player, inspector and cmp table replace the lecture's as soon as
   * its first backward() has run, while later cells go on. A file that is not a notebook leaves the view as it was.
   */
  async openNotebook(source: NotebookSource | 'sample'): Promise<void> {
    if (!(await this.file.confirmLeave())) return;
    const ticket = ++this.runTicket;
    this.exerciseTrain.reset();
    const name = source === 'sample' ? 'backprop-ninja.ipynb' : source.name;
    this.opening = { name, stage: { stage: 'loading' } };
    this.loop = null;
    performance.mark('notebook:open-start');
    const live = (): boolean => ticket === this.runTicket;
    try {
      this.python ??= new PythonClient();
      const result = await this.python.run(
        source,
        (stage) => {
          if (!live()) return;
          this.opening = { name, stage };
          this.loop = null;
          if (stage.stage === 'running') this.changeRun((run) => cellStarted(run, stage.index));
        },
        (event) => {
          if (live()) this.streamed(event, source);
        },
      );
      if (!live()) return;
      // The streamed graph stays the one on screen (a new object would be laid out again).
      const graph = this.notebook?.run.graph;
      if (graph && result.run.graph && graph.output === result.run.graph.output) result.run.graph = graph;
      this.endExercise();
      this.putNotebook(result, source);
      this.opening = null;
      this.loop = null;
      const { run } = result;
      if (run.graph) this.show(notebookRun({ ...run, graph: run.graph }, result.name), false);
      else {
        this.dump = null;
        this.player.fail(
          'This notebook recorded no graph: no backward() ran, and no scalar that requires grad was computed',
        );
      }
      this.status = 'ready';
      performance.mark('notebook:run-end', { detail: { loadMs: result.loadMs, runMs: result.runMs } });
      this.sayRunError(run);
    } catch (e) {
      if (!live()) return;
      const running = this.opening?.stage.stage === 'running' ? this.opening.stage.index : null;
      this.opening = null;
      this.loop = null;
      if (e instanceof StoppedError && this.notebook) {
        // What ran stays on screen; the cell that was running is marked stopped.
        this.changeRun((run) => endedAt(run, running));
        this.status = 'ready';
        this.showToast(
          e.fatal
            ? `Python failed (${e.message}) and was restarted: open the notebook again to run it`
            : `Stopped in ${cellText(this.notebook.run.cells, running ?? 0)}: Python could not be interrupted there, so it was restarted`,
        );
        return;
      }
      // The notebook reader's messages already start with the file's name.
      const message = e instanceof Error ? e.message : String(e);
      this.showToast(message.startsWith(`${name}:`) ? message : `Could not open ${name}: ${message}`);
      // Opening cancelled a lecture run still in flight (the first one, at start): run it again.
      if (!this.notebook && this.status === 'running') void this.run(this.config);
    }
  }

  /** One event of the notebook run in flight: the notebook on screen follows it. */
  private streamed(event: RunEvent, source: NotebookSource | 'sample'): void {
    if (event.kind === 'start') {
      this.endExercise();
      this.putNotebook({ run: event.run, name: event.name, firstLines: event.firstLines, loadMs: 0, runMs: 0 }, source);
      this.sideTab = 'forward';
      // Never another run's graph under this notebook's name: none until its first backward().
      this.dump = null;
      this.player.fail("No graph yet: it appears as soon as the notebook's first backward() has run");
      return;
    }
    if (event.kind === 'loop') {
      this.loop = { done: event.done, total: event.total, label: event.label };
      return;
    }
    this.changeRun((run) => applyRunEvent(run, event));
    const run = this.notebook?.run;
    if (!run?.graph || !this.notebook) return;
    if (event.kind === 'graph') this.show(notebookRun({ ...run, graph: run.graph }, this.notebook.name), false);
    // A check colours the cmp table and the player's steps; several in one frame are shown once.
    else if (event.kind === 'check') this.showSoon();
  }

  /** Re-shows the streamed notebook run on the next frame (checks arrive in bursts). */
  private showSoon(): void {
    if (this.showQueued) return;
    this.showQueued = true;
    requestAnimationFrame(() => {
      this.showQueued = false;
      const nb = this.notebook;
      if (nb?.run.graph && this.opening) this.show(notebookRun({ ...nb.run, graph: nb.run.graph }, nb.name), false);
    });
  }

  private changeRun(change: (run: NotebookRun) => NotebookRun): void {
    if (this.notebook) this.notebook = { ...this.notebook, run: change(this.notebook.run) };
  }

  /**
   * Runs code cells of the notebook on screen again in its Python session: one cell (Shift+Enter in the
   * Notebook tab), or every code cell up to it (`upTo`: run to here). Not while something runs, nor in exercise
   * mode (whose cells the editor checks).
   */
  async runCells(index: number, upTo = false): Promise<void> {
    const nb = this.notebook;
    if (!nb || !this.python || this.python.busy || this.opening || this.exercise) return;
    const cells = nb.run.cells.filter((c) => c.kind === 'code' && (upTo ? c.index <= index : c.index === index));
    const ticket = this.runTicket;
    const cell = cells.at(-1)?.index ?? index;
    this.opening = { name: nb.name, stage: runningStage(nb.run.cells, cell) };
    try {
      const run = await this.python.runCells(cells.map((c) => c.index));
      if (ticket !== this.runTicket || this.notebook !== nb) return;
      const graph = nb.run.graph;
      if (graph && run.graph && graph.output === run.graph.output) run.graph = graph;
      this.notebook = { ...nb, run };
      if (run.graph) this.show(notebookRun({ ...run, graph: run.graph }, nb.name), false);
      this.sayRunError(run);
    } catch (e) {
      if (ticket !== this.runTicket) return;
      if (e instanceof StoppedError) this.changeRun((run) => endedAt(run, cell));
      this.showToast(`Could not run ${cellText(nb.run.cells, cell)}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (ticket === this.runTicket) this.opening = null;
    }
  }

  /**
   * Jupyter's Interrupt (the bar's Stop, Escape, the menu): KeyboardInterrupt in the running cell; where Python
   * cannot be interrupted it is ended and restarts (openNotebook then marks the stopped cell).
   */
  async stopRun(): Promise<void> {
    if (!this.python?.busy) return;
    await this.python.stop();
  }

  /** A notebook that stopped at an exception: where, and that the cells after it did not run. */
  private sayRunError(run: NotebookRun): void {
    if (run.error?.type === 'KeyboardInterrupt')
      this.showToast(`Stopped in ${cellText(run.cells, run.error.cell)}: what ran is kept, later cells did not run`);
    else if (run.error) this.showToast(`${run.error.type} in ${placeText(run, run.error)}: later cells did not run`);
  }

  /** A notebook's run on screen, and its file behind File → Save (the sample's cells as they ran). */
  private putNotebook(result: NotebookResult, source: NotebookSource | 'sample'): void {
    this.notebook = result;
    this.notebookSource = source;
    if (source === 'sample') {
      const cells: string[] = [];
      for (const c of result.run.cells) cells[c.index] = c.source;
      this.file.open({ name: result.name, bytes: new Uint8Array(), sample: true }, cells);
    } else this.file.open({ name: source.name, path: source.path, bytes: source.bytes, sample: false });
    this.view = 'graph';
    this.selected = null;
  }

  /**
   * "Start the exercise": the notebook on screen run again as an exercise with its own backward cells, or on
   * the lecture and the sample, the sample with the exercise cells' gradient lines blank. The editor opens on
   * the first exercise cell; each edit is checked in the worker (exercise/exercise-state.svelte.ts).
   */
  async startExercise(): Promise<void> {
    if (!(await this.file.confirmLeave())) return;
    const opened = this.notebook && this.notebookSource !== 'sample' ? this.notebookSource : null;
    // The learner's file as last saved, if it was (a save writes edits into these bytes).
    const own = opened && { ...opened, bytes: this.file.file?.bytes ?? opened.bytes };
    const source = own ?? 'sample';
    const ticket = ++this.runTicket;
    const name = source === 'sample' ? 'backprop-ninja.ipynb' : source.name;
    this.opening = { name, stage: { stage: 'loading' } };
    try {
      this.python ??= new PythonClient();
      // The notebook on screen, unchanged since it ran: its session already is an exercise, so nothing runs again.
      const here = opened && own && sameBytes(own.bytes, opened.bytes) ? this.python.exerciseHere() : null;
      const result = await (here ??
        this.python.startExercise(source, own === null, (stage) => {
          if (ticket === this.runTicket) this.opening = { name, stage };
        }));
      if (ticket !== this.runTicket) return;
      this.endExercise();
      this.exerciseTrain.reset();
      this.putNotebook(result, source);
      this.opening = null;
      // Exercise 4 trains on this same session in the worker (the notebook on screen is its key).
      this.exerciseTrain.adopt(result, result.cells);
      const { run } = result;
      if (!run.graph || result.cells.length === 0) {
        this.showToast(
          run.graph
            ? `${name} has no backward cell to write: no cell checks a gradient with cmp`
            : `${name} recorded no graph, so there is nothing to backpropagate`,
        );
        if (run.graph) this.show(notebookRun({ ...run, graph: run.graph }, name), false);
        return;
      }
      const exercise = new ExerciseState(result.cells, this.python, {
        // The gutter shows the verdicts at once; the player, step panel and cmp table follow after that paint
        // (rebuilding the schedule and the step's plans is the slow part of a check landing).
        onChecked: (cell) =>
          requestAnimationFrame(() =>
            setTimeout(() => {
              if (this.exercise === exercise && exercise.activeCell.cell === cell) this.showExercise();
            }),
          ),
        // The one place edits reach the file: File → Save writes them into the notebook.
        onEdit: (cell, text) => this.file.setCellSource(cell, text),
      });
      this.exercise = exercise;
      this.sideTab = 'step';
      this.showExercise();
      this.status = 'ready';
      this.sayRunError(run);
    } catch (e) {
      if (ticket !== this.runTicket) return;
      this.opening = null;
      const message = e instanceof Error ? e.message : String(e);
      this.showToast(message.startsWith(`${name}:`) ? message : `Could not start the exercise on ${name}: ${message}`);
    }
  }

  /** The exercise's run with the editor's cell as last checked: the player, step panel and cmp table follow it. */
  showExercise(): void {
    const ex = this.exercise;
    const graph = this.notebook?.run.graph;
    if (!ex || !this.notebook || !graph) return;
    const cell = ex.activeCell.cell;
    const checked = ex.checked[cell] ?? null;
    const run = exerciseRun(
      { ...this.notebook.run, graph },
      this.notebook.name,
      checked?.check ?? null,
      checked?.text ?? '',
    );
    this.show(run, false);
  }

  /** Shows another exercise cell in the editor. */
  chooseExerciseCell(index: number): void {
    if (!this.exercise || index === this.exercise.active) return;
    this.exercise.active = index;
    this.showExercise();
  }

  /** The editor's cursor reached a line that writes `target`'s gradient: the player goes to its step. */
  selectStepOf(target: string): void {
    const schedule = this.player.schedule;
    if (!schedule || this.player.frame?.step?.target === target) return;
    const i = stepOfNode(schedule, target);
    if (i !== null) this.playerDo({ jump: i });
  }

  /** The exercise editor's cell and its text now: what "Train with my backward" trains with in exercise mode. */
  exerciseBackward(): { cell: number; source: string } | null {
    const ex = this.exercise;
    if (!ex) return null;
    const cell = ex.activeCell.cell;
    return { cell, source: ex.sources[cell] };
  }

  private endExercise(): void {
    this.exercise?.close();
    this.exercise = null;
  }

  /** File → Open notebook…: Electron's open dialog (main reads the file and what it names), else the file input. */
  async pickNotebook(): Promise<void> {
    // Python starts loading while the dialog is open: choosing a file takes a person a few seconds too.
    (this.python ??= new PythonClient()).warm();
    if (!(await this.file.confirmLeave())) return;
    if (!this.api.openNotebook) {
      this.chooseFile?.();
      return;
    }
    try {
      const source = await this.api.openNotebook({});
      if (source) await this.openNotebook(source);
    } catch (e) {
      this.showToast(`Could not open the notebook: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Drops the notebook from screen (its cells and figures tabs with it); says whether one was there. */
  private leaveNotebook(): boolean {
    if (!this.notebook) return false;
    this.endExercise();
    this.exerciseTrain.reset();
    this.notebook = null;
    this.notebookSource = null;
    this.file.close();
    this.selected = null;
    if (this.sideTab === 'figures') this.sideTab = 'forward';
    return true;
  }

  /** Leaves the notebook for the built-in lecture, as it was (the lecture's config bar comes back). */
  async backToLecture(): Promise<void> {
    if (!(await this.file.confirmLeave())) return;
    this.runTicket++;
    // The lecture does not wait on a notebook still running: its Python is stopped.
    void this.stopRun();
    this.opening = null;
    this.loop = null;
    this.leaveNotebook();
    if (this.lecture) this.show(lectureRun(this.lecture), false);
    else void this.run(this.config);
  }

  /** A player control (key, bar, timeline, cmp row). Starting backprop brings the step panel forward. */
  playerDo(action: PlayerAction | { jump: number }): void {
    const p = this.player;
    const before = p.current;
    if (typeof action === 'object') p.jump(action.jump);
    else if (action === 'toggle') p.toggle();
    else if (action === 'prev') p.prev();
    else if (action === 'next') p.next();
    else if (action === 'restart') p.restart();
    else if (action === 'end') p.end();
    else if (action === 'slower') p.slower();
    else p.faster();
    if (before < 0 && p.current >= 0 && this.sideTab === 'forward') this.sideTab = 'step';
  }

  /** Opens the inspector on a tensor, at one of its layers (the step panel's "inspect dX"). */
  inspect(id: string, layer: Layer): void {
    this.selected = id;
    this.inspectorLayer = layer;
  }

  toggleExpanded(id: string): void {
    const next = new Set(this.expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.expanded = next;
  }

  toggleAllGroups(): void {
    if (!this.dump) return;
    const all = [...groupMembers(this.dump.graph).keys()];
    this.expanded = this.expanded.size > 0 ? new Set() : new Set(all);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    globalThis.localStorage?.setItem(THEME_KEY, theme);
    void this.api.setTheme(theme);
  }

  showToast(message: string): void {
    this.toast = message;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast = null), 3000);
  }

  /** File → Export…: the graph as the app shows it, as standalone SVG (other formats: the Export image menu). */
  async exportGraph(): Promise<void> {
    await exportGraphImage(this, 'svg');
  }

  command(command: Command): void {
    switch (command) {
      case 'open-notebook':
        void this.pickNotebook();
        break;
      case 'open-sample':
        void this.openNotebook('sample');
        break;
      case 'close-notebook':
        void this.backToLecture();
        break;
      case 'stop-run':
        void this.stopRun();
        break;
      case 'save-notebook':
        void this.file.save();
        break;
      case 'save-notebook-as':
        void this.file.saveAs();
        break;
      case 'start-exercise':
        void this.startExercise();
        break;
      case 'export':
        void this.exportGraph();
        break;
      case 'zoom-in':
        this.graph?.zoomBy(1.25);
        break;
      case 'zoom-out':
        this.graph?.zoomBy(0.8);
        break;
      case 'fit':
        this.graph?.fit();
        break;
      case 'find':
        this.findOpen = true;
        break;
      case 'toggle-theme':
        this.setTheme(this.theme === 'dark' ? 'light' : 'dark');
        break;
      case 'toggle-groups':
        this.toggleAllGroups();
        break;
      case 'player-toggle':
      case 'player-prev':
      case 'player-next':
      case 'player-restart':
      case 'player-end':
        this.view = 'graph';
        this.playerDo(PLAYER_COMMANDS[command]);
        break;
      case 'about':
      case 'shortcuts':
        this.dialog = command;
        break;
    }
  }
}

function draftOf(c: MlpConfig): Record<ConfigField, string> {
  return { variant: c.variant, seed: String(c.seed), n_hidden: String(c.n_hidden), batch_size: String(c.batch_size) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}
