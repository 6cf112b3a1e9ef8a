/**
 * Runs the core off the UI thread: the lecture's forward pass, autograd and manual backward for a config.
 * The names dataset is fetched once (see names.ts).
 */
import { runLecture } from '../../core/mlp/run';
import { validateConfig } from '../../core/config/validate-lecture';
import type { CoreRequest, CoreResponse } from './core-protocol';
import { loadWords } from './names';

self.onmessage = async (event: MessageEvent<CoreRequest>) => {
  const { id, config } = event.data;
  let response: CoreResponse;
  try {
    const start = performance.now();
    // The page validates too, but the worker is the last line: a bad config could freeze it or exhaust memory.
    const valid = validateConfig(config);
    if (!valid.ok) throw new Error(`invalid config: ${valid.errors.map((e) => e.message).join('; ')}`);
    const words = await loadWords();
    const dump = runLecture(valid.config, words);
    response = { id, ok: true, dump, ms: performance.now() - start };
  } catch (e) {
    response = { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(response);
};
