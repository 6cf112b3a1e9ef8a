/**
 * The CLI's output files: checked before any work starts (without touching them), written atomically
 * once the work is done (src-node/write-atomic.ts). A path that cannot name a regular file (missing directory, a directory, a FIFO
 * or device, a trailing `/`, too long) is a usage error (exit 2); a disk that refuses (read-only, full, permissions, I/O) is a runtime error (exit 1).
 */
import { checkWritable, WriteError } from '../src-node/write-atomic';
import { UsageError } from './args';

/** errno codes that say the path given is wrong, not the disk. */
const PATH_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'ENOTFILE', 'ETRAILINGSLASH']);

/** Fails early, before minutes of work, when `path` could not be written; never touches it. */
export function checkOutputPath(path: string): void {
  try {
    checkWritable(path);
  } catch (e) {
    if (e instanceof WriteError && PATH_CODES.has(e.code)) throw new UsageError(e.message);
    throw e;
  }
}
