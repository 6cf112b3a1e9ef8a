/**
 * The files a notebook reads (`open('names.txt')`, `../data/names.txt`): every string literal of its code
 * that looks like a relative path is looked up next to the notebook by the host and copied into Pyodide's
 * file system at the same relative place, so the learner's own paths work unchanged. Where names.txt is
 * not there, the bundled copy takes its place and the run says so once.
 */
import type { PythonRuntimeApi } from './python-api';
import type { Notebook } from './types';

/** Reads a path relative to the notebook's folder; null when there is no such file. */
export type FileReader = (relative: string) => Uint8Array | null;

const LITERAL = /(["'])((?:\.{1,2}\/)*[\w .-]+(?:\/[\w .-]+)*\.[A-Za-z][A-Za-z0-9]{0,7})\1/g;

/** Relative paths named by string literals in the notebook's code cells. */
export function referencedPaths(nb: Notebook): string[] {
  const out = new Set<string>();
  for (const c of nb.cells) {
    if (c.kind !== 'code') continue;
    for (const m of c.source.matchAll(LITERAL)) if (!m[2].startsWith('/')) out.add(m[2]);
  }
  return [...out];
}

/** Puts the referenced files in place under `home` (the notebook's folder in Pyodide); returns the notes. */
export function notebookFiles(
  py: PythonRuntimeApi,
  nb: Notebook,
  home: string,
  read: FileReader | undefined,
  bundledNames: string,
): string[] {
  const notes: string[] = [];
  py.FS.mkdirTree(home);
  for (const rel of referencedPaths(nb)) {
    const target = resolve(home, rel);
    if (target === null) continue;
    const bytes = read?.(rel) ?? null;
    let content: Uint8Array | string | null = bytes;
    if (content === null && rel.split('/').pop() === 'names.txt') {
      content = bundledNames;
      notes.push(
        `${rel} was not found next to ${nb.path.split(/[\\/]/).pop()}: using the names.txt bundled with Backprop Studio`,
      );
    }
    if (content === null) continue;
    py.FS.mkdirTree(target.slice(0, target.lastIndexOf('/')) || '/');
    py.FS.writeFile(target, content);
  }
  return notes;
}

/** home + rel as a normalised absolute path, or null when it climbs above the file system's root. */
function resolve(home: string, rel: string): string | null {
  const parts = home.split('/').filter(Boolean);
  for (const p of rel.split('/')) {
    if (p === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else if (p !== '.' && p !== '') parts.push(p);
  }
  return '/' + parts.join('/');
}
