/**
 * The run on screen (the lecture's or a notebook's, state/shown-run.ts) and the backprop player over its
 * backward schedule. The lecture and a notebook take turns on it: each run claims the screen, and a run whose
 * claim is no longer the latest shows nothing when it ends.
 */
import { PlayerState } from '../player/player-state.svelte';
import type { PlayerAction } from '../player/player-keys';
import { stepOfNode } from '../../src-common/view/timeline';
import type { ShownRun } from './shown-run';
import type { ViewState } from './view-state.svelte';

export class Screen {
  /** The run on screen, as the views read it. */
  dump = $state.raw<ShownRun | null>(null);
  /** Whether the run on screen is being computed, is there, or failed (the lecture's config bar says why). */
  status = $state<'running' | 'ready' | 'failed'>('running');
  /** The backprop player over the current run's backward schedule. */
  readonly player = new PlayerState();
  private ticket = 0;

  constructor(private readonly view: ViewState) {}

  /** A new run takes the screen: the returned check says whether it still holds it. */
  claim(): () => boolean {
    const ticket = ++this.ticket;
    return () => ticket === this.ticket;
  }

  /** Whether the screen's holder is still the one now holding it (later work of the same run, claiming nothing). */
  holder(): () => boolean {
    const ticket = this.ticket;
    return () => ticket === this.ticket;
  }

  /** Puts a run on screen with its backward schedule for the player; says so when the player had to restart. */
  show(run: ShownRun, sameSource = true): void {
    const sameGraph = this.dump?.graph === run.graph;
    this.dump = run;
    // An exercise's re-check keeps its graph: a new set here would lay the graph out again on every keystroke.
    if (!sameGraph) this.view.keepExpandedIn(run.graph);
    try {
      const { restarted } = this.player.setSchedule(run.schedule());
      if (restarted && sameSource)
        this.view.showToast('The backward pass changed with the variant, so the player restarted at loss');
    } catch (e) {
      this.player.fail(`Could not build the backward schedule: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** No run on screen, and the player says why. */
  clear(why: string): void {
    this.dump = null;
    this.player.fail(why);
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
    if (before < 0 && p.current >= 0 && this.view.sideTab === 'forward') this.view.sideTab = 'step';
  }

  /** The editor's cursor reached a line that writes `target`'s gradient: the player goes to its step. */
  selectStepOf(target: string): void {
    const schedule = this.player.schedule;
    if (!schedule || this.player.frame?.step?.target === target) return;
    const i = stepOfNode(schedule, target);
    if (i !== null) this.playerDo({ jump: i });
  }
}
