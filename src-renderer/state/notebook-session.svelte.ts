/**
 * The notebook on screen and everything that runs it: opening one (a file or the bundled sample) to run or to
 * do its exercise, through one `open` flow; its cells filling in as they run; running cells again; Stop; the
 * exercise editor's session; exercise 4's panel; and its file behind File → Save.
 */
import type { StudioApi } from '../../src-common/ipc-contract';
import type { NotebookRun } from '../../core/notebook/types';
import { cellText, placeText } from '../../core/notebook/coords';
import { PythonClient, StoppedError, type NotebookResult } from '../worker/python-client';
import type { NotebookSource, PythonStage, RunEvent } from '../worker/python-protocol';
import { ExerciseTrainState } from '../exercise-train/exercise-train-state.svelte';
import { ExerciseState } from '../exercise/exercise-state.svelte';
import { exerciseRun } from '../exercise/exercise-run';
import { notebookRun } from '../notebook/notebook-run';
import { runningStage } from '../notebook/progress';
import { NotebookFileState } from './notebook-file.svelte';
import { applyRunEvent, cellStarted, endedAt } from './live-run';
import type { Screen } from './screen.svelte';
import type { ViewState } from './view-state.svelte';

const SAMPLE_NAME = 'backprop-ninja.ipynb';

/** A notebook to open: run as it is, or as an exercise (the notebook on screen, else the sample with its answers blank). */
export type OpenRequest = { mode: 'run'; source: NotebookSource | 'sample' } | { mode: 'exercise' };

/** What the notebook asks of the built-in lecture when it gives the screen back. */
export interface LectureHandle {
  /** Shows the lecture's run as it was (or runs it, when it never finished). */
  resume(): void;
  /** Runs the lecture again if a notebook that failed to open had cancelled its first run. */
  retryIfCancelled(): void;
}

export class NotebookSession {
  /** The notebook on screen; null while the built-in lecture is. */
  current = $state.raw<NotebookResult | null>(null);
  /** A notebook being opened: its name and where Python is (loading Pyodide, or running cell k of n). */
  opening = $state<{ name: string; stage: PythonStage } | null>(null);
  /** The running cell's loop: how far it is (a `for` over `range(N)` at top level, or tqdm's). */
  loop = $state<{ done: number; total: number; label: string } | null>(null);
  /** Exercise mode: the learner's backward cells in the editor and their checks (null: not exercising). */
  exercise = $state.raw<ExerciseState | null>(null);
  /** The notebook's file and the learner's unsaved edits to it (File → Save). */
  readonly file: NotebookFileState;
  /** Exercise 4's "Train with my backward pass" panel over the graph; it trains in the Python worker. */
  readonly exerciseTrain = new ExerciseTrainState({
    python: () => this.pythonClient(),
    notebook: () => (this.current && this.source ? { key: this.current, source: this.source } : null),
  });
  /** What the notebook on screen was opened from, for the worker to start an exercise session on it again. */
  private source: NotebookSource | 'sample' | null = null;
  /** Started on the first notebook opened, so the lecture never waits for Python. */
  private python: PythonClient | null = null;
  /**
   * The last file whose run finished without an error, as last shown, with the Python session that holds it:
   * opening the same bytes again while that session lives shows this run again instead of running it again.
   */
  private finished: { source: NotebookSource; result: NotebookResult; session: number } | null = null;
  private showQueued = false;
  /** When the notebook run in flight started running its cells (its time, should Stop end its Python). */
  private runStarted = 0;

  constructor(
    private readonly api: StudioApi,
    private readonly screen: Screen,
    private readonly view: ViewState,
    private readonly lecture: LectureHandle,
  ) {
    this.file = new NotebookFileState(api, (m) => view.showToast(m));
  }

  private pythonClient(): PythonClient {
    return (this.python ??= new PythonClient());
  }

