/**
 * The files a notebook reads (`open('names.txt')`, `../data/names.txt`): every string literal of its code
 * that looks like a relative path is looked up next to the notebook by the host and copied into Pyodide's
 * file system at the same relative place, so the learner's own paths work unchanged. Where names.txt is
 * not there, the bundled copy takes its place and the run says so once.
 */
import { moduleFilesOf } from './module-files';
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

/**
 * Every file the notebook may read, asked for one path at a time: the paths its code names, the module files
 * its imports may load (core/notebook/module-files.ts), and those a module file that was found imports in turn.
 * The host answers each path with the file's bytes or null (missing), synchronously or not, by driving this
 * generator: `for (let r = it.next(); !r.done; r = it.next(read(r.value)))`.
 */
export function* referencedFiles(nb: Notebook): Generator<string, void, Uint8Array | null> {
  const code = nb.cells.filter((c) => c.kind === 'code').map((c) => c.source);
  const queue = [...referencedPaths(nb), ...code.flatMap((src) => moduleFilesOf(src))];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const rel = queue.shift()!;
    if (seen.has(rel)) continue;
    seen.add(rel);
    const bytes = yield rel;
    if (bytes !== null && rel.endsWith('.py')) queue.push(...moduleFilesOf(new TextDecoder().decode(bytes), rel));
  }
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
  const files = referencedFiles(nb);
  for (let r = files.next(); !r.done;) {
    const rel = r.value;
    const target = resolve(home, rel);
    const bytes = target === null ? null : (read?.(rel) ?? null);
    r = files.next(bytes);
    if (target === null) continue;
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
