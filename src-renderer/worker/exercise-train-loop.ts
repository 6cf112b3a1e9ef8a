/**
 * Exercise 4 in the Python worker: runs a Trainer in chunks of about CHUNK_MS, posts train-progress after
 * each, and yields to the worker's event loop between chunks so a train-cancel is seen. Whatever ends it
 * (the last step, a cancel, a Python error, a setup problem), the parameters are put back and train-done says how.
 */
import { TrainSetupError, type Trainer } from '../../core/notebook/exercise-train';
import { nextChunk } from '../exercise-train/chunking';
import type { PythonEvent, PythonRequest } from './python-protocol';

type TrainStart = Extract<PythonRequest, { type: 'train-start' }>;
type TrainEvent = Extract<PythonEvent, { type: 'train-progress' | 'train-done' }>;

export interface TrainLoopIO {
  post(event: TrainEvent): void;
  /** A train-cancel for this training has arrived. */
  cancelled(): boolean;
  yieldToMessages(): Promise<void>;
  now(): number;
}

export async function trainLoop(begin: () => Trainer, r: TrainStart, io: TrainLoopIO): Promise<void> {
  const { id, steps } = r;
  let trainer: Trainer;
  try {
    trainer = begin();
  } catch (e) {
    const error = e instanceof TrainSetupError ? e.message : `training could not start: ${errorText(e)}`;
    return io.post({ id, type: 'train-done', done: 0, cancelled: false, error });
  }
  let size = 1;
  let error: string | null = null;
  try {
    while (trainer.done < steps && !io.cancelled()) {
      const t0 = io.now();
      const before = trainer.done;
      const chunk = trainer.run(Math.min(size, steps - before));
      const ran = trainer.done - before;
      io.post({ id, type: 'train-progress', done: trainer.done, steps, losses: chunk.losses, check: chunk.check });
      if (chunk.error) {
        error = chunk.error;
        break;
      }
      if (ran === 0) {
        error = 'a training step ran no step';
        break;
      }
      size = nextChunk({ steps: ran, ms: io.now() - t0, size }, steps - trainer.done);
      await io.yieldToMessages();
    }
  } catch (e) {
    error = `training stopped: ${errorText(e)}`;
  } finally {
    trainer.finish();
  }
  const cancelled = error === null && trainer.done < steps;
  io.post({ id, type: 'train-done', done: trainer.done, cancelled, error });
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