  /**
   * Opens a notebook in a fresh Python. To run it (a file's bytes, or the bundled sample): its cells show at
   * once and fill in as they run; its graph, player, inspector and cmp table replace what was on screen as soon
   * as its first backward() has run, while later cells go on. As an exercise: the notebook on screen with its
   * own backward cells, or (on the lecture and the sample) the sample with the exercise cells' gradient lines
   * blank; the editor opens on the first exercise cell and each edit is checked in the worker
   * (exercise/exercise-state.svelte.ts). A file that is not a notebook leaves the screen as it was.
   */
  async open(request: OpenRequest): Promise<void> {
    if (!(await this.file.confirmLeave())) return;
    const kept = request.mode === 'run' && request.source !== 'sample' ? this.keptRun(request.source) : null;
    if (kept) return this.showAgain(kept.result, kept.source);
    const live = this.screen.claim();
    const exerciseOn = request.mode === 'exercise' ? this.exerciseSource() : null;
    const source = request.mode === 'run' ? request.source : (exerciseOn?.own ?? 'sample');
    const name = source === 'sample' ? SAMPLE_NAME : source.name;
    this.opening = { name, stage: { stage: 'loading' } };
    this.loop = null;
    if (request.mode === 'run') {
      this.exerciseTrain.reset();
      performance.mark('notebook:open-start');
    }
    try {
      const python = this.pythonClient();
      const onStage = (stage: PythonStage) => {
        if (!live()) return;
        this.opening = { name, stage };
        this.loop = null;
        if (request.mode === 'run' && stage.stage === 'running') this.changeRun((run) => cellStarted(run, stage.index));
      };
      if (request.mode === 'run') {
        const result = await python.run(source, onStage, (event) => live() && this.streamed(event, source));
        if (!live()) return;
        // The streamed graph stays the one on screen (a new object would be laid out again).
        const graph = this.current?.run.graph;
        if (graph && result.run.graph && graph.output === result.run.graph.output) result.run.graph = graph;
        this.put(result, source);
        this.showRun(result);
        performance.mark('notebook:run-end', { detail: { loadMs: result.loadMs, runMs: result.runMs } });
        const { run } = result;
        this.finished = source !== 'sample' && !run.error ? { source, result, session: python.session } : null;
        this.sayRunError(run);
      } else {
        // The notebook on screen, unchanged since it ran: its session already is an exercise, so nothing runs again.
        const here = exerciseOn?.unchanged ? python.exerciseHere() : null;
        const started = await (here ?? python.startExercise(source, exerciseOn === null, onStage));
        if (!live()) return;
        // Started on the run on screen: its times are that run's (nothing ran for the exercise).
        const ran = here ? this.current : null;
        const result = ran ? { ...started, loadMs: ran.loadMs, runMs: ran.runMs } : started;
        this.exerciseTrain.reset();
        this.put(result, source);
        // Exercise 4 trains on this same session in the worker (the notebook on screen is its key).
        this.exerciseTrain.adopt(result, result.cells);
        this.beginExercise(result, name);
      }
    } catch (e) {
      if (!live()) return;
      const running = this.opening?.stage.stage === 'running' ? this.opening.stage.index : null;
      this.opening = null;
      this.loop = null;
      if (request.mode === 'run' && e instanceof StoppedError && this.current) {
        // What ran stays on screen; the cell that was running is marked stopped, with how long it ran.
        this.changeRun((run) => endedAt(run, running));
        this.current = { ...this.current, runMs: performance.now() - this.runStarted };
        this.screen.status = 'ready';
        this.view.showToast(
          e.fatal
            ? `Python failed (${e.message}) and was restarted: open the notebook again to run it`
            : `Stopped in ${cellText(this.current.run.cells, running ?? 0)}: Python could not be interrupted there, so it was restarted`,
        );
        return;
      }
      // The notebook reader's messages already start with the file's name.
      const message = e instanceof Error ? e.message : String(e);
      const doing = request.mode === 'run' ? 'open' : 'start the exercise on';
      this.view.showToast(message.startsWith(`${name}:`) ? message : `Could not ${doing} ${name}: ${message}`);
      // Opening cancelled a lecture run still in flight (the first one, at start): run it again.
      if (!this.current) this.lecture.retryIfCancelled();
    }
  }

  /** The finished run of `source`'s very bytes (and files it reads) whose Python session still lives, if any. */
  private keptRun(source: NotebookSource): { source: NotebookSource; result: NotebookResult } | null {
    const f = this.finished;
    if (!f || !this.python || this.python.busy || this.python.session !== f.session) return null;
    const a = f.source;
    const same =
      a.name === source.name &&
      a.path === source.path &&
      sameBytes(a.bytes, source.bytes) &&
      sameFiles(a.files, source.files);
    return same ? f : null;
  }

  /** Reopening an unchanged notebook: its run as it was last shown, in the session that ran it; nothing runs. */
  private showAgain(result: NotebookResult, source: NotebookSource): void {
    this.screen.claim();
    this.exerciseTrain.reset();
    this.put(result, source);
    this.showRun(result);
    this.view.showToast(
      `${result.name} is unchanged since it ran: its run is shown again (Shift+Enter re-runs a cell)`,
    );
  }

