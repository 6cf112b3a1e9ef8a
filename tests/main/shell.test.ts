/** The Electron shell's pure parts: window options, the app:// protocol and the menu. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY, appResponse, contentType, resolveAppPath } from '../../src-main/app-protocol';
import { COMMANDS, type Command } from '../../src-common/commands';
import { menuTemplate, type MenuItemTemplate } from '../../src-main/menu';
import { mainWindowOptions } from '../../src-main/window-options';
import { originOf } from '../../src-main/sender';

describe('main window', () => {
  it.each([
    ['in development', true],
    ['packaged', false],
  ])('follows the security checklist %s', (_when, devTools) => {
    const { webPreferences } = mainWindowOptions('/app/preload.cjs', false, { devTools });
    expect(webPreferences).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools,
    });
  });
});

describe('app:// protocol', () => {
  const root = '/opt/studio/out/renderer';

  it.each([
    ['app://studio/index.html', join(root, 'index.html')],
    ['app://studio/', join(root, 'index.html')],
    ['app://studio/assets/index-abc.js', join(root, 'assets/index-abc.js')],
    ['app://studio/assets/a%20b.css', join(root, 'assets/a b.css')],
  ])('serves %s from the renderer folder', (url, path) => {
    expect(resolveAppPath(root, url)).toBe(path);
  });

  it.each([
    // The URL parser already folds plain and %2e dot segments back to the root...
    ['app://studio/../main/main.js', join(root, 'main/main.js')],
    ['app://studio/%2e%2e/%2e%2e/etc/passwd', join(root, 'etc/passwd')],
    // ...but an encoded slash only becomes ../ once decoded: those must be refused.
    ['app://studio/..%2f..%2fetc/passwd', null],
    ['app://studio/assets/..%2f..%2f..%2fmain.js', null],
    ['app://studio/..%2frenderer-evil/x.js', null],
    ['app://studio/assets/..%2findex.html', join(root, 'index.html')],
  ])('never leaves the renderer folder: %s → %s', (url, path) => {
    expect(resolveAppPath(root, url)).toBe(path);
  });

  it.each(['app://other/index.html', 'https://studio/index.html', 'app://studio/%00', 'not a url'])(
    'serves nothing for %s',
    (url) => {
      expect(resolveAppPath(root, url)).toBeNull();
    },
  );

  it.each([
    ['a file', 'app://studio/index.html', 200],
    ['a missing file', 'app://studio/missing.js', 404],
    ['an escape', 'app://studio/..%2f..%2fetc/passwd', 404],
    ['another host', 'app://other/index.html', 404],
  ])('answers %s with the CSP and nosniff', async (_what, url, status) => {
    const read = async (path: string) => {
      if (path === join(root, 'index.html')) return new TextEncoder().encode('<!doctype html>');
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    const response = await appResponse(root, url, 'default-src none', read);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toBe('default-src none');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('labels files with their type', () => {
    expect(contentType('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('a/x.js')).toBe('text/javascript; charset=utf-8');
    expect(contentType('a/x.bin')).toBe('application/octet-stream');
  });

  it('has a real origin for the CSP and the sender check', () => {
    expect(originOf(APP_ENTRY)).toBe('app://studio');
    expect(originOf('http://127.0.0.1:5173/x')).toBe('http://127.0.0.1:5173');
  });
});

describe('application menu', () => {
  const flatten = (items: MenuItemTemplate[]): MenuItemTemplate[] =>
    items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);

  it('has File (Export…, Quit), View (zoom, fit, theme) and Help (About, Keyboard shortcuts)', () => {
    const menu = menuTemplate(() => {}, { mac: false, devTools: false });
    const labels = (top: string) =>
      menu
        .find((m) => m.label === top)!
        .submenu!.filter((i) => i.label)
        .map((i) => i.label);
    expect(menu.map((m) => m.label)).toEqual(['File', 'View', 'Backprop', 'Help']);
    expect(labels('Backprop')).toEqual([
      'Play / pause backprop',
      'Step back',
      'Step forward',
      'Back to loss',
      'To the leaves',
    ]);
    const play = menu.find((m) => m.label === 'Backprop')!.submenu![0];
    expect(play).toMatchObject({ accelerator: 'Space', registerAccelerator: false });
    expect(labels('File')).toEqual([
      'Open notebook…',
      'Open Recent',
      'Open sample notebook',
      'Back to the built-in lecture',
      'Stop the run',
      'Save notebook',
      'Save notebook as…',
      'Start the exercise',
      'Export…',
      'Quit',
    ]);
    const file = menu.find((m) => m.label === 'File')!.submenu!;
    expect(file.find((i) => i.label === 'Save notebook')).toMatchObject({ accelerator: 'CmdOrCtrl+S' });
    expect(file.find((i) => i.label === 'Save notebook as…')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+S' });
    expect(labels('View')).toEqual(
      expect.arrayContaining(['Zoom in', 'Zoom out', 'Fit to window', 'Toggle theme', 'Find node…']),
    );
    expect(labels('Help')).toEqual(['About Backprop Studio', 'Keyboard shortcuts']);
  });

  it('sends each item’s command to the page, and leaves its keys to the page', () => {
    const sent: Command[] = [];
    const items = flatten(menuTemplate((c) => sent.push(c), { mac: false, devTools: false })).filter((i) => i.click);
    for (const item of items) item.click!();
    expect(sent.sort()).toEqual([...COMMANDS].sort());
    for (const item of items.filter((i) => i.accelerator)) expect(item.registerAccelerator).toBe(false);
    const quit = flatten(menuTemplate(() => {}, { mac: false, devTools: false })).find((i) => i.label === 'Quit')!;
    expect(quit).toMatchObject({ role: 'quit', accelerator: 'CmdOrCtrl+Q' });
  });

  it('lists recent notebooks under File → Open Recent, newest first, and opens the one chosen', () => {
    const opened: string[] = [];
    const recent = { paths: ['/nb/b.ipynb', '/nb/a.py'], open: (p: string) => opened.push(p) };
    const file = menuTemplate(() => {}, { mac: false, devTools: false, recent }).find((m) => m.label === 'File')!;
    const items = file.submenu!.find((i) => i.label === 'Open Recent')!.submenu!;
    expect(items.map((i) => i.label)).toEqual(['/nb/b.ipynb', '/nb/a.py']);
    items[1].click!();
    expect(opened).toEqual(['/nb/a.py']);
    const none = menuTemplate(() => {}, { mac: false, devTools: false })
      .find((m) => m.label === 'File')!
      .submenu!.find((i) => i.label === 'Open Recent')!;
    expect(none.submenu).toEqual([{ label: 'No recent notebooks', enabled: false }]);
  });

  it('adds the app menu on macOS and DevTools when not packaged', () => {
    const items = flatten(menuTemplate(() => {}, { mac: true, devTools: true }));
    expect(items[0]).toEqual({ role: 'appMenu' });
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});
