/**
 * The preload: exposes `window.studio` (the contract's StudioApi) and nothing else. Named functions over
 * ipcRenderer.invoke; the page never sees ipcRenderer. Runs sandboxed, so it imports only 'electron'.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  API_KEY,
  CHANNELS,
  COMMAND_CHANNEL,
  NOTEBOOK_CHANNEL,
  parseCommand,
  type NotebookFile,
  type StudioApi,
} from '../src-common/ipc-contract';

const api: StudioApi = {
  mode: 'electron',
  saveFile: (request) => ipcRenderer.invoke(CHANNELS.saveFile, request),
  saveNotebook: (request) => ipcRenderer.invoke(CHANNELS.saveNotebook, request),
  saveNotebookAs: (request) => ipcRenderer.invoke(CHANNELS.saveNotebookAs, request),
  appInfo: () => ipcRenderer.invoke(CHANNELS.appInfo),
  setTheme: (theme) => ipcRenderer.invoke(CHANNELS.setTheme, theme),
  openNotebook: (request) => ipcRenderer.invoke(CHANNELS.openNotebook, request),
  pathForFile: (file) => webUtils.getPathForFile(file),
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
