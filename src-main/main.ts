/**
 * Electron's main process: one secure window on the app:// origin, the application menu, and the IPC
 * handlers behind the preload's API. The core runs in the page (in a worker), never here.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  session,
  shell,
  type WebContents,
} from 'electron';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ENTRY, APP_ORIGIN, APP_SCHEME, appResponse } from './app-protocol';
import type { Command } from '../src-common/commands';
import { contentSecurityPolicy } from '../src-common/csp';
import { COMMAND_CHANNEL, DROPPED_CHANNEL, isNotebookPath, NOTEBOOK_CHANNEL } from '../src-common/ipc-contract';
import { writeFileAtomic } from '../src-node/write-atomic';
import { readRegularFile } from '../src-node/read-regular';
import { servableFile } from '../src-node/app-files';
import { readNotebookFile, type ReadBytes } from './notebook-reader';
import { RecentFiles } from './recent-files';
import { OpenedFiles } from './opened-files';
import { confirmLeave } from './unsaved';
import { createHandlers } from './ipc-handlers';
import { registerIpc, senderFacts } from './ipc-register';
import { menuTemplate } from './menu';
import { isTrustedSender, originOf, type SenderFacts } from './sender';
import { mainWindowOptions } from './window-options';
import { notebookFromArgs } from './command-line';

const here = dirname(fileURLToPath(import.meta.url));
const rendererRoot = join(here, '../renderer');
const preloadPath = join(here, '../preload/preload.cjs');
/**
 * Development is a build made by `electron-vite dev` (`npm run dev`), decided when main is built
 * (electron.config.ts), never by the environment: the app `npm start` builds and a packaged app both run
 * as a user gets them, without devtools and without ELECTRON_RENDERER_URL, which anyone who can set an
 * environment variable could point at a remote page that would then be trusted for IPC.
 */
const development = __BPS_DEVELOPMENT__ && !app.isPackaged;
/** Set by `electron-vite dev`; otherwise the built renderer is served on app://studio. */
const devUrl = development ? process.env.ELECTRON_RENDERER_URL : undefined;
const entryUrl = devUrl ?? APP_ENTRY;
const origins = [APP_ORIGIN, ...(devUrl ? [originOf(devUrl)!] : [])];
const windowIds = new Set<number>();

protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
  },
]);
app.setName('Backprop Studio');
// The Python worker's bridge asks for a collection once a notebook drops big tensors (core/notebook/bridge.ts,
// COLLECT_AFTER_BYTES): PyTorch frees them at once, and V8 alone lets hundreds of MB of dead arrays wait.
app.commandLine.appendSwitch('js-flags', '--expose-gc');

function isAppUrl(url: string): boolean {
  const origin = originOf(url);
  return origin !== null && origins.includes(origin);
}

function serveRenderer(): void {
  const csp = contentSecurityPolicy();
  // Only regular files whose real path stays in the renderer's folder (no link out of it).
  const read = async (path: string) => {
    const file = servableFile(rendererRoot, path);
    if (!file) throw new Error('not servable');
    return readFile(file);
  };
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererRoot, request.url, csp, read));
}

function lockDown(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // No remote content: only the app's own origin (and devtools) may load anything.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url) || /^(devtools|data|blob):/.test(details.url);
    callback({ cancel: !allowed });
  });
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(
    mainWindowOptions(preloadPath, nativeTheme.shouldUseDarkColors, { devTools: development }),
  );
  const id = win.webContents.id;
  windowIds.add(id);
  win.on('closed', () => windowIds.delete(id));
  win.once('ready-to-show', () => win.show());
  // A notebook named on the command line opens once the page can take it, as Open Recent does.
  const fromArgs = windowIds.size === 1 ? notebookFromArgs(process.argv, process.cwd()) : null;
  if (fromArgs) win.webContents.once('did-finish-load', () => void openChosen(fromArgs));
  // The page blocks unloading while it has unsaved edits (beforeunload); main asks the person what to do.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, confirmLeave());
    if (choice === 0) event.preventDefault(); // "Close without saving": let the page go.
  });
  void win.loadURL(entryUrl);
  return win;
}

function sendCommand(command: Command): void {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  win?.webContents.send(COMMAND_CHANNEL, command);
}

/** A regular file's bytes (src-node/read-regular.ts): main reads only what the person chose or a notebook names. */
const readBytes: ReadBytes = async (path, limit, within) => readRegularFile(path, limit, within);

function setMenu(recent: readonly string[]): void {
  const template = menuTemplate(sendCommand, {
    mac: process.platform === 'darwin',
    devTools: development,
    recent: { paths: recent, open: (path) => void openChosen(path) },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

const recentFiles = new RecentFiles(join(app.getPath('userData'), 'recent-notebooks.json'), setMenu);
const openedFiles = new OpenedFiles();
/** Files dropped on the window, as the preload tells: the only paths main opens for the page. */
const droppedPaths = new Set<string>();

/**
 * File → Open Recent, or the command line: main reads the file and hands it to the page; a file that
 * has gone leaves the list.
 */
async function openChosen(path: string): Promise<void> {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  try {
    const file = await readNotebookFile(path, readBytes);
    recentFiles.add(path);
    openedFiles.add(path);
    win?.webContents.send(NOTEBOOK_CHANNEL, file);
  } catch {
    recentFiles.remove(path);
    if (win)
      await dialog.showMessageBox(win, {
        type: 'warning',
        message: `${path} could not be read; it was removed from Open Recent.`,
      });
  }
}

const handlers = createHandlers({
  async chooseNotebookPath() {
    const win = BrowserWindow.getFocusedWindow();
    const options = {
      properties: ['openFile' as const],
      filters: [{ name: 'Notebooks', extensions: ['ipynb', 'py'] }],
    };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  readBytes,
  opened: (path) => recentFiles.add(path),
  openedFiles,
  droppedPaths,
  async chooseSavePath(defaultPath, filter) {
    const win = BrowserWindow.getFocusedWindow();
    const options = { defaultPath, filters: [filter] };
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  },
  exists: async (path) => existsSync(path),
  writeFile: async (path, data) => writeFileAtomic(path, data),
  appInfo: () => ({
    name: 'Backprop Studio',
    version: app.getVersion(),
    mode: 'electron',
    versions: {
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
    },
  }),
  // The contract let through only http(s) URLs (webUrl); the system browser opens them, never this window.
  openExternal: (url) => shell.openExternal(url),
  setTheme: (theme) => {
    nativeTheme.themeSource = theme;
  },
});

app.on('window-all-closed', () => app.quit());

void app.whenReady().then(() => {
  serveRenderer();
  lockDown();
  const trusted = (facts: SenderFacts) => isTrustedSender(facts, { webContentsIds: windowIds, origins });
  registerIpc(ipcMain, handlers, trusted);
  ipcMain.on(DROPPED_CHANNEL, (event, path: unknown) => {
    if (trusted(senderFacts(event)) && isNotebookPath(path)) droppedPaths.add(path);
  });
  setMenu([]);
  void recentFiles.load();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});
