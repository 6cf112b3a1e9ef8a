/**
 * What main does for each invoke channel, with Electron's dialog, the file system and app metadata passed
 * in, so tests drive the handlers through the typed contract without Electron.
 */
import { basename, extname } from 'node:path';
import { MAX_NOTEBOOK_BYTES, NotebookError, notebookFormat } from '../core/notebook/parse';
import { editConflict, replaceCellSources } from '../core/notebook/save';
import { readNotebookFile, type ReadBytes } from './notebook-reader';
import type { OpenedFiles } from './opened-files';
import {
  BadRequestError,
  CHANNELS,
  EXPORT_TYPES,
  type AppInfo,
  type InvokeChannel,
  type RequestOf,
  type ResponseOf,
  type Theme,
} from '../src-common/ipc-contract';

export interface HandlerDeps {
  /** Asks which notebook to open; null when the person cancels. */
  chooseNotebookPath(): Promise<string | null>;
  readBytes: ReadBytes;
  /** A notebook was opened from this path, or saved as it (for File → Open Recent). */
  opened(path: string): void;
  /** The notebooks File → Save may write: those opened or saved as in this run. */
  openedFiles: OpenedFiles;
  /** The paths of files dropped on the window (told by the preload): the only paths the page may open by. */
  droppedPaths: ReadonlySet<string>;
  /**
   * Asks where to save, starting at `defaultPath` (a file name or a full path); the dialog itself confirms
   * overwriting an existing file. Null when the person cancels.
   */
  chooseSavePath(defaultPath: string, filter: { name: string; extensions: string[] }): Promise<string | null>;
  exists(path: string): Promise<boolean>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  appInfo(): AppInfo;
  setTheme(theme: Theme): void;
  /** Opens a checked http(s) URL in the system's browser (Electron's shell.openExternal). */
  openExternal(url: string): Promise<void>;
}

export type Handlers = { [C in InvokeChannel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

export function createHandlers(deps: HandlerDeps): Handlers {
  /**
   * The save dialog until it names a file with this extension: a name typed without it gets it, unless that
   * names a file the dialog never offered to overwrite, and then the dialog is asked again with that name.
   */
  async function askPath(defaultPath: string, filter: { name: string; extensions: string[] }, ext: string) {
    let path = await deps.chooseSavePath(defaultPath, filter);
    while (path && extname(path).toLowerCase() !== `.${ext}`) {
      const withExt = `${path}.${ext}`;
      if (!(await deps.exists(withExt))) path = withExt;
      else path = await deps.chooseSavePath(withExt, filter);
    }
    return path;
  }

  return {
    async [CHANNELS.openNotebook]({ path }) {
      // A page can name any path: main opens (and so later saves) only a file the person dropped here.
      if (path !== undefined && !deps.droppedPaths.has(path))
        throw new BadRequestError(CHANNELS.openNotebook, 'only a file dropped on the window can be opened by its path');
      const chosen = path ?? (await deps.chooseNotebookPath());
      if (!chosen) return null;
      const file = await readNotebookFile(chosen, deps.readBytes);
      deps.opened(chosen);
      deps.openedFiles.add(chosen);
      return file;
    },
    async [CHANNELS.saveNotebook]({ path, base, edits, overwrite }) {
      const name = basename(path);
      // A page can name any path: main writes only a file the person opened here.
      if (!deps.openedFiles.has(path))
        throw new NotebookError(name, 'was not opened in this window, so it is not saved');
      // Read the file again: whatever changed there since it was opened is kept, unless it clashes with the edits.
      const current = await deps.readBytes(path, MAX_NOTEBOOK_BYTES);
      if (!(current instanceof Uint8Array))
        throw new NotebookError(name, 'could not be read back to save into (was it moved or deleted?)');
      let into = current;
      let merged = false;
      if (!sameBytes(current, base)) {
        const why = editConflict(name, base, current, edits);
        if (why === null) merged = true;
        else if (overwrite) into = base;
        else return { saved: false, conflict: `${name} changed on disk since it was opened: ${why}` };
      }
      const bytes = replaceCellSources(into, name, edits);
      await deps.writeFile(path, bytes);
      return { saved: true, name, path, bytes, merged };
    },
    async [CHANNELS.saveNotebookAs]({ suggestedName, base, edits }) {
      const format = notebookFormat(suggestedName)!;
      // Check the edits before asking where: a save that cannot happen should not ask first.
      const bytes = replaceCellSources(base, suggestedName, edits);
      const filter =
        format === 'ipynb'
          ? { name: 'Jupyter notebook', extensions: ['ipynb'] }
          : { name: 'Python file', extensions: ['py'] };
      const path = await askPath(suggestedName, filter, format);
      if (!path) return { saved: false };
      await deps.writeFile(path, bytes);
      deps.opened(path);
      deps.openedFiles.add(path);
      return { saved: true, name: basename(path), path, bytes };
    },
    async [CHANNELS.saveFile]({ suggestedName, mime, data }) {
      const type = EXPORT_TYPES[mime];
      const filter = { name: type.label, extensions: [type.extension] };
      let path = await deps.chooseSavePath(suggestedName, filter);
      // A name typed without an extension gets the type's, unless that names a file the dialog never
      // offered to overwrite: then the dialog is asked again, with that name, so it asks first.
      while (path && !extname(path)) {
        const withExt = `${path}.${type.extension}`;
        if (!(await deps.exists(withExt))) path = withExt;
        else path = await deps.chooseSavePath(withExt, filter);
      }
      if (!path) return { saved: false };
      await deps.writeFile(path, data);
      return { saved: true, name: basename(path) };
    },
    async [CHANNELS.appInfo]() {
      return deps.appInfo();
    },
    async [CHANNELS.setTheme](theme) {
      deps.setTheme(theme);
    },
    async [CHANNELS.openExternal](url) {
      await deps.openExternal(url);
    },
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
