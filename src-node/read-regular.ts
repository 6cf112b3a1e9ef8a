/**
 * Reading a file a notebook names, or the notebook itself, on behalf of code that did not choose it: only a
 * regular file (never a FIFO, which would block the reader for good, nor a device or a folder), only up to a
 * size, and, given `within`, only when its real path (symbolic links followed) stays inside that folder.
 */
import * as fs from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { climbsOneLevel, ReadBudget, type FileContent, type FileReader } from '../core/notebook/files';
import { MAX_NOTEBOOK_BYTES } from '../core/notebook/parse';

// Not on Windows, where neither a FIFO nor a symlink race applies the same way.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

export const NOT_REGULAR = 'it is not a regular file (a folder, a pipe or a device)';
export const LINKS_OUT = 'it is a symbolic link that leads out of the folder the notebook may read';

/** True when `path` is `root` or below it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * The file's bytes; null when there is no such file (or it cannot be opened); a refusal when it is not a
 * regular file, is larger than `limit` bytes, or leads outside `within`.
 */
export function readRegularFile(path: string, limit: number, within?: string): FileContent {
  let real: string;
  try {
    real = fs.realpathSync(path);
  } catch {
    return null;
  }
  if (within !== undefined) {
    let root: string;
    try {
      root = fs.realpathSync(within);
    } catch {
      return null;
    }
    if (!isInside(root, real)) return { refused: LINKS_OUT };
  }
  let fd: number;
  try {
    // Non-blocking, so opening a FIFO returns at once; fstat below then refuses it.
    fd = fs.openSync(real, OPEN_FLAGS);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENXIO' ? { refused: NOT_REGULAR } : null;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { refused: NOT_REGULAR };
    if (st.size > limit) return { refused: `it is larger than ${megabytes(limit)}`, size: st.size };
    const bytes = new Uint8Array(st.size);
    let off = 0;
    // A file that grows while read is read up to the size it had: never past the limit.
    while (off < bytes.length) {
      const n = fs.readSync(fd, bytes, off, bytes.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === bytes.length ? bytes : bytes.subarray(0, off);
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${bytes} bytes`;
}

/** The folder a notebook in `folder` may read `rel` from: its own, or for `../names.txt` the one above. */
export function readRoot(folder: string, rel: string): string {
  return climbsOneLevel(rel) ? dirname(folder) : folder;
}

/** The CLI's reader of the files a notebook in `folder` names: the same rules and budget as the app's. */
export function notebookFileReader(folder: string): FileReader {
  const budget = new ReadBudget();
  return (rel) =>
    budget.take(readRegularFile(resolve(folder, rel), budget.limit(MAX_NOTEBOOK_BYTES), readRoot(folder, rel)));
}
