/** Reads the shipped names dataset from disk (Node only, so outside core/; the renderer imports the same file with Vite). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWords } from '../core/data/dataset';

export const NAMES_PATH = fileURLToPath(new URL('../data/names.txt', import.meta.url));

let words: string[] | null = null;

/** The words of data/names.txt (read once, then shared: callers must not mutate it). */
export function loadNames(path = NAMES_PATH): string[] {
  if (path !== NAMES_PATH) return parseWords(readFileSync(path, 'utf8'));
  words ??= parseWords(readFileSync(path, 'utf8'));
  return words;
}
