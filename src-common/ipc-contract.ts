/**
 * Every IPC channel between the renderer and main, with its request and response types and the runtime
 * check main applies to what the renderer sent (after Electron Fiddle's ipc-events). The preload exposes
 * exactly `StudioApi`; browser mode implements the same interface without Electron.
 */
import { isCommand, type Command } from './commands';
import { MAX_NOTEBOOK_BYTES } from '../core/notebook/parse';
import type { CellEdit } from '../core/notebook/save';
import type { FileContent } from '../core/notebook/files';

export type { CellEdit };

export type Theme = 'light' | 'dark';

/** What Export… can write, with each type's file extension and its label in the save dialog. */
export const EXPORT_TYPES = {
  'application/json': { extension: 'json', label: 'JSON' },
  'image/svg+xml': { extension: 'svg', label: 'SVG image' },
  'image/png': { extension: 'png', label: 'PNG image' },
  'application/pdf': { extension: 'pdf', label: 'PDF document' },
  'image/gif': { extension: 'gif', label: 'GIF animation' },
} as const;
export type ExportMime = keyof typeof EXPORT_TYPES;

export interface SaveFileRequest {
  /** A bare file name (no directories), e.g. `graph.json`. */
  suggestedName: string;
  mime: ExportMime;
  /** Text, or bytes for binary formats. */
  data: string | Uint8Array;
}

export interface SaveFileResponse {
  saved: boolean;
  /** File name written (not the full path). */
  name?: string;
}

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'browser';
  /** Runtime versions worth showing in About (electron, chrome, node; or the browser's user agent). */
  versions: Record<string, string>;
}

/** A notebook as main read it: its bytes and the relative files it names (`names.txt`; null: not there). */
export interface NotebookFile {
  /** The file's name, no folders (shown in the app and its tracebacks). */
  name: string;
  bytes: Uint8Array;
  /**
   * By the relative path the notebook writes; null when there is no such file, a refusal when main would
   * not read it (core/notebook/files.ts). Null as a whole: none read.
   */
  files: Record<string, FileContent> | null;
  /** Electron only: where main read it, for saving back there. Absent: the sample, or a file a page was given. */
  path?: string;
}

/** File → Save: the edited cells back into the file main opened. */
export interface SaveNotebookRequest {
  /** NotebookFile.path of the file as opened (browser mode: its name, the download's). */
  path: string;
  /** The file's bytes the edits were made against (as opened, or as last saved). */
  base: Uint8Array;
  edits: CellEdit[];
  /** Write over a file that changed on disk where the edits cannot be merged in (the page asked the person). */
  overwrite?: boolean;
}

/** File → Save As… (always for the bundled sample, which is never overwritten). */
export interface SaveNotebookAsRequest {
  /** A bare file name ending in .ipynb or .py, the format of `base`. */
  suggestedName: string;
  base: Uint8Array;
  edits: CellEdit[];
}

export type SaveNotebookResponse =
  | {
      saved: true;
      /** The file name written (no folders). */
      name: string;
      /** Electron: where it was written, to save there next time. Absent in browser mode (a download). */
      path?: string;
      /** What is now in the file: the next save's base. */
      bytes: Uint8Array;
      /** The file had changed on disk in other cells; those changes were kept. */
      merged?: boolean;
    }
  /** Cancelled (no conflict), or not written because the file changed on disk in a way that clashes with the edits. */
  | { saved: false; conflict?: string };

export interface OpenNotebookRequest {
  /** A file to open (dropped on the window); absent: main shows the open dialog. */
  path?: string;
}

export const CHANNELS = {
  openNotebook: 'studio:open-notebook',
  saveNotebook: 'studio:save-notebook',
  saveNotebookAs: 'studio:save-notebook-as',
  saveFile: 'studio:save-file',
  appInfo: 'studio:app-info',
  setTheme: 'studio:set-theme',
  openExternal: 'studio:open-external',
} as const;

