/**
 * The IPC handlers through their typed contract: a fake ipcMain records what main registers, and each test
 * invokes a channel as the renderer would, from a trusted window or from somewhere else.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  CHANNELS,
  parseRequest,
  type AppInfo,
  type InvokeChannel,
  type RequestOf,
  type ResponseOf,
} from '../../src-common/ipc-contract';
import { createHandlers, type HandlerDeps } from '../../src-main/ipc-handlers';
import { OpenedFiles } from '../../src-main/opened-files';
import { registerIpc, type InvokeEventLike, type IpcMainLike } from '../../src-main/ipc-register';
import { isTrustedSender } from '../../src-main/sender';

const INFO: AppInfo = { name: 'Backprop Studio', version: '0.1.0', mode: 'electron', versions: { electron: '39.0.0' } };

function fakeDeps(overrides: Partial<HandlerDeps> = {}) {
  const written: { path: string; data: string | Uint8Array }[] = [];
  const themes: string[] = [];
  const opened: string[] = [];
  const deps: HandlerDeps = {
    chooseNotebookPath: async () => null,
    readBytes: async () => null,
    opened: () => {},
    openedFiles: new OpenedFiles(),
    droppedPaths: new Set(),
    chooseSavePath: async (name) => `/home/me/exports/${name}`,
    exists: async () => false,
    writeFile: async (path, data) => {
      written.push({ path, data });
    },
    appInfo: () => INFO,
    setTheme: (t) => themes.push(t),
    openExternal: async (url) => {
      opened.push(url);
    },
    ...overrides,
  };
  return { deps, written, themes, opened };
}

/** Registers the handlers on a fake ipcMain and returns a typed `invoke` that goes through it. */
function wire(deps: HandlerDeps) {
  const registered = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => registered.set(channel, listener),
    removeHandler: (channel) => registered.delete(channel),
  };
  const policy = { webContentsIds: new Set([7]), origins: ['app://studio'] };
  const unregister = registerIpc(ipcMain, createHandlers(deps), (facts) => isTrustedSender(facts, policy));
  const trusted: InvokeEventLike = { sender: { id: 7 }, senderFrame: { url: 'app://studio/index.html' } };
  async function invoke<C extends InvokeChannel>(
    channel: C,
    request: RequestOf<C> | unknown,
    event = trusted,
  ): Promise<ResponseOf<C>> {
    const listener = registered.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return (await listener(event, request)) as ResponseOf<C>;
  }
  return { registered, invoke, unregister };
}

