/**
 * Exercise mode's state: the cells the learner writes gradients in, what each holds now, and the latest
 * check of each. An edit is checked in the Python worker after a short pause (the worker drops a queued
 * check when a newer one of the same cell arrives); only a check of the text still in the editor is shown.
 */
import type { BackwardCheck, ExerciseCell } from '../../core/notebook/exercise-types';
import type { PythonClient } from '../worker/python-client';

/** How long typing pauses before a check is sent: short enough to feel live, long enough to skip mid-word text. */
const CHECK_DEBOUNCE_MS = 60;

export interface CheckedText {
  /** The source the check ran on. */
  text: string;
  check: BackwardCheck;
}

export class ExerciseState {
  /** Which of `cells` the editor shows. */
  active = $state(0);
  /** Each exercise cell's source now, by notebook cell index. */
  sources = $state<Record<number, string>>({});
  /** The latest check of each cell, with the text it ran on. */
  checked = $state.raw<Record<number, CheckedText>>({});
  /** Cells with a check waiting or running. */
  inFlight = $state<Record<number, boolean>>({});
  /** Why the last check could not run (not a Python error: those are in the check). */
  failure = $state<string | null>(null);

  private timers = new Map<number, ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(
    readonly cells: readonly ExerciseCell[],
    private readonly python: PythonClient,
    private readonly hooks: {
      /** A check of the text on screen landed. */
      onChecked(cell: number): void;
      /** The learner changed a cell's source (saving reads it from here). */
      onEdit(cell: number, source: string): void;
    },
  ) {
    for (const c of cells) this.sources[c.cell] = c.source;
    for (const c of cells) this.checkNow(c.cell);
  }

  get activeCell(): ExerciseCell {
    return this.cells[this.active];
  }

  /** The learner's text, checked once typing pauses. */
  edit(cell: number, source: string): void {
    if (this.sources[cell] === source) return;
    this.sources[cell] = source;
    this.hooks.onEdit(cell, source);
    this.inFlight[cell] = true;
    clearTimeout(this.timers.get(cell));
    this.timers.set(
      cell,
      setTimeout(() => this.checkNow(cell), CHECK_DEBOUNCE_MS),
    );
  }

  checkNow(cell: number): void {
    this.timers.delete(cell);
    const text = this.sources[cell];
    this.inFlight[cell] = true;
    this.python.check(cell, text).then(
      (check) => {
        // Superseded (null) or stale: a newer check of this cell is on its way.
        if (this.closed || !check || this.sources[cell] !== text) return;
        this.failure = null;
        this.checked = { ...this.checked, [cell]: { text, check } };
        this.inFlight[cell] = false;
        this.hooks.onChecked(cell);
      },
      (e: unknown) => {
        if (this.closed || this.sources[cell] !== text) return;
        this.inFlight[cell] = false;
        this.failure = e instanceof Error ? e.message : String(e);
      },
    );
  }

  /** The exercise left the screen: late answers are dropped. */
  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
