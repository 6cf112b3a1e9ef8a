/**
 * Browser mode's StudioApi: the same interface the preload exposes, without Electron. Saving downloads the
 * file (a notebook too: the page kept the bytes it opened, and the edits go into those). There is no native
 * menu, so no command ever arrives through onCommand: the in-app toolbar and the keyboard run commands directly.
 */
import { notebookFormat } from '../../core/notebook/parse';
import { replaceCellSources } from '../../core/notebook/save';
import { EXPORT_TYPES, type CellEdit, type SaveNotebookResponse, type StudioApi } from '../../src-common/ipc-contract';

const NOTEBOOK_MIME = { ipynb: 'application/x-ipynb+json', py: 'text/x-python' } as const;

export function createWebApi(doc: Document = document): StudioApi {
  function download(name: string, data: string | Uint8Array, mime: string): void {
    const blob = new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type: mime });
    const url = URL.createObjectURL(blob);
    const a = doc.createElement('a');
    a.href = url;
    a.download = name;
    a.style.display = 'none';
    doc.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** A page cannot write a file in place: the notebook with the edits is downloaded under its name. */
  async function downloadNotebook(name: string, base: Uint8Array, edits: CellEdit[]): Promise<SaveNotebookResponse> {
    const bytes = replaceCellSources(base, name, edits);
    download(name, bytes, NOTEBOOK_MIME[notebookFormat(name) ?? 'py']);
    return { saved: true, name, bytes };
  }

  return {
    mode: 'browser',
    async saveFile({ suggestedName, mime, data }) {
      const name = suggestedName.includes('.') ? suggestedName : `${suggestedName}.${EXPORT_TYPES[mime].extension}`;
      download(name, data, mime);
      return { saved: true, name };
    },
    // In browser mode the request's path is the file's name (a page never learns a path).
    saveNotebook: ({ path, base, edits }) => downloadNotebook(path.split(/[\\/]/).pop()!, base, edits),
    saveNotebookAs: ({ suggestedName, base, edits }) => downloadNotebook(suggestedName, base, edits),
    async appInfo() {
      return {
        name: 'Backprop Studio',
        version: __APP_VERSION__,
        mode: 'browser',
        versions: { browser: navigator.userAgent },
      };
    },
    async setTheme() {
      // The page's own theme attribute is all there is in a browser.
    },
    onCommand() {
      return () => {};
    },
  };
}