describe('IPC handlers', () => {
  it('registers exactly the contract channels, and removes them again', () => {
    const { registered, unregister } = wire(fakeDeps().deps);
    expect([...registered.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
    unregister();
    expect(registered.size).toBe(0);
  });

  it('saveFile asks where to save, writes the data and answers with the file name', async () => {
    const { deps, written } = fakeDeps();
    const { invoke } = wire(deps);
    const response = await invoke(CHANNELS.saveFile, {
      suggestedName: 'graph.json',
      mime: 'application/json',
      data: '{"a":1}',
    });
    expect(response).toEqual({ saved: true, name: 'graph.json' });
    expect(written).toEqual([{ path: '/home/me/exports/graph.json', data: '{"a":1}' }]);
  });

  it('saveFile adds the extension when the person typed none and no such file exists, and writes bytes as bytes', async () => {
    const { deps, written } = fakeDeps({ chooseSavePath: async () => '/tmp/picture' });
    const { invoke } = wire(deps);
    const bytes = new Uint8Array([137, 80, 78, 71]);
    expect(await invoke(CHANNELS.saveFile, { suggestedName: 'graph.png', mime: 'image/png', data: bytes })).toEqual({
      saved: true,
      name: 'picture.png',
    });
    expect(written[0]).toEqual({ path: '/tmp/picture.png', data: bytes });
  });

  it.each([
    ['cancels', null, { saved: false }, []],
    ['confirms', '/tmp/notes.json', { saved: true, name: 'notes.json' }, ['/tmp/notes.json']],
    ['picks another name', '/tmp/notes-2.json', { saved: true, name: 'notes-2.json' }, ['/tmp/notes-2.json']],
  ])(
    'saveFile never overwrites a file the dialog did not confirm: asked again with notes.json, the person %s',
    async (_what, second, response, paths) => {
      const asked: string[] = [];
      const answers = ['/tmp/notes', second];
      const { deps, written } = fakeDeps({
        chooseSavePath: async (defaultPath) => (asked.push(defaultPath), answers.shift()!),
        exists: async (path) => path === '/tmp/notes.json',
      });
      const { invoke } = wire(deps);
      expect(
        await invoke(CHANNELS.saveFile, { suggestedName: 'graph.json', mime: 'application/json', data: '{}' }),
      ).toEqual(response);
      expect(asked).toEqual(['graph.json', '/tmp/notes.json']);
      expect(written.map((w) => w.path)).toEqual(paths);
    },
  );

  it('saveFile writes nothing when the dialog is cancelled', async () => {
    const { deps, written } = fakeDeps({ chooseSavePath: async () => null });
    const { invoke } = wire(deps);
    expect(
      await invoke(CHANNELS.saveFile, { suggestedName: 'graph.json', mime: 'application/json', data: '{}' }),
    ).toEqual({ saved: false });
    expect(written).toEqual([]);
  });

  it('saveFile passes the type as the dialog filter', async () => {
    const chooseSavePath = vi.fn(async () => null);
    const { invoke } = wire(fakeDeps({ chooseSavePath }).deps);
    await invoke(CHANNELS.saveFile, { suggestedName: 'graph.svg', mime: 'image/svg+xml', data: '<svg/>' });
    expect(chooseSavePath).toHaveBeenCalledWith('graph.svg', { name: 'SVG image', extensions: ['svg'] });
  });

  it('appInfo and setTheme', async () => {
    const { deps, themes } = fakeDeps();
    const { invoke } = wire(deps);
    expect(await invoke(CHANNELS.appInfo, undefined)).toEqual(INFO);
    await invoke(CHANNELS.setTheme, 'dark');
    expect(themes).toEqual(['dark']);
  });

  it('openExternal hands only a web link to the system browser', async () => {
    const { deps, opened } = fakeDeps();
    const { invoke } = wire(deps);
    await invoke(CHANNELS.openExternal, 'https://github.com/karpathy/nn-zero-to-hero');
    await invoke(CHANNELS.openExternal, 'http://example.com/a b?q=1');
    expect(opened).toEqual(['https://github.com/karpathy/nn-zero-to-hero', 'http://example.com/a%20b?q=1']);
    for (const bad of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://studio/index.html',
      'smb://host/share',
      'ms-settings:',
      'mailto:a@b.c',
      '/relative/path',
      'https://user:secret@example.com/',
      `https://example.com/${'a'.repeat(3000)}`,
      42,
      null,
    ])
      await expect(invoke(CHANNELS.openExternal, bad), String(bad)).rejects.toThrow('only an http or https URL');
    const event = { sender: { id: 99 }, senderFrame: { url: 'app://studio/index.html' } };
    await expect(invoke(CHANNELS.openExternal, 'https://example.com/', event)).rejects.toThrow('untrusted sender');
    expect(opened).toHaveLength(2);
  });

  it.each([
    ['a window main did not create', { sender: { id: 99 }, senderFrame: { url: 'app://studio/index.html' } }],
    ['a frame from another origin', { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } }],
    ['a file:// frame', { sender: { id: 7 }, senderFrame: { url: 'file:///etc/passwd' } }],
    ['a lookalike host', { sender: { id: 7 }, senderFrame: { url: 'app://studio.evil/index.html' } }],
    ['a frame that is gone', { sender: { id: 7 }, senderFrame: null }],
  ])('refuses messages from %s', async (_what, event) => {
    const { deps, written, themes } = fakeDeps();
    const { invoke } = wire(deps);
    await expect(
      invoke(CHANNELS.saveFile, { suggestedName: 'x.json', mime: 'application/json', data: '{}' }, event),
    ).rejects.toThrow('untrusted sender');
    await expect(invoke(CHANNELS.setTheme, 'dark', event)).rejects.toThrow('untrusted sender');
    await expect(invoke(CHANNELS.appInfo, undefined, event)).rejects.toThrow('untrusted sender');
    expect(written).toEqual([]);
    expect(themes).toEqual([]);
  });

  it.each([
    [{ suggestedName: '../../.bashrc', mime: 'application/json', data: '' }, 'plain file name'],
    [{ suggestedName: '/etc/passwd', mime: 'application/json', data: '' }, 'plain file name'],
    [{ suggestedName: '..', mime: 'application/json', data: '' }, 'plain file name'],
    [{ suggestedName: 'x.exe', mime: 'application/x-msdownload', data: '' }, 'unsupported type'],
    [{ suggestedName: 'x.json', mime: 'application/json', data: 42 }, 'string or bytes'],
    [null, 'expected an object'],
    ['graph.json', 'expected an object'],
  ])('refuses a malformed saveFile request %#', async (request, message) => {
    const { deps, written } = fakeDeps();
    const { invoke } = wire(deps);
    await expect(invoke(CHANNELS.saveFile, request)).rejects.toThrow(message);
    expect(written).toEqual([]);
  });

  it('refuses a theme that is not light or dark, and arguments to appInfo', async () => {
    const { invoke } = wire(fakeDeps().deps);
    await expect(invoke(CHANNELS.setTheme, 'solarized')).rejects.toThrow('light or dark');
    await expect(invoke(CHANNELS.appInfo, { path: '/' })).rejects.toThrow('takes no arguments');
  });

  it('parsers return the typed request unchanged when it is valid', () => {
    const request = { suggestedName: 'backprop-studio-graph.json', mime: 'application/json', data: '{}' } as const;
    expect(parseRequest[CHANNELS.saveFile](request)).toEqual(request);
    expect(parseRequest[CHANNELS.setTheme]('light')).toBe('light');
  });
});
