/**
 * The files a notebook reads (`open('names.txt')`, `../data/names.txt`): every string literal of its code
 * that looks like a relative path is looked up next to the notebook by the host and copied into Pyodide's
 * file system at the same relative place, so the learner's own paths work unchanged. Where names.txt is
 * not there, the bundled copy takes its place and the run says so once.
 */
import { moduleFilesOf } from './module-files';
import type { PythonRuntimeApi } from './python-api';
import type { Notebook } from './types';

/** The most files one notebook's code may have the host read. */
export const MAX_READ_FILES = 32;
/**
 * The most refused paths listed, each a note; past it, one note says there were more (a notebook naming 100,000
 * files would otherwise bring 100,000 notes, and main would keep them all while it reads).
 */
export const MAX_LISTED_REFUSALS = 32;
/** The most bytes, all its files together (names.txt is 228 KB; one file named 50 ways must not cost 1 GB). */
export const MAX_READ_BYTES = 64 * 1024 * 1024;
/**
 * The most module files looked for, found or not: Python tries two files per package level of each import, so
 * this covers a notebook importing a hundred modules (a notebook of 80,000 imports had main look for 160,000).
 */
export const MAX_MODULE_LOOKUPS = 256;

/**
 * What the host read for one relative path: its bytes, null (no such file), or why it would not read it
 * (with the file's size when it was refused unread for being too large: the budget then says why).
 */
export type FileContent = Uint8Array | null | { refused: string; size?: number };

/** Reads a path relative to the notebook's folder (see FileContent). */
export type FileReader = (relative: string) => FileContent;

/**
 * A quoted string on one line, seen from its opening quote without consuming it (the quote that closes one
 * string may open the next), at most 4,096 characters (PATH_MAX: no path is longer). Each quote's look ends
 * at the next quote, line end or that length, so a notebook is scanned in linear time: the single regular
 * expression this replaces backtracked quadratically on a string of 8,000 `../` (1 s in main; a megabyte, minutes).
 */
