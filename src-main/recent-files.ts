/**
 * File → Open Recent: the notebooks opened last, newest first, kept in the app's user-data folder as JSON
 * (written atomically). A file that has gone is dropped when opening it fails.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../src-node/write-atomic';

export const MAX_RECENT = 10;

/** The list with `path` moved (or added) to the front. */
export function withRecent(list: readonly string[], path: string, max = MAX_RECENT): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, max);
}

/** What a saved list file holds, or an empty list for a missing or damaged one. */
export function parseRecent(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

export class RecentFiles {
  private list: string[] = [];

  constructor(
    private readonly file: string,
    private readonly changed: (list: readonly string[]) => void,
  ) {}

  async load(): Promise<void> {
    this.list = parseRecent(await readFile(this.file, 'utf8').catch(() => '[]'));
    this.changed(this.list);
  }

  get paths(): readonly string[] {
    return this.list;
  }

  add(path: string): void {
    this.set(withRecent(this.list, path));
  }

  remove(path: string): void {
    this.set(this.list.filter((p) => p !== path));
  }

  private set(list: string[]): void {
    this.list = list;
    this.changed(list);
    try {
      writeFileAtomic(this.file, JSON.stringify(list, null, 1));
    } catch {
      // A read-only profile only loses the list for next time.
    }
  }
}
