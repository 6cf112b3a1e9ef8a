/**
 * Runs exercise 4's training loop off the UI thread. Steps run in chunks of about CHUNK_MS; between chunks
 * the worker yields to its event loop so pause, resume and stop arrive promptly. Progress (with the new
 * lossi values) is posted at most every POST_MS so the page redraws at a calm rate.
 */
import { validateConfig } from '../../core/config/validate-lecture';
import { runLecture } from '../../core/mlp/run';
import { validateTrainConfig } from '../../core/train/config';
import { Trainer } from '../../core/train/trainer';
import { loadWords } from './names';
import type { TrainCommand, TrainEvent } from './train-protocol';

const CHUNK_MS = 50;
const POST_MS = 100;

let words: string[] | null = null;
let trainer: Trainer | null = null;
let paused = false;
/** Bumped on every start/stop so a stale loop notices it has been replaced. */
let runId = 0;
let posted = 0;
let lastPost = 0;
let rate = 0;

const post = (event: TrainEvent, transfer: Transferable[] = []) => self.postMessage(event, { transfer });
// Yield through a MessageChannel rather than setTimeout(0), which browsers clamp to 4 ms once nested:
// the page's queued commands still run first, and the loop loses no time between chunks.
const tick = new MessageChannel();
let wake: (() => void) | null = null;
tick.port1.onmessage = () => wake?.();
const yieldToMessages = () =>
  new Promise<void>((resolve) => {
    wake = resolve;
    tick.port2.postMessage(null);
  });

function postProgress(t: Trainer): void {
  const lossi = t.lossi.slice(posted, t.step);
  post({ type: 'progress', step: t.step, steps: t.config.steps, stepsPerSec: rate, from: posted, lossi }, [
    lossi.buffer,
  ]);
  posted = t.step;
  lastPost = performance.now();
}

async function loop(id: number): Promise<void> {
  let chunk = 16;
  while (id === runId && trainer && !paused && !trainer.done) {
    const t0 = performance.now();
    const before = trainer.step;
    trainer.run(chunk);
    const ms = performance.now() - t0;
    const perSec = ((trainer.step - before) * 1000) / Math.max(ms, 0.1);
    rate = rate === 0 ? perSec : 0.8 * rate + 0.2 * perSec;
    // Aim each chunk at CHUNK_MS; grow or shrink at most 2x at a time so one slow chunk can't overshoot.
    chunk = Math.max(1, Math.round(Math.min(chunk * 2, Math.max(chunk / 2, (perSec * CHUNK_MS) / 1000))));
    if (trainer.done || performance.now() - lastPost >= POST_MS) postProgress(trainer);
    await yieldToMessages();
  }
  if (id !== runId || !trainer || !trainer.done) return;
  post({ type: 'finishing', step: trainer.step });
  const t0 = performance.now();
  const { losses, samples } = trainer.finish();
  if (id === runId) post({ type: 'done', result: { losses, samples }, ms: performance.now() - t0 });
}

function handle(command: TrainCommand): void {
  switch (command.type) {
    case 'start': {
      // The form validates too, but n_hidden 1e8 from anywhere else would hang the worker at step 0.
      const valid = validateTrainConfig(command.config);
      if (!valid.ok)
        return post({
          type: 'error',
          error: `invalid training config: ${valid.errors.map((e) => e.message).join('; ')}`,
        });
      const id = ++runId;
      trainer = null;
      paused = false;
      // The dataset arrives asynchronously (once); a stop or a newer start in between wins.
      void loadWords()
        .then((w) => {
          if (id !== runId) return;
          words = w;
          trainer = new Trainer(valid.config, w);
          posted = 0;
          rate = 0;
          lastPost = performance.now();
          return loop(id);
        })
        .catch(fail);
      break;
    }
    case 'pause':
      if (!trainer || paused || trainer.done) return;
      paused = true;
      if (trainer.step > posted) postProgress(trainer);
      post({ type: 'paused', step: trainer.step });
      break;
    case 'resume':
      if (!trainer || !paused) return;
      paused = false;
      post({ type: 'resumed', step: trainer.step });
      void loop(runId).catch(fail);
      break;
    case 'stop':
      runId++; // also cancels a start still waiting for the dataset
      if (!trainer) return;
      post({ type: 'stopped', step: trainer.step });
      trainer = null;
      break;
    case 'lecture': {
      if (!trainer?.done || !words) return post({ type: 'error', error: 'no finished training run to use' });
      const c = trainer.config;
      const mlp = validateConfig({
        seed: c.seed,
        n_embd: c.n_embd,
        n_hidden: c.n_hidden,
        block_size: c.block_size,
        batch_size: c.batch_size,
        variant: command.variant,
      });
      if (!mlp.ok) return post({ type: 'error', error: mlp.errors.map((e) => e.message).join('; ') });
      // The lecture's pass on the trained parameters, over the batch the untrained view shows for this seed.
      // A failure here leaves the trained run in place (unlike a failing loop).
      try {
        post({ type: 'lecture', dump: runLecture(mlp.config, words, { params: trainer.params }) });
      } catch (e) {
        post({ type: 'error', error: e instanceof Error ? e.message : String(e) });
      }
      break;
    }
  }
}

function fail(e: unknown): void {
  runId++;
  trainer = null;
  post({ type: 'error', error: e instanceof Error ? e.message : String(e) });
}

self.onmessage = (event: MessageEvent<TrainCommand>) => {
  try {
    handle(event.data);
  } catch (e) {
    fail(e);
  }
};