const QUOTED = /(?=(["'])([^"'\\\n\r]{1,4096})\1)/g;
/** One folder or file name of a path (`.` and `..` too). */
const PART = /^[\w .-]+$/;
/** The file's name: a name with an extension (`names.txt`, `train.csv`). */
const FILE_NAME = /^[\w .-]+\.[A-Za-z][A-Za-z0-9]{0,7}$/;
/** Where an absolute or home path starts (`/`, `~/`, `C:/`): such paths are only named, to say they are not read. */
const ROOT = /^(?:~|[A-Za-z]:)?\//;

/** `data/x.csv`, `../names.txt`: names joined by `/`, the last a file's. */
function isRelativePath(s: string): boolean {
  const parts = s.split('/');
  return parts.every((p) => PART.test(p)) && FILE_NAME.test(parts[parts.length - 1]);
}

function isAbsolutePath(s: string): boolean {
  const root = ROOT.exec(s);
  return root !== null && isRelativePath(s.slice(root[0].length));
}

/** The quoted strings of `source` that are paths of one kind, in order; a match's closing quote opens none. */
function* quotedPaths(source: string, isPath: (s: string) => boolean): Generator<string> {
  let from = 0;
  for (const m of source.matchAll(QUOTED)) {
    if (m.index < from || !isPath(m[2])) continue;
    from = m.index + m[2].length + 2;
    yield m[2];
  }
}

/** A refusal the learner reads as a note: `path` as the code names it, `why` a clause. */
export interface Refusal {
  path: string;
  why: string;
}

/**
 * What a notebook may have the host read: the files its code names by string literal, inside its own
 * folder or one level above it (`names.txt`, `data/x.csv`, `../names.txt`, `../data/names.txt`), at most
 * MAX_READ_FILES of them. Everything else it names is refused, with why.
 */
export function notebookReads(nb: Notebook): { paths: string[]; refused: Refusal[]; more: boolean } {
  const paths = new Set<string>();
  const refused = new Map<string, string>();
  // Past MAX_LISTED_REFUSALS, refusals are not listed; once the paths are full too, nothing more can be read.
  let more = false;
  const refuse = (path: string, why: string) => {
    if (refused.has(path)) return;
    if (refused.size < MAX_LISTED_REFUSALS) refused.set(path, why);
    else more = true;
  };
  const full = () => more && paths.size >= MAX_READ_FILES;
  for (const c of nb.cells) {
    if (c.kind !== 'code') continue;
    for (const path of quotedPaths(c.source, isAbsolutePath)) {
      refuse(path, OUTSIDE);
      if (more) break;
    }
    for (const rel of quotedPaths(c.source, isRelativePath)) {
      if (paths.has(rel) || refused.has(rel)) continue;
      if (!staysNear(rel)) refuse(rel, OUTSIDE);
      else if (paths.size >= MAX_READ_FILES) refuse(rel, `the notebook names more than ${MAX_READ_FILES} files`);
      else paths.add(rel);
      if (full()) break;
    }
    if (full()) break;
  }
  return { paths: [...paths], refused: [...refused].map(([path, why]) => ({ path, why })), more };
}

const OUTSIDE = "it is outside the notebook's folder and the one above it";

/** No `..` but one leading `../`: the notebook's folder, or its parent (where makemore keeps names.txt). */
function staysNear(rel: string): boolean {
  const parts = rel.split('/').filter((p) => p !== '.' && p !== '');
  return parts.every((p, i) => p !== '..' || i === 0) && parts.length > (parts[0] === '..' ? 1 : 0);
}

/** Whether a path the notebook may read is above its folder (`../names.txt`): the host checks it against the parent. */
export function climbsOneLevel(rel: string): boolean {
  return rel.split('/').find((p) => p !== '.' && p !== '') === '..';
}

/**
 * The byte budget across one notebook's files: each file is read with at most `limit(...)` bytes, so one
 * past the budget is refused by its size before any of it is read (one 20 MB file named 32 ways is read
 * three times, not 32), and each read is passed through `take`, which refuses it once the notebook's files
 * together would pass MAX_READ_BYTES.
 */
export class ReadBudget {
  private used = 0;

  /** The limit to read the next file with: `max`, or what is left of the budget when that is less. */
  limit(max: number): number {
    return Math.min(max, MAX_READ_BYTES - this.used);
  }

  take(content: FileContent): FileContent {
    if (content === null) return null;
    const size = content instanceof Uint8Array ? content.length : content.size;
    if (size !== undefined && this.used + size > MAX_READ_BYTES)
      return { refused: `the notebook's files would pass ${MAX_READ_BYTES / 1024 / 1024} MB together` };
    if (!(content instanceof Uint8Array)) return content;
    this.used += content.length;
    return content;
  }
}

/**
 * Every file the notebook may read, asked for one path at a time: the paths its code names (notebookReads), the
 * module files its imports may load (core/notebook/module-files.ts, always inside its folder), and those that a
 * module file that was found imports in turn, at most MAX_MODULE_LOOKUPS of them, MAX_READ_FILES found. The
 * host answers each path with what it read, synchronously or not, by driving this generator:
 * `for (let r = it.next(); !r.done; ) r = it.next(read(r.value))`. It returns how many module files it did not
 * look for, past those limits.
 */
export function* referencedFiles(nb: Notebook): Generator<string, number, FileContent> {
  const code = nb.cells.filter((c) => c.kind === 'code').map((c) => c.source);
  const named = new Set(notebookReads(nb).paths);
  const queue = [...named, ...code.flatMap((src) => moduleFilesOf(src))];
  const seen = new Set<string>();
  let found = 0;
  let lookups = 0;
  let skipped = 0;
  // An index, not shift(): the queue can hold hundreds of thousands of candidates.
  for (let i = 0; i < queue.length; i++) {
    const rel = queue[i];
    if (seen.has(rel)) continue;
    seen.add(rel);
    const isModule = !named.has(rel);
    if (isModule && (found >= MAX_READ_FILES || lookups >= MAX_MODULE_LOOKUPS)) {
      skipped++;
      continue;
    }
    if (isModule) lookups++;
    const got = yield rel;
    if (got instanceof Uint8Array && isModule) found++;
    if (got instanceof Uint8Array && rel.endsWith('.py'))
      queue.push(...moduleFilesOf(new TextDecoder().decode(got), rel));
  }
  return skipped;
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
  const reads = notebookReads(nb);
  for (const r of reads.refused) notes.push(notRead(r.path, r.why));
  if (reads.more)
    notes.push(
      `More paths its code names were not read: only the first ${MAX_LISTED_REFUSALS} are listed (see "Running a notebook runs its code" in the README)`,
    );
  const files = referencedFiles(nb);
  let r = files.next();
  while (!r.done) {
    const rel = r.value;
    const target = resolve(home, rel);
    const got = target === null ? null : (read?.(rel) ?? null);
    r = files.next(got);
    if (target === null) continue;
    let content: Uint8Array | string | null = got instanceof Uint8Array ? got : null;
    if (got !== null && !(got instanceof Uint8Array)) notes.push(notRead(rel, got.refused));
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
  if (r.value > 0)
    notes.push(
      `${r.value} module files its imports could load were not looked for: at most ${MAX_MODULE_LOOKUPS} are, and ${MAX_READ_FILES} read (see "Running a notebook runs its code" in the README)`,
    );
  return notes;
}

const notRead = (path: string, why: string) =>
  `${path} was not read: ${why} (see "Running a notebook runs its code" in the README)`;

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
