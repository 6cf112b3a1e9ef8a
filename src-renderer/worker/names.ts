/**
 * The names dataset for the workers: one asset (Vite `?url`) fetched from the app's own origin and parsed
 * once per worker, rather than a copy of names.txt inlined into every worker bundle.
 */
import namesUrl from '../../data/names.txt?url';
import { parseWords } from '../../core/data/dataset';

let text: Promise<string> | null = null;
let words: Promise<string[]> | null = null;

/** names.txt as text (the Python worker hands it to notebooks whose own names.txt is missing). */
export function loadNamesText(): Promise<string> {
  text ??= fetch(namesUrl).then(async (r) => {
    if (!r.ok) throw new Error(`could not load the names dataset (${r.status} ${r.statusText})`);
    return r.text();
  });
  return text;
}

export function loadWords(): Promise<string[]> {
  words ??= loadNamesText().then(parseWords);
  return words;
}
