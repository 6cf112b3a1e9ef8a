/**
 * The names dataset for the workers: one asset (Vite `?url`) fetched from the app's own origin and parsed
 * once per worker, rather than a copy of names.txt inlined into every worker bundle.
 */
import namesUrl from '../../data/names.txt?url';
import { parseWords } from '../../core/data/dataset';

let words: Promise<string[]> | null = null;

export function loadWords(): Promise<string[]> {
  words ??= fetch(namesUrl).then(async (r) => {
    if (!r.ok) throw new Error(`could not load the names dataset (${r.status} ${r.statusText})`);
    return parseWords(await r.text());
  });
  return words;
}
