// A stand-in for the `electron` module, for running the built main bundle in plain Node: every API main
// uses, recording what main asks of it in globalThis.fakeElectron for the harness to inspect.
const record = {
  windows: [],
  protocolHandlers: {},
  privileged: [],
  ipcHandlers: {},
  ipcListeners: {},
  appEvents: {},
  session: {},
  menu: null,
  external: [],
  switches: [],
};
globalThis.fakeElectron = record;

let nextId = 1;
export class BrowserWindow {
  constructor(options) {
    this.options = options;
    this.loaded = [];
    this.webContents = { id: nextId++, send() {}, on() {}, once() {} };
    record.windows.push(this);
  }
  on() {}
  once() {}
  show() {}
  loadURL(url) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  static getAllWindows = () => record.windows;
  static getFocusedWindow = () => record.windows[0] ?? null;
}

export const app = {
  isPackaged: process.env.FAKE_PACKAGED === '1',
  setName() {},
  commandLine: { appendSwitch: (name, value) => record.switches.push([name, value]) },
  getVersion: () => '0.0.0',
  // A folder nothing is kept in: the recent-files list lives under userData.
  getPath: () => '/nonexistent/backprop-studio-fake-user-data',
  on(event, fn) {
    (record.appEvents[event] ??= []).push(fn);
  },
  whenReady: () => Promise.resolve(),
  quit() {},
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => record.privileged.push(...schemes),
  handle: (scheme, fn) => (record.protocolHandlers[scheme] = fn),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (fn) => (record.session.permissionRequest = fn),
    setPermissionCheckHandler: (fn) => (record.session.permissionCheck = fn),
    webRequest: { onBeforeRequest: (fn) => (record.session.beforeRequest = fn) },
  },
};

export const ipcMain = {
  handle: (channel, fn) => (record.ipcHandlers[channel] = fn),
  removeHandler: (channel) => delete record.ipcHandlers[channel],
  on: (channel, fn) => (record.ipcListeners[channel] = fn),
};

export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu: (menu) => (record.menu = menu),
};

export const nativeTheme = { shouldUseDarkColors: false, themeSource: 'system' };
export const dialog = { showSaveDialog: async () => ({ canceled: true }) };
export const shell = {
  openExternal: async (url) => {
    record.external.push(url);
  },
};

export default { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session, shell };
