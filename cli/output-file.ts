/**
 * Writes an output file atomically: to a temporary file beside it, then renamed over it, so a failed
 * write never leaves half a file or clobbers the previous one.
 */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './args';

export function writeOutputAtomic(path: string, contents: string | Uint8Array): void {
  const dir = dirname(path);
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`cannot write ${path}: ${dir} is not a directory`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot write ${path}: directory ${dir} does not exist`);
  }
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, contents);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** For callers that create their own output folders. */
export function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true });
}
