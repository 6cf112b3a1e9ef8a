/**
 * The preload: exposes `window.studio` (the contract's StudioApi) and nothing else. Named functions over
 * ipcRenderer.invoke; the page never sees ipcRenderer. Runs sandboxed, so it imports only 'electron'.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  API_KEY,
  CHANNELS,
  COMMAND_CHANNEL,
  DROPPED_CHANNEL,
  NOTEBOOK_CHANNEL,
  parseCommand,
  type NotebookFile,
  type StudioApi,
} from '../src-common/ipc-contract';

/**
 * The paths Electron gave for real File objects the person dropped on the window: the only paths the page
 * may ask main to open (and so to save back into). A page cannot make one up: a File it builds itself has
 * no path on disk, and the open dialog, Open Recent and the command line never pass through here.
 */
const dropped = new Set<string>();

const api: StudioApi = {
  mode: 'electron',
  saveFile: (request) => ipcRenderer.invoke(CHANNELS.saveFile, request),
  saveNotebook: (request) => ipcRenderer.invoke(CHANNELS.saveNotebook, request),
  saveNotebookAs: (request) => ipcRenderer.invoke(CHANNELS.saveNotebookAs, request),
  appInfo: () => ipcRenderer.invoke(CHANNELS.appInfo),
  setTheme: (theme) => ipcRenderer.invoke(CHANNELS.setTheme, theme),
  openExternal: (url) => ipcRenderer.invoke(CHANNELS.openExternal, url),
  openNotebook(request) {
    const path: unknown = (request as { path?: unknown } | null)?.path;
    if (path === undefined) return ipcRenderer.invoke(CHANNELS.openNotebook, {});
    if (typeof path !== 'string' || !dropped.has(path))
      return Promise.reject(new Error('only a file dropped on the window can be opened by its path'));
    return ipcRenderer.invoke(CHANNELS.openNotebook, { path });
  },
  pathForFile(file) {
    const path = webUtils.getPathForFile(file);
    if (path) {
      dropped.add(path);
      // Main checks again: it opens a path only if it heard of the drop here.
      ipcRenderer.send(DROPPED_CHANNEL, path);
    }
    return path;
  },
  onNotebook(listener) {
    const wrapped = (_event: IpcRendererEvent, file: NotebookFile) => listener(file);
    ipcRenderer.on(NOTEBOOK_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(NOTEBOOK_CHANNEL, wrapped);
    };
  },
  onCommand(listener) {
    const wrapped = (_event: IpcRendererEvent, raw: unknown) => {
      const command = parseCommand(raw);
      if (command) listener(command);
    };
    ipcRenderer.on(COMMAND_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(COMMAND_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld(API_KEY, api);
