/**
 * Type-checking stand-in for the parts of Electron's API this app uses, for machines where npm skipped the
 * optional `electron` package (its binary download is blocked). tsconfig's `paths` tries the real package
 * first and falls back to this file; nothing imports it at run time. Signatures follow Electron 39's
 * electron.d.ts.
 */

export interface WebContents {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): this;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): this;
  on(event: 'will-prevent-unload', listener: (event: { preventDefault(): void }) => void): this;
  once(event: 'did-finish-load', listener: () => void): this;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

export interface WebFrameMain {
  readonly url: string;
}

export interface IpcMainInvokeEvent {
  readonly sender: WebContents;
  readonly senderFrame: WebFrameMain | null;
}

export interface IpcRendererEvent {
  readonly sender: unknown;
}

export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  title?: string;
  show?: boolean;
  backgroundColor?: string;
  webPreferences?: {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    spellcheck?: boolean;
  };
}

export declare class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  readonly webContents: WebContents;
  static getFocusedWindow(): BrowserWindow | null;
  static getAllWindows(): BrowserWindow[];
  loadURL(url: string): Promise<void>;
  show(): void;
  on(event: 'closed', listener: () => void): this;
  once(event: 'ready-to-show', listener: () => void): this;
}

export interface MenuItemConstructorOptions {
  label?: string;
  role?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  accelerator?: string;
  registerAccelerator?: boolean;
  click?: () => void;
  submenu?: MenuItemConstructorOptions[];
}

export declare class MenuItem {
  label: string;
  submenu?: Menu;
  click(): void;
}

export declare class Menu {
  static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
  static setApplicationMenu(menu: Menu | null): void;
  static getApplicationMenu(): Menu | null;
  items: MenuItem[];
}

export interface SaveDialogOptions {
  defaultPath?: string;
  filters?: { name: string; extensions: string[] }[];
}

export declare const app: {
  whenReady(): Promise<void>;
  on(event: 'window-all-closed' | 'activate', listener: () => void): void;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContents) => void): void;
  quit(): void;
  getVersion(): string;
  getPath(name: 'userData'): string;
  setName(name: string): void;
  readonly commandLine: { appendSwitch(name: string, value?: string): void };
  readonly isPackaged: boolean;
};

export interface OpenDialogOptions {
  properties?: ('openFile' | 'openDirectory' | 'multiSelections')[];
  filters?: { name: string; extensions: string[] }[];
}

export declare const dialog: {
  showOpenDialog(
    window: BrowserWindow,
    options: OpenDialogOptions,
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showMessageBox(
    window: BrowserWindow,
    options: { type?: 'none' | 'info' | 'error' | 'question' | 'warning'; message: string },
  ): Promise<unknown>;
  showMessageBoxSync(
    window: BrowserWindow,
    options: {
      type?: 'none' | 'info' | 'error' | 'question' | 'warning';
      buttons?: string[];
      defaultId?: number;
      cancelId?: number;
      message: string;
      detail?: string;
    },
  ): number;
  showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath: string }>;
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath: string }>;
};

export declare const ipcMain: {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => void): unknown;
};

export declare const ipcRenderer: {
  invoke(channel: string, ...args: unknown[]): Promise<any>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (...args: any[]) => void): unknown;
};

export declare const webUtils: {
  getPathForFile(file: File): string;
};

export declare const contextBridge: {
  exposeInMainWorld(apiKey: string, api: unknown): void;
};

export declare const shell: {
  openExternal(url: string): Promise<void>;
};

export declare const nativeTheme: {
  themeSource: 'system' | 'light' | 'dark';
  readonly shouldUseDarkColors: boolean;
};

export declare const protocol: {
  registerSchemesAsPrivileged(
    schemes: {
      scheme: string;
      privileges?: {
        standard?: boolean;
        secure?: boolean;
        supportFetchAPI?: boolean;
        corsEnabled?: boolean;
        codeCache?: boolean;
      };
    }[],
  ): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
};

export declare const session: {
  readonly defaultSession: {
    setPermissionRequestHandler(
      handler: (contents: WebContents, permission: string, callback: (granted: boolean) => void) => void,
    ): void;
    setPermissionCheckHandler(handler: () => boolean): void;
    readonly webRequest: {
      onBeforeRequest(
        listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void,
      ): void;
    };
  };
};
