/**
 * The preload is what the page can call. It must not let the page open (and so later save over) a file by
 * naming its path: only a path Electron gave for a File the person dropped, the open dialog, Open Recent.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { StudioApi } from '../../src-common/ipc-contract';
import { CHANNELS, DROPPED_CHANNEL } from '../../src-common/ipc-contract';

const invoked: unknown[][] = [];
const sent: unknown[][] = [];
let api: StudioApi;

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (_key: string, value: StudioApi) => (api = value) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => (invoked.push(args), null),
    send: (...args: unknown[]) => void sent.push(args),
    on: () => {},
    removeListener: () => {},
  },
  // Electron answers '' for a File that is not on disk (one the page built itself).
  webUtils: { getPathForFile: (file: { diskPath?: string }) => file.diskPath ?? '' },
}));

beforeAll(async () => {
  await import('../../src-main/preload');
});

describe('the preload', () => {
  it('refuses to open a path the page names, so main never makes that file savable', async () => {
    await expect(api.openNotebook!({ path: '/home/me/.config/startup.py' })).rejects.toThrow(
      'only a file dropped on the window can be opened by its path',
    );
    const forged = { name: 'startup.py' } as unknown as File;
    expect(api.pathForFile!(forged)).toBe('');
    await expect(api.openNotebook!({ path: '' })).rejects.toThrow();
    expect(invoked).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('opens a dropped file by the path Electron gave for it, and the dialog without one', async () => {
    const dropped = { name: 'mine.ipynb', diskPath: '/home/me/mine.ipynb' } as unknown as File;
    const path = api.pathForFile!(dropped);
    await api.openNotebook!({ path });
    await api.openNotebook!({});
    expect(invoked).toEqual([
      [CHANNELS.openNotebook, { path: '/home/me/mine.ipynb' }],
      [CHANNELS.openNotebook, {}],
    ]);
    // Main hears of the drop from the preload, and opens only a path it heard of.
    expect(sent).toEqual([[DROPPED_CHANNEL, '/home/me/mine.ipynb']]);
  });

  it('passes a clicked link to main, which checks it and opens it in the system browser', async () => {
    invoked.length = 0;
    await api.openExternal!('https://github.com/karpathy/makemore');
    expect(invoked).toEqual([[CHANNELS.openExternal, 'https://github.com/karpathy/makemore']]);
  });
});
