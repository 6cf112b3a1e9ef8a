/**
 * The Python worker's exercise-4 loop over a fake Trainer (steps of a given cost on a fake clock): progress
 * after every chunk with the chunk's losses, a cancel seen between chunks, and the parameters always put back.
 */
import { describe, expect, it } from 'vitest';
import { TrainSetupError, type TrainChunk, type Trainer } from '../../../core/notebook/exercise-train';
import { trainLoop, type TrainLoopIO } from '../../../src-renderer/worker/exercise-train-loop';
import type { PythonEvent } from '../../../src-renderer/worker/python-protocol';

function fakeTrainer(o: { msPerStep: number; checkEvery: number; clock: { t: number }; failAt?: number }) {
  let done = 0;
  const calls: number[] = [];
  const trainer: Trainer & { finished: number; calls: number[] } = {
    finished: 0,
    calls,
    get done() {
      return done;
    },
    run(count: number): TrainChunk {
      calls.push(count);
      const n = Math.min(count, o.checkEvery - (done % o.checkEvery));
      const losses: number[] = [];
      for (let i = 0; i < n; i++) {
        if (o.failAt !== undefined && done + 1 === o.failAt) {
          // The trainer words its place (core/notebook/coords.ts): the sample's exercise cell is In [9].
          const error = "NameError in cell 9, line 4: name 'dW9' is not defined";
          return { losses, check: null, error };
        }
        done++;
        o.clock.t += o.msPerStep;
        losses.push(3 - done / 100);
      }
      const check = done % o.checkEvery === 0 ? { step: done, rows: [] } : null;
      return { losses, check, error: null };
    },
    finish() {
      trainer.finished++;
    },
  };
  return trainer;
}

function io(clock: { t: number }, cancelAfter = Infinity) {
  const events: PythonEvent[] = [];
  let yields = 0;
  const loop: TrainLoopIO = {
    post: (e) => events.push(e),
    cancelled: () => yields >= cancelAfter,
    yieldToMessages: async () => {
      yields++;
    },
    now: () => clock.t,
  };
  return { loop, events, yields: () => yields };
}

const request = (steps: number, checkEvery: number) =>
  ({ id: 7, type: 'train-start', cell: 9, source: '', lr: 0.1, steps, checkEvery }) as const;

describe('the worker training loop', () => {
  it('runs every step in chunks, a progress message each with its losses and checks, then train-done', async () => {
    const clock = { t: 0 };
    const t = fakeTrainer({ msPerStep: 40, checkEvery: 20, clock });
    const { loop, events, yields } = io(clock);
    await trainLoop(() => t, request(60, 20), loop);
    const progress = events.filter((e) => e.type === 'train-progress');
    const done = events.at(-1);
    expect(done).toEqual({ id: 7, type: 'train-done', done: 60, cancelled: false, error: null });
    expect(progress.flatMap((p) => p.losses)).toHaveLength(60);
    expect(progress.at(-1)!.done).toBe(60);
    expect(progress.every((p) => p.steps === 60 && p.id === 7)).toBe(true);
    expect(progress.flatMap((p) => (p.check ? [p.check.step] : []))).toEqual([20, 40, 60]);
    // Chunks grow from 1 step to about CHUNK_MS of work (150 ms at 40 ms a step), never more than asked.
    expect(t.calls.slice(0, 3)).toEqual([1, 2, 4]);
    expect(Math.max(...t.calls)).toBe(4);
    expect(yields()).toBe(progress.length);
    expect(t.finished).toBe(1);
  });

  it('stops at a cancel seen between chunks and puts the parameters back', async () => {
    const clock = { t: 0 };
    const t = fakeTrainer({ msPerStep: 30, checkEvery: 100, clock });
    const { loop, events } = io(clock, 3);
    await trainLoop(() => t, request(1000, 100), loop);
    const done = events.at(-1) as Extract<PythonEvent, { type: 'train-done' }>;
    expect(done.cancelled).toBe(true);
    expect(done.error).toBeNull();
    expect(done.done).toBe(1 + 2 + 4);
    expect(events.filter((e) => e.type === 'train-progress')).toHaveLength(3);
    expect(t.finished).toBe(1);
  });

  it('ends on a Python error with its place, after posting the steps that ran', async () => {
    const clock = { t: 0 };
    const t = fakeTrainer({ msPerStep: 30, checkEvery: 100, clock, failAt: 5 });
    const { loop, events } = io(clock);
    await trainLoop(() => t, request(100, 100), loop);
    expect(events.at(-1)).toEqual({
      id: 7,
      type: 'train-done',
      done: 4,
      cancelled: false,
      error: "NameError in cell 9, line 4: name 'dW9' is not defined",
    });
    expect(t.finished).toBe(1);
  });

  it('says a setup problem in the learner terms, and anything else as a failure to start', async () => {
    const { loop, events } = io({ t: 0 });
    await trainLoop(
      () => {
        throw new TrainSetupError('your backward cell has no gradient for C: write dC before training with it');
      },
      request(100, 10),
      loop,
    );
    await trainLoop(
      () => {
        throw new Error('no exercise session');
      },
      request(100, 10),
      loop,
    );
    expect(events.map((e) => (e.type === 'train-done' ? e.error : e.type))).toEqual([
      'your backward cell has no gradient for C: write dC before training with it',
      'training could not start: no exercise session',
    ]);
  });

  it('puts the parameters back when a step throws', async () => {
    const t = fakeTrainer({ msPerStep: 1, checkEvery: 10, clock: { t: 0 } });
    t.run = () => {
      throw new Error('out of memory');
    };
    const { loop, events } = io({ t: 0 });
    await trainLoop(() => t, request(10, 10), loop);
    expect(t.finished).toBe(1);
    expect(events.at(-1)).toMatchObject({ type: 'train-done', error: 'training stopped: out of memory' });
  });
});
