/**
 * Runs the core off the UI thread: the lecture's forward pass, autograd and manual backward for a config.
 * The names dataset is bundled with the worker (Vite `?raw`), parsed once.
 */
import namesText from '../../data/names.txt?raw';
import { parseWords } from '../../core/data/dataset';
import { runLecture } from '../../core/mlp/run';
import { validateConfig } from '../../core/config/validate-lecture';
import type { CoreRequest, CoreResponse } from './core-protocol';

let words: string[] | null = null;

self.onmessage = (event: MessageEvent<CoreRequest>) => {
  const { id, config } = event.data;
  let response: CoreResponse;
  try {
    const start = performance.now();
    // The page validates too, but the worker is the last line: a bad config could freeze it or exhaust memory.
    const valid = validateConfig(config);
    if (!valid.ok) throw new Error(`invalid config: ${valid.errors.map((e) => e.message).join('; ')}`);
    words ??= parseWords(namesText);
    const dump = runLecture(valid.config, words);
    response = { id, ok: true, dump, ms: performance.now() - start };
  } catch (e) {
    response = { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(response);
};
