/**
 * The backprop player: where it stands in the backward schedule, whether it plays, how fast, and which of
 * the current step's contributions have arrived. The graph, the step panel, the timeline and the cmp table
 * all read this one object; the keyboard, the bar and the table call its methods.
 */
import type { BackwardSchedule } from '../../core/backprop/types';
import { BEFORE_START, carryPosition, clampStep, frameAt, type Frame } from '../../src-common/view/timeline';
import { nextSpeed, timingOf, type Timing } from './pacing';

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

export class PlayerState {
  schedule = $state.raw<BackwardSchedule | null>(null);
  /** The step on screen: BEFORE_START (-1) before backprop starts, then 0 (`dloss = 1.0`) … steps.length - 1. */
  current = $state(BEFORE_START);
  playing = $state(false);
  speed = $state(1);
  reducedMotion = $state(false);
  /** Keep the current step centred in the graph. */
  follow = $state(true);
  /** How many of the current step's contributions have reached the target. */
  arrived = $state(0);
  /** True when the step was reached by moving forward one step, so its gradient travels; false after a jump. */
  animated = $state(false);
  /**
   * The current step's clock, fixed when the step starts: the timers here and the animation in the graph
   * both follow it, so a speed change mid-step takes effect from the next step for both.
   */
  timing = $state.raw<Timing>(timingOf(0, 1, true));
  /** Bumped on every step change, so the animation restarts even on the same index. */
  epoch = $state(0);
  /** Why there is no schedule (the core could not build one for this run). */
  error = $state<string | null>(null);

  readonly frame: Frame | null = $derived(this.schedule ? frameAt(this.schedule, this.current) : null);
  readonly count = $derived(this.schedule?.steps.length ?? 0);
  readonly atEnd = $derived(this.count > 0 && this.current === this.count - 1);

  private timers: ReturnType<typeof setTimeout>[] = [];

  constructor() {
    const query = globalThis.matchMedia?.(REDUCED_MOTION);
    if (query) {
      this.reducedMotion = query.matches;
      query.addEventListener?.('change', (e) => (this.reducedMotion = e.matches));
    }
  }

  /** A new run's schedule: keep the position where the steps up to it are unchanged, else restart. */
  setSchedule(next: BackwardSchedule): { restarted: boolean } {
    const carried = carryPosition(this.schedule, next, this.current);
    const restarted = this.current !== BEFORE_START && carried === BEFORE_START;
    this.schedule = next;
    this.error = null;
    if (restarted) this.playing = false;
    this.show(carried, false);
    return { restarted };
  }

  fail(message: string): void {
    this.playing = false;
    this.schedule = null;
    this.error = message;
    this.show(BEFORE_START, false);
  }

  next(): void {
    if (!this.schedule || this.atEnd) {
      this.playing = false;
      return;
    }
    this.show(this.current + 1, true);
  }

  prev(): void {
    this.playing = false;
    this.show(this.current - 1, false);
  }

  restart(): void {
    this.playing = false;
    this.show(BEFORE_START, false);
  }

  end(): void {
    this.playing = false;
    this.show(this.count - 1, false);
  }

  /** Scrubbing the timeline, a cmp row, the jump menu: show that step complete, without travel. */
  jump(index: number): void {
    this.playing = false;
    this.show(index, false);
  }

  play(): void {
    if (!this.schedule || this.count === 0) return;
    this.playing = true;
    if (this.atEnd) this.show(BEFORE_START, false);
    this.next();
  }

  pause(): void {
    this.playing = false;
    this.clearTimers();
    const step = this.frame?.step;
    this.arrived = step?.contributions.length ?? 0;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
  }

  faster(): void {
    this.speed = nextSpeed(this.speed, 1);
  }

  slower(): void {
    this.speed = nextSpeed(this.speed, -1);
  }

  private show(index: number, travel: boolean): void {
    this.clearTimers();
    const at = this.schedule ? clampStep(this.schedule, index) : BEFORE_START;
    this.current = at;
    this.epoch++;
    const step = this.schedule && at >= 0 ? this.schedule.steps[at] : null;
    const n = step?.contributions.length ?? 0;
    this.animated = travel && !this.reducedMotion;
    const timing = timingOf(n, this.speed, !this.animated);
    this.timing = timing;
    this.arrived = this.animated ? 0 : n;
    if (this.animated) {
      timing.arrivals.forEach((t, i) => this.timers.push(setTimeout(() => (this.arrived = i + 1), t)));
    }
    if (this.playing) this.timers.push(setTimeout(() => this.next(), timing.total));
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }
}
