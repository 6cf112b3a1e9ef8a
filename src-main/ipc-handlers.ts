/**
 * What main does for each invoke channel, with Electron's dialog, the file system and app metadata passed
 * in, so tests drive the handlers through the typed contract without Electron.
 */
import { basename, extname } from 'node:path';
import { readNotebookFile, type ReadBytes } from './notebook-reader';
import { CHANNELS, EXPORT_TYPES, type AppInfo, type InvokeChannel, type RequestOf, type ResponseOf, type Theme } from './ipc-contract';

export interface HandlerDeps {
  /** Asks which notebook to open; null when the person cancels. */
  chooseNotebookPath(): Promise<string | null>;
  readBytes: ReadBytes;
  /** A notebook was opened from this path (for File → Open Recent). */
  opened(path: string): void;
  /** Asks where to save; null when the person cancels. */
  chooseSavePath(suggestedName: string, filter: { name: string; extensions: string[] }): Promise<string | null>;
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
      const path = await deps.chooseSavePath(suggestedName, { name: type.label, extensions: [type.extension] });
      if (!path) return { saved: false };
      const withExt = extname(path) ? path : `${path}.${type.extension}`;
      await deps.writeFile(withExt, data);
      return { saved: true, name: basename(withExt) };
    },
    async [CHANNELS.appInfo]() {
      return deps.appInfo();
    },
    async [CHANNELS.setTheme](theme) {
      deps.setTheme(theme);
    },
  };
}