/** Main → renderer: a menu command. */
export const COMMAND_CHANNEL = 'studio:command';
/** Main → renderer: a notebook main read for File → Open Recent. */
export const NOTEBOOK_CHANNEL = 'studio:notebook';
/**
 * Preload → main: the path Electron gave for a File dropped on the window. Main opens a path the page names
 * only if it came this way (the page itself never sees this channel; the preload sends it).
 */
export const DROPPED_CHANNEL = 'studio:dropped-file';

export interface InvokeContract {
  [CHANNELS.openNotebook]: { request: OpenNotebookRequest; response: NotebookFile | null };
  [CHANNELS.saveNotebook]: { request: SaveNotebookRequest; response: SaveNotebookResponse };
  [CHANNELS.saveNotebookAs]: { request: SaveNotebookAsRequest; response: SaveNotebookResponse };
  [CHANNELS.saveFile]: { request: SaveFileRequest; response: SaveFileResponse };
  [CHANNELS.appInfo]: { request: void; response: AppInfo };
  [CHANNELS.setTheme]: { request: Theme; response: void };
  [CHANNELS.openExternal]: { request: string; response: void };
}
export type InvokeChannel = keyof InvokeContract;
export type RequestOf<C extends InvokeChannel> = InvokeContract[C]['request'];
export type ResponseOf<C extends InvokeChannel> = InvokeContract[C]['response'];

/** The API the preload puts on `window.studio`, and browser mode's stand-in for it. */
export interface StudioApi {
  readonly mode: 'electron' | 'browser';
  saveFile(request: SaveFileRequest): Promise<SaveFileResponse>;
  /** Saves edits into the file they were made in (Electron: main writes it atomically; browser: a download). */
  saveNotebook(request: SaveNotebookRequest): Promise<SaveNotebookResponse>;
  /** Saves edits into a new file the person names (Electron: the save dialog; browser: a download). */
  saveNotebookAs(request: SaveNotebookAsRequest): Promise<SaveNotebookResponse>;
  appInfo(): Promise<AppInfo>;
  setTheme(theme: Theme): Promise<void>;
  /** Subscribes to menu commands; returns the unsubscribe function. */
  onCommand(listener: (command: Command) => void): () => void;
  /** Electron only: the open dialog, or a dropped file, read by main with the files it names (null: cancelled). */
  openNotebook?(request: OpenNotebookRequest): Promise<NotebookFile | null>;
  /** Electron only: a dropped File's path on disk. */
  pathForFile?(file: File): string;
  /**
   * Electron only: a web link (http or https) the person clicked, opened in the system browser by main; the
   * app's window never navigates. Browser mode lets the link open a tab of its own (target=_blank, noopener).
   */
  openExternal?(url: string): Promise<void>;
  /** Electron only: notebooks main opened from File → Open Recent; returns the unsubscribe function. */
  onNotebook?(listener: (file: NotebookFile) => void): () => void;
}

export const API_KEY = 'studio';

export class BadRequestError extends Error {
  constructor(channel: string, why: string) {
    super(`${channel}: ${why}`);
    this.name = 'BadRequestError';
  }
}

const MAX_EXPORT_BYTES = 64 * 1024 * 1024;
/** Longer than any link a notebook needs. */
const MAX_URL_LENGTH = 2048;

/**
 * `raw` as an absolute http(s) URL with no user name or password in it (main hands it to the system
 * browser), normalised; null for anything else (file:, javascript:, a custom scheme, a relative path).
 */
export function webUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || !url.hostname) return null;
  return url.href;
}
/** More cells than any notebook edits in one save. */
const MAX_EDITS = 10_000;

export function isNotebookPath(path: unknown): path is string {
  return typeof path === 'string' && !path.includes('\0') && /\.(ipynb|py)$/i.test(path);
}

