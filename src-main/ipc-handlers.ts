/**
 * What main does for each invoke channel, with Electron's dialog, the file system and app metadata passed
 * in, so tests drive the handlers through the typed contract without Electron.
 */
import { basename, extname } from 'node:path';
import { readNotebookFile, type ReadBytes } from './notebook-reader';
import {
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
  /** A notebook was opened from this path (for File → Open Recent). */
  opened(path: string): void;
  /**
   * Asks where to save, starting at `defaultPath` (a file name or a full path); the dialog itself confirms
   * overwriting an existing file. Null when the person cancels.
   */
  chooseSavePath(defaultPath: string, filter: { name: string; extensions: string[] }): Promise<string | null>;
  exists(path: string): Promise<boolean>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  appInfo(): AppInfo;
  setTheme(theme: Theme): void;
}

export type Handlers = { [C in InvokeChannel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    async [CHANNELS.openNotebook]({ path }) {
      const chosen = path ?? (await deps.chooseNotebookPath());
      if (!chosen) return null;
      const file = await readNotebookFile(chosen, deps.readBytes);
      deps.opened(chosen);
      return file;
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
  };
}