  /** A notebook's finished run on screen: its graph, player, inspector and cmp table, or why there are none. */
  private showRun({ run, name }: NotebookResult): void {
    if (run.graph) this.screen.show(notebookRun({ ...run, graph: run.graph }, name), false);
    else
      this.screen.clear(
        'This notebook recorded no graph: no backward() ran, and no scalar that requires grad was computed',
      );
    this.screen.status = 'ready';
  }

  /** What an exercise starts from: the learner's file on screen as last saved, and whether it ran unchanged. */
  private exerciseSource(): { own: NotebookSource; unchanged: boolean } | null {
    const opened = this.current && this.source !== 'sample' ? this.source : null;
    if (!opened) return null;
    // A save writes the edits into the file's bytes.
    const own = { ...opened, bytes: this.file.file?.bytes ?? opened.bytes };
    return { own, unchanged: sameBytes(own.bytes, opened.bytes) };
  }

  /** The editor on the exercise's cells, once its notebook is on screen. */
  private beginExercise(result: NotebookResult & { cells: ExerciseState['cells'] }, name: string): void {
    const { run } = result;
    if (!run.graph || result.cells.length === 0) {
      this.view.showToast(
        run.graph
          ? `${name} has no backward cell to write: no cell checks a gradient with cmp`
          : `${name} recorded no graph, so there is nothing to backpropagate`,
      );
      if (run.graph) this.screen.show(notebookRun({ ...run, graph: run.graph }, name), false);
      return;
    }
    const exercise = new ExerciseState(result.cells, this.pythonClient(), {
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
    this.view.sideTab = 'step';
    this.showExercise();
    this.screen.status = 'ready';
    this.sayRunError(run);
  }

  /** One event of the notebook run in flight: the notebook on screen follows it. */
  private streamed(event: RunEvent, source: NotebookSource | 'sample'): void {
    if (event.kind === 'start') {
      this.endExercise();
      // A toast about the notebook before (stopped in its cell 22) would read as said of this one.
      this.view.toast = null;
      this.runStarted = performance.now();
      this.put({ run: event.run, name: event.name, firstLines: event.firstLines, loadMs: 0, runMs: 0 }, source, false);
      this.view.sideTab = 'forward';
      // Never another run's graph under this notebook's name: none until its first backward().
      this.screen.clear("No graph yet: it appears as soon as the notebook's first backward() has run");
      return;
    }
    if (event.kind === 'loop') {
      this.loop = { done: event.done, total: event.total, label: event.label };
      return;
    }
    this.changeRun((run) => applyRunEvent(run, event));
    const nb = this.current;
    if (!nb?.run.graph) return;
    if (event.kind === 'graph') this.screen.show(notebookRun({ ...nb.run, graph: nb.run.graph }, nb.name), false);
    // A check colours the cmp table and the player's steps; several in one frame are shown once.
    else if (event.kind === 'check') this.showSoon();
  }

  /** Re-shows the streamed notebook run on the next frame (checks arrive in bursts). */
  private showSoon(): void {
    if (this.showQueued) return;
    this.showQueued = true;
    requestAnimationFrame(() => {
      this.showQueued = false;
      const nb = this.current;
      if (nb?.run.graph && this.opening)
        this.screen.show(notebookRun({ ...nb.run, graph: nb.run.graph }, nb.name), false);
    });
  }

  private changeRun(change: (run: NotebookRun) => NotebookRun): void {
    if (this.current) this.current = { ...this.current, run: change(this.current.run) };
  }

  /**
   * Runs code cells of the notebook on screen again in its Python session: one cell (Shift+Enter in the
   * Notebook tab), or every code cell up to it (`upTo`: run to here). Not while something runs, nor in exercise
   * mode (whose cells the editor checks).
   */
  async runCells(index: number, upTo = false): Promise<void> {
    const nb = this.current;
    if (!nb || !this.python || this.python.busy || this.opening || this.exercise) return;
    const cells = nb.run.cells.filter((c) => c.kind === 'code' && (upTo ? c.index <= index : c.index === index));
    const live = this.screen.holder();
    const cell = cells.at(-1)?.index ?? index;
    this.opening = { name: nb.name, stage: runningStage(nb.run.cells, cell) };
    try {
      const run = await this.python.runCells(cells.map((c) => c.index));
      if (!live() || this.current !== nb) return;
      const graph = nb.run.graph;
      if (graph && run.graph && graph.output === run.graph.output) run.graph = graph;
      this.current = { ...nb, run };
      // Reopening the file shows the cells as they last ran (and runs it again once a cell failed or stopped).
      if (this.finished?.result === nb) this.finished = run.error ? null : { ...this.finished, result: this.current };
      if (run.graph) this.screen.show(notebookRun({ ...run, graph: run.graph }, nb.name), false);
      this.sayRunError(run);
    } catch (e) {
      if (!live()) return;
      if (e instanceof StoppedError) this.changeRun((run) => endedAt(run, cell));
      this.view.showToast(
        `Could not run ${cellText(nb.run.cells, cell)}: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      if (live()) this.opening = null;
    }
  }

  /**
   * Jupyter's Interrupt (the bar's Stop, Escape, the menu): KeyboardInterrupt in the running cell; where Python
   * cannot be interrupted it is ended and restarts (open then marks the stopped cell).
   */
  async stopRun(): Promise<void> {
    if (!this.python?.busy) return;
    await this.python.stop();
  }

  /** A notebook that stopped at an exception: where, and that the cells after it did not run. */
  private sayRunError(run: NotebookRun): void {
    if (run.error?.type === 'KeyboardInterrupt')
      this.view.showToast(
        `Stopped in ${cellText(run.cells, run.error.cell)}: what ran is kept, later cells did not run`,
      );
    else if (run.error)
      this.view.showToast(`${run.error.type} in ${placeText(run, run.error)}: later cells did not run`);
  }

  /**
   * A notebook's run on screen (ending any exercise and the opening), and its file behind File → Save (the
   * sample's cells as they ran).
   */
  private put(result: NotebookResult, source: NotebookSource | 'sample', done = true): void {
    this.endExercise();
    this.current = result;
    this.source = source;
    if (done) {
      this.opening = null;
      this.loop = null;
    }
    if (source === 'sample') {
      const cells: string[] = [];
      for (const c of result.run.cells) cells[c.index] = c.source;
      this.file.open({ name: result.name, bytes: new Uint8Array(), sample: true }, cells);
    } else this.file.open({ name: source.name, path: source.path, bytes: source.bytes, sample: false });
    this.view.view = 'graph';
    this.view.selected = null;
  }

  /** The exercise's run with the editor's cell as last checked: the player, step panel and cmp table follow it. */
  showExercise(): void {
    const ex = this.exercise;
    const graph = this.current?.run.graph;
    if (!ex || !this.current || !graph) return;
    const checked = ex.checked[ex.activeCell.cell] ?? null;
    const run = exerciseRun(
      { ...this.current.run, graph },
      this.current.name,
      checked?.check ?? null,
      checked?.text ?? '',
    );
    this.screen.show(run, false);
  }

  /** Shows another exercise cell in the editor. */
  chooseExerciseCell(index: number): void {
    if (!this.exercise || index === this.exercise.active) return;
    this.exercise.active = index;
    this.showExercise();
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
  async pick(): Promise<void> {
    // Python starts loading while the dialog is open: choosing a file takes a person a few seconds too.
    this.pythonClient().warm();
    if (!(await this.file.confirmLeave())) return;
    if (!this.api.openNotebook) {
      this.view.chooseFile?.();
      return;
    }
    try {
      const source = await this.api.openNotebook({});
      if (source) await this.open({ mode: 'run', source });
    } catch (e) {
      this.view.showToast(`Could not open the notebook: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Drops the notebook from screen (its cells and figures tabs with it); says whether one was there. */
  leave(): boolean {
    this.opening = null;
    this.loop = null;
    if (!this.current) return false;
    this.endExercise();
    this.exerciseTrain.reset();
    this.current = null;
    this.source = null;
    this.file.close();
    this.view.selected = null;
    if (this.view.sideTab === 'figures') this.view.sideTab = 'forward';
    return true;
  }

  /** Leaves the notebook for the built-in lecture, as it was (the lecture's config bar comes back). */
  async backToLecture(): Promise<void> {
    if (!(await this.file.confirmLeave())) return;
    this.screen.claim();
    // The lecture does not wait on a notebook still running: its Python is stopped.
    void this.stopRun();
    this.leave();
    this.lecture.resume();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

/** Whether the files a notebook reads (names.txt) were read the same both times. */
function sameFiles(a: NotebookSource['files'], b: NotebookSource['files']): boolean {
  if (a === null || b === null) return a === b;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    const x = a[k];
    const y = b[k];
    if (x instanceof Uint8Array || y instanceof Uint8Array)
      return x instanceof Uint8Array && y instanceof Uint8Array && sameBytes(x, y);
    return x === null || y === null ? x === y : k in b && x.refused === y.refused;
  });
}