function parseEdits(raw: unknown, bad: (why: string) => Error): { base: Uint8Array; edits: CellEdit[] } {
  const { base, edits } = raw as Record<string, unknown>;
  if (!(base instanceof Uint8Array)) throw bad('base must be bytes');
  if (base.length > MAX_NOTEBOOK_BYTES) throw bad('base is too large');
  if (!Array.isArray(edits) || edits.length > MAX_EDITS) throw bad('edits must be a list');
  let total = 0;
  const out = edits.map((e: unknown) => {
    if (typeof e !== 'object' || e === null) throw bad('each edit must be an object');
    const { cell, source } = e as Record<string, unknown>;
    if (typeof cell !== 'number' || !Number.isInteger(cell) || cell < 0)
      throw bad("an edit's cell must be a cell index");
    if (typeof source !== 'string') throw bad("an edit's source must be text");
    total += source.length;
    return { cell, source };
  });
  if (total > MAX_NOTEBOOK_BYTES) throw bad('edits are too large');
  return { base, edits: out };
}

/** Main trusts no request it did not check: each parser returns the typed request or throws. */
export const parseRequest: { [C in InvokeChannel]: (raw: unknown) => RequestOf<C> } = {
  [CHANNELS.openNotebook](raw) {
    const bad = (why: string) => new BadRequestError(CHANNELS.openNotebook, why);
    if (typeof raw !== 'object' || raw === null) throw bad('expected an object');
    const { path } = raw as Record<string, unknown>;
    if (path === undefined) return {};
    if (!isNotebookPath(path)) throw bad('path must name a .ipynb or .py file');
    return { path };
  },
  [CHANNELS.saveNotebook](raw) {
    const bad = (why: string) => new BadRequestError(CHANNELS.saveNotebook, why);
    if (typeof raw !== 'object' || raw === null) throw bad('expected an object');
    const { path, overwrite } = raw as Record<string, unknown>;
    if (!isNotebookPath(path)) throw bad('path must name a .ipynb or .py file');
    if (overwrite !== undefined && typeof overwrite !== 'boolean') throw bad('overwrite must be true or false');
    return { path, ...parseEdits(raw, bad), ...(overwrite ? { overwrite } : {}) };
  },
  [CHANNELS.saveNotebookAs](raw) {
    const bad = (why: string) => new BadRequestError(CHANNELS.saveNotebookAs, why);
    if (typeof raw !== 'object' || raw === null) throw bad('expected an object');
    const { suggestedName } = raw as Record<string, unknown>;
    if (typeof suggestedName !== 'string' || !/^[\w.\- ]{1,100}\.(ipynb|py)$/i.test(suggestedName))
      throw bad('suggestedName must be a plain .ipynb or .py file name');
    return { suggestedName, ...parseEdits(raw, bad) };
  },
  [CHANNELS.saveFile](raw) {
    const bad = (why: string) => new BadRequestError(CHANNELS.saveFile, why);
    if (typeof raw !== 'object' || raw === null) throw bad('expected an object');
    const { suggestedName, mime, data } = raw as Record<string, unknown>;
    if (typeof suggestedName !== 'string' || !/^[\w.\- ]{1,100}$/.test(suggestedName) || /^\.+$/.test(suggestedName)) {
      throw bad('suggestedName must be a plain file name');
    }
    if (typeof mime !== 'string' || !(mime in EXPORT_TYPES)) throw bad(`unsupported type ${String(mime)}`);
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) throw bad('data must be a string or bytes');
    if (data.length > MAX_EXPORT_BYTES) throw bad('data is too large');
    return { suggestedName, mime: mime as ExportMime, data };
  },
  [CHANNELS.appInfo](raw) {
    if (raw !== undefined && raw !== null) throw new BadRequestError(CHANNELS.appInfo, 'takes no arguments');
  },
  [CHANNELS.setTheme](raw) {
    if (raw !== 'light' && raw !== 'dark') throw new BadRequestError(CHANNELS.setTheme, 'theme must be light or dark');
    return raw;
  },
  [CHANNELS.openExternal](raw) {
    const url = webUrl(raw);
    if (url === null) throw new BadRequestError(CHANNELS.openExternal, 'only an http or https URL is opened');
    return url;
  },
};

export function parseCommand(raw: unknown): Command | null {
  return isCommand(raw) ? raw : null;
}
