/** The backprop player's clock (src-renderer/player/pacing.ts). */
import { describe, expect, it } from 'vitest';
import {
  ARRIVE_MS,
  DWELL_MS,
  nextSpeed,
  SPEEDS,
  STILL_STEP_MS,
  timingOf,
  TRAVEL_MS,
} from '../../../src-renderer/player/pacing';

describe('constants', () => {
  it('the speed ladder is strictly increasing and includes 1×', () => {
    expect(SPEEDS).toContain(1);
    for (let i = 1; i < SPEEDS.length; i++) expect(SPEEDS[i]).toBeGreaterThan(SPEEDS[i - 1]);
    expect(SPEEDS[0]).toBeGreaterThan(0);
  });

  it('all durations are positive', () => {
    for (const ms of [TRAVEL_MS, ARRIVE_MS, DWELL_MS, STILL_STEP_MS]) expect(ms).toBeGreaterThan(0);
  });
});

describe('timingOf', () => {
  it('two contributions at 1×: one after another, each with its travel and arrival pause', () => {
    const t = timingOf(2, 1, false);
    expect(t.starts).toEqual([0, TRAVEL_MS + ARRIVE_MS]);
    expect(t.arrivals).toEqual([TRAVEL_MS, 2 * TRAVEL_MS + ARRIVE_MS]);
    expect(t.complete).toBe(2 * TRAVEL_MS + ARRIVE_MS);
    expect(t.total).toBe(2 * TRAVEL_MS + 2 * ARRIVE_MS + DWELL_MS);
  });

  it.each([1, 2, 3, 5])(
    '%i contribution(s): arrivals strictly increase, complete is the last, total comes after',
    (n) => {
      const t = timingOf(n, 1, false);
      expect(t.starts).toHaveLength(n);
      expect(t.arrivals).toHaveLength(n);
      for (let i = 1; i < n; i++) expect(t.arrivals[i]).toBeGreaterThan(t.arrivals[i - 1]);
      for (let i = 0; i < n; i++) {
        expect(t.arrivals[i]).toBeGreaterThan(t.starts[i]);
        if (i + 1 < n) expect(t.starts[i + 1]).toBeGreaterThanOrEqual(t.arrivals[i]);
      }
      expect(t.starts[0]).toBe(0);
      expect(t.complete).toBe(t.arrivals.at(-1));
      expect(t.total).toBeGreaterThan(t.complete);
    },
  );

  it.each([0.25, 0.5, 2, 4])('speed %f scales every time by 1/speed', (speed) => {
    const base = timingOf(3, 1, false);
    const t = timingOf(3, speed, false);
    t.starts.forEach((s, i) => expect(s).toBeCloseTo(base.starts[i] / speed, 9));
    t.arrivals.forEach((a, i) => expect(a).toBeCloseTo(base.arrivals[i] / speed, 9));
    expect(t.complete).toBeCloseTo(base.complete / speed, 9);
    expect(t.total).toBeCloseTo(base.total / speed, 9);
  });

  it('speed 2 halves every time', () => {
    const one = timingOf(2, 1, false);
    const two = timingOf(2, 2, false);
    expect(two.starts).toEqual(one.starts.map((x) => x / 2));
    expect(two.arrivals).toEqual(one.arrivals.map((x) => x / 2));
    expect(two.complete).toBe(one.complete / 2);
    expect(two.total).toBe(one.total / 2);
  });

  it('reduced motion: nothing travels, and the step rests STILL_STEP_MS / speed', () => {
    for (const speed of SPEEDS) {
      const t = timingOf(3, speed, true);
      expect(t.starts).toEqual([0, 0, 0]);
      expect(t.arrivals).toEqual([0, 0, 0]);
      expect(t.complete).toBe(0);
      expect(t.total).toBe(STILL_STEP_MS / speed);
    }
    expect(timingOf(0, 1, true)).toEqual({ starts: [], arrivals: [], complete: 0, total: STILL_STEP_MS });
  });

  it('zero contributions (the seed step): no arrivals, complete at 0, only the dwell', () => {
    expect(timingOf(0, 1, false)).toEqual({ starts: [], arrivals: [], complete: 0, total: DWELL_MS });
    expect(timingOf(0, 2, false).total).toBe(DWELL_MS / 2);
  });
});

describe('nextSpeed', () => {
  it('walks up the ladder one rung at a time and stops at the top', () => {
    let speed: number = SPEEDS[0];
    const seen = [speed];
    for (let i = 0; i < SPEEDS.length + 2; i++) seen.push((speed = nextSpeed(speed, 1)));
    expect(seen.slice(0, SPEEDS.length)).toEqual([...SPEEDS]);
    expect(seen.slice(SPEEDS.length)).toEqual(Array(3).fill(SPEEDS.at(-1)));
  });

  it('walks down the ladder one rung at a time and stops at the bottom', () => {
    let speed: number = SPEEDS.at(-1)!;
    const seen = [speed];
    for (let i = 0; i < SPEEDS.length + 2; i++) seen.push((speed = nextSpeed(speed, -1)));
    expect(seen.slice(0, SPEEDS.length)).toEqual([...SPEEDS].reverse());
    expect(seen.slice(SPEEDS.length)).toEqual(Array(3).fill(SPEEDS[0]));
  });

  it('named cases', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(1, -1)).toBe(0.5);
    expect(nextSpeed(4, 1)).toBe(4);
    expect(nextSpeed(0.25, -1)).toBe(0.25);
    expect(nextSpeed(0.5, 1)).toBe(1);
    expect(nextSpeed(2, -1)).toBe(1);
    // Off the ladder: the nearest rung in that direction, not one past it.
    expect(nextSpeed(1.5, 1)).toBe(2);
    expect(nextSpeed(1.5, -1)).toBe(1);
    expect(nextSpeed(10, -1)).toBe(4);
    expect(nextSpeed(0.1, 1)).toBe(0.25);
  });

  it('a speed off the ladder lands back on it, clamped', () => {
    expect(SPEEDS).toContain(nextSpeed(100, 1));
    expect(nextSpeed(100, 1)).toBe(4);
    expect(nextSpeed(100, -1)).toBe(4);
    expect(nextSpeed(0.01, -1)).toBe(0.25);
  });
});
