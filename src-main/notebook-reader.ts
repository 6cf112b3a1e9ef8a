/**
 * Main's read of a notebook the person chose: the file, then the relative files its code names
 * (`names.txt`, `../names.txt`; core/notebook/files.ts finds them), each resolved against the notebook's
 * folder. Only those are read, only read, and never more than MAX_NOTEBOOK_BYTES each.
 */
import { basename, dirname, resolve } from 'node:path';
import { MAX_NOTEBOOK_BYTES, NotebookError, parseNotebook } from '../core/notebook/parse';
import { referencedFiles } from '../core/notebook/files';
import type { NotebookFile } from '../src-common/ipc-contract';

/** Reads a file's bytes; null when it is missing, not a file, or larger than `limit`. */
export type ReadBytes = (path: string, limit: number) => Promise<Uint8Array | null>;

export async function readNotebookFile(path: string, read: ReadBytes): Promise<NotebookFile> {
  const name = basename(path);
  const bytes = await read(path, MAX_NOTEBOOK_BYTES + 1);
  if (!bytes) throw new NotebookError(name, 'could not be read');
  let wanted: ReturnType<typeof referencedFiles>;
  try {
    wanted = referencedFiles(parseNotebook(name, bytes));
  } catch {
    // Not a notebook: the page's own parse says what is wrong with it.
    return { name, bytes, files: {}, path };
  }
  const folder = dirname(path);
  const files: Record<string, Uint8Array | null> = {};
  for (let r = wanted.next(); !r.done;) {
    const rel = r.value;
    files[rel] = await read(resolve(folder, rel), MAX_NOTEBOOK_BYTES);
    r = wanted.next(files[rel]);
  }
  return { name, bytes, files, path };
}
