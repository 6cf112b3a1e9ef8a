/**
 * The player's state machine with fake timers: stepping, playing through to the end, pausing, arrivals of
 * each contribution, reduced motion, and keeping or restarting the position when a new run arrives.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildSchedule } from '../../../core/mlp/lecture-schedule';
import { loadNames } from '../../../cli/load-names';
import { DEFAULT_CONFIG, type MlpConfig } from '../../../core/mlp/config';
import { runLecture } from '../../../core/mlp/run';
import { timingOf } from '../../../src-renderer/player/pacing';
import { PlayerState } from '../../../src-renderer/player/player-state.svelte';

const words = loadNames();
const schedule = (config: Partial<MlpConfig> = {}) =>
  buildSchedule(runLecture({ ...DEFAULT_CONFIG, ...config }, words));
const atomic = schedule();
const counts = atomic.steps.findIndex((s) => s.target === 'counts');

describe('PlayerState', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function fresh(): PlayerState {
    const p = new PlayerState();
    p.reducedMotion = false;
    p.setSchedule(atomic);
    return p;
  }

  it('steps forward and back within the schedule', () => {
    const p = fresh();
    expect(p.current).toBe(-1);
    expect(p.frame?.step).toBeNull();
    p.prev();
    expect(p.current).toBe(-1);
    p.next();
    expect(p.current).toBe(0);
    expect(p.frame?.step?.target).toBe('loss');
    p.end();
    expect(p.current).toBe(atomic.steps.length - 1);
    expect(p.atEnd).toBe(true);
    p.next();
    expect(p.current).toBe(atomic.steps.length - 1);
    p.jump(counts);
    expect(p.frame?.step?.target).toBe('counts');
    expect(p.animated).toBe(false);
    expect(p.arrived).toBe(2);
    p.restart();
    expect(p.current).toBe(-1);
  });

  it('a forward step lets each contribution arrive in turn', () => {
    const p = fresh();
    p.jump(counts - 1);
    p.next();
    expect(p.animated).toBe(true);
    expect(p.arrived).toBe(0);
    const t = timingOf(2, 1, false);
    vi.advanceTimersByTime(t.arrivals[0]);
    expect(p.arrived).toBe(1);
    vi.advanceTimersByTime(t.arrivals[1] - t.arrivals[0]);
    expect(p.arrived).toBe(2);
  });

  it('with reduced motion a step arrives at once', () => {
    const p = fresh();
    p.reducedMotion = true;
    p.jump(counts - 1);
    p.next();
    expect(p.animated).toBe(false);
    expect(p.arrived).toBe(2);
  });

  it('plays to the leaves and stops; pause holds the step; faster plays faster', () => {
    const p = fresh();
    p.play();
    expect(p.playing).toBe(true);
    expect(p.current).toBe(0);
    vi.advanceTimersByTime(timingOf(0, 1, false).total);
    expect(p.current).toBe(1);
    p.pause();
    vi.advanceTimersByTime(60_000);
    expect(p.current).toBe(1);
    p.faster();
    p.faster();
    expect(p.speed).toBe(4);
    p.play();
    vi.advanceTimersByTime(10 * 60_000);
    expect(p.current).toBe(atomic.steps.length - 1);
    expect(p.playing).toBe(false);
    // Play at the end starts over from loss.
    p.play();
    expect(p.current).toBe(0);
  });

  it('keeps the step over a new seed, restarts (and says so) when the variant changes the steps', () => {
    const p = fresh();
    p.jump(counts);
    expect(p.setSchedule(schedule({ seed: 42 }))).toEqual({ restarted: false });
    expect(p.frame?.step?.target).toBe('counts');
    expect(p.setSchedule(schedule({ variant: 'fused-ce' }))).toEqual({ restarted: true });
    expect(p.current).toBe(-1);
    p.fail('no schedule');
    expect(p.error).toBe('no schedule');
    expect(p.count).toBe(0);
    p.next();
    expect(p.current).toBe(-1);
  });
});
