/** The main window's options: Electron's security checklist in one place. */
import { PALETTES } from '../src-common/view/palette';

export interface SecureWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    spellcheck: false;
    /** Only in development: a packaged app's users get no console into the page. */
    devTools: boolean;
  };
}

export function mainWindowOptions(preload: string, dark: boolean, options: { devTools: boolean }): SecureWindowOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Backprop Studio',
    show: false,
    backgroundColor: PALETTES[dark ? 'dark' : 'light'].bg,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}
