/**
 * Writes a file atomically, for the CLI's `--out` and the app's Export…: the bytes go to a temporary file
 * beside the target, are flushed to the disk (fsync), and only then renamed over the target, so a crash, a
 * kill or a full disk leaves the old file or the new one, never half of one and never neither.
 * - A symlink stays a link: the file it points to is replaced, not the link.
 * - The target keeps its permission bits (a 0600 file stays 0600).
 * - Only a regular file is ever replaced: a FIFO, a device (`/dev/null`, as root) or a folder is refused,
 *   and so is a path ending in `/`, which can only name a folder.
 * - Temporary files killed writers left behind (their process is gone) are removed when the next write in
 *   that folder starts, whatever file they were for.
 * - Errors name the target and the cause, never the temporary file.
 * Synchronous on purpose: the CLI is, and main's exports are a few MB at most.
 */
import * as nodeFs from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export type Chunk = string | Uint8Array;
/** One string or byte array, or chunks (a generator streams output too big for one string). */
export type Contents = Chunk | Iterable<Chunk>;

/** The file-system calls the writer makes, so tests can inject disk faults (ENOSPC, EIO, EROFS) at each. */
export type WriterFs = Pick<
  typeof nodeFs,
  | 'openSync'
  | 'writeSync'
  | 'fsyncSync'
  | 'closeSync'
  | 'renameSync'
  | 'unlinkSync'
  | 'fchmodSync'
  | 'statSync'
  | 'lstatSync'
  | 'readlinkSync'
  | 'realpathSync'
  | 'readdirSync'
  | 'accessSync'
>;

export class WriteError extends Error {
  override name = 'WriteError';
  constructor(
    readonly path: string,
    /** The errno code (ENOSPC, EROFS, …) of what failed. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a parent in its path is not a directory',
  EISDIR: 'it is a directory',
  ENAMETOOLONG: 'the file name is too long',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'the disk reported an I/O error',
  ENOTFILE: 'it is not a regular file (a pipe, a device or a folder)',
  ETRAILINGSLASH: 'a path ending in / names a folder, not a file',
};

/** Longest file name most file systems take (bytes). */
const NAME_MAX = 255;
/** The target's name is cut to this many bytes in the temp name, so a long name never makes it too long. */
const TMP_STEM_BYTES = 120;
const TMP_PATTERN = /^\.(.*)\.(\d+)-[0-9a-z]+\.tmp$/;

function fail(path: string, e: unknown): WriteError {
  if (e instanceof WriteError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  const reason = REASONS[code] ?? (e as Error).message;
  return new WriteError(path, code, `cannot write ${path}: ${reason} (${code})`);
}

/** The file the bytes should land in: a symlink's target (followed even when it dangles), else the path. */
function resolveTarget(path: string, fs: WriterFs): string {
  try {
    return fs.realpathSync(path);
  } catch {
    try {
      if (fs.lstatSync(path).isSymbolicLink()) return resolve(dirname(path), fs.readlinkSync(path));
    } catch {
      // Not there at all: a new file.
    }
    return resolve(path);
  }
}

function stemOf(target: string): string {
  let stem = basename(target);
  while (Buffer.byteLength(stem) > TMP_STEM_BYTES) stem = stem.slice(0, -1);
  return stem;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temp files in the target's folder whose writer was killed (its process no longer exists). */
function removeStaleTemps(target: string, fs: WriterFs): void {
  const dir = dirname(target);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TMP_PATTERN.exec(name);
    if (!m || isAlive(Number(m[2]))) continue;
    try {
      fs.unlinkSync(join(dir, name));
    } catch {
      // Someone else removed it first, or we may not: either way not this write's problem.
    }
  }
}

/**
 * Checks that `path` could be written, without touching it: its directory exists and is writable, and it
 * is not a directory. Throws a WriteError naming the cause.
 */
export function checkWritable(path: string, fs: WriterFs = nodeFs): void {
  const target = resolveTarget(path, fs);
  try {
    refuseNonFile(path, target, fs);
    if (Buffer.byteLength(basename(target)) > NAME_MAX) throw Object.assign(new Error(), { code: 'ENAMETOOLONG' });
    const dir = dirname(target);
    let isDir: boolean;
    try {
      isDir = fs.statSync(dir).isDirectory();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      throw new WriteError(path, 'ENOENT', `cannot write ${path}: directory ${dir} does not exist (ENOENT)`);
    }
    if (!isDir) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    fs.accessSync(dir, nodeFs.constants.W_OK);
  } catch (e) {
    throw fail(path, e);
  }
}

function writeAll(fs: WriterFs, fd: number, chunk: Chunk): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  for (let off = 0; off < bytes.byteLength;) off += fs.writeSync(fd, bytes, off, bytes.byteLength - off);
}

/**
 * Throws when the path cannot name a regular file to replace: it ends in `/`, or something that is not a
 * regular file is there (a folder: EISDIR; a FIFO or device: ENOTFILE). A path with nothing there passes.
 */
function refuseNonFile(path: string, target: string, fs: WriterFs): void {
  if (/[\\/]$/.test(path)) throw Object.assign(new Error(), { code: 'ETRAILINGSLASH' });
  let st: nodeFs.Stats;
  try {
    st = fs.statSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (st.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
  if (!st.isFile()) throw Object.assign(new Error(), { code: 'ENOTFILE' });
}

/** Writes `contents` to `path` atomically (see the file's header). Throws a WriteError naming `path`. */
export function writeFileAtomic(path: string, contents: Contents, fs: WriterFs = nodeFs): void {
  const target = resolveTarget(path, fs);
  try {
    refuseNonFile(path, target, fs);
  } catch (e) {
    throw fail(path, e);
  }
  removeStaleTemps(target, fs);
  let mode: number | null = null;
  try {
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    // A new file: the default mode, less the umask.
  }
  const tmp = join(dirname(target), `.${stemOf(target)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'wx', 0o666);
    if (mode !== null) fs.fchmodSync(fd, mode);
    const chunks: Iterable<Chunk> =
      typeof contents === 'string' || contents instanceof Uint8Array ? [contents] : contents;
    for (const chunk of chunks) writeAll(fs, fd, chunk);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, target);
  } catch (e) {
    // Clean up quietly: the error to report is the one that stopped the write.
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* never created, or already gone */
    }
    throw fail(path, e);
  }
  syncDirectory(dirname(target), fs);
}

/** Makes the rename itself durable; best effort (some platforms cannot open a directory). */
function syncDirectory(dir: string, fs: WriterFs): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* the file is written; only its durability across a power cut is less certain */
  }
}
