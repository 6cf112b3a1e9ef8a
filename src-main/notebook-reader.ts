/**
 * Main's read of a notebook the person chose: the file, then the relative files its code names
 * (`names.txt`, `../names.txt`; core/notebook/files.ts says which it may) and the module files it imports, each resolved against the
 * notebook's folder and read only when it is a regular file that stays inside that folder (or, for a
 * `../` path, the one above it), within the notebook's byte budget. Only read, never written.
 */
import { basename, dirname, resolve } from 'node:path';
import { MAX_NOTEBOOK_BYTES, NotebookError, parseNotebook } from '../core/notebook/parse';
import { ReadBudget, referencedFiles, type FileContent } from '../core/notebook/files';
import type { NotebookFile } from '../src-common/ipc-contract';
import { readRoot } from '../src-node/read-regular';

/**
 * Reads a file's bytes: null when it is missing, a refusal when it is not a regular file, is larger than
 * `limit` (unread, its size given), or (given `within`) leads outside that folder (src-node/read-regular.ts).
 */
export type ReadBytes = (path: string, limit: number, within?: string) => Promise<FileContent>;

export async function readNotebookFile(path: string, read: ReadBytes): Promise<NotebookFile> {
  const name = basename(path);
  const bytes = await read(path, MAX_NOTEBOOK_BYTES + 1);
  if (!(bytes instanceof Uint8Array))
    throw new NotebookError(name, bytes ? `could not be read: ${bytes.refused}` : 'could not be read');
  let wanted: ReturnType<typeof referencedFiles>;
  try {
    wanted = referencedFiles(parseNotebook(name, bytes));
  } catch {
    // Not a notebook: the page's own parse says what is wrong with it.
    return { name, bytes, files: {}, path };
  }
  const folder = dirname(path);
  const files: Record<string, FileContent> = {};
  const budget = new ReadBudget();
  for (let r = wanted.next(); !r.done;) {
    const rel = r.value;
    const limit = budget.limit(MAX_NOTEBOOK_BYTES);
    files[rel] = budget.take(await read(resolve(folder, rel), limit, readRoot(folder, rel)));
    r = wanted.next(files[rel]);
  }
  return { name, bytes, files, path };
}
