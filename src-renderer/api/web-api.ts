/**
 * Browser mode's StudioApi: the same interface the preload exposes, without Electron. Saving downloads the
 * file. There is no native menu, so no command ever arrives through onCommand: the in-app toolbar and the
 * keyboard run commands directly.
 */
import { EXPORT_TYPES, type StudioApi } from '../../src-common/ipc-contract';

export function createWebApi(doc: Document = document): StudioApi {
  return {
    mode: 'browser',
    async saveFile({ suggestedName, mime, data }) {
      const name = suggestedName.includes('.') ? suggestedName : `${suggestedName}.${EXPORT_TYPES[mime].extension}`;
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
      return { saved: true, name };
    },
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
