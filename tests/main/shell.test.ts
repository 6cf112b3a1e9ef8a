/** The Electron shell's pure parts: window options, CSP, the app:// protocol, the menu and the commands. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY, contentType, resolveAppPath } from '../../src-main/app-protocol';
import { COMMAND_INFO, COMMANDS, isCommand, toAccelerator, type Command } from '../../src-main/commands';
import { contentSecurityPolicy } from '../../src-main/csp';
import { parseCommand } from '../../src-main/ipc-contract';
import { menuTemplate, type MenuItemTemplate } from '../../src-main/menu';
import { mainWindowOptions } from '../../src-main/window-options';
import { originOf } from '../../src-main/sender';

describe('main window', () => {
  it('follows the security checklist', () => {
    const { webPreferences } = mainWindowOptions('/app/preload.cjs', false);
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('content security policy', () => {
  const directives = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('allows scripts, workers and connections only from the app itself', () => {
    const d = directives(contentSecurityPolicy());
    expect(d['default-src']).toEqual(["'none'"]);
    expect(d['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d['worker-src']).toEqual(["'self'"]);
    expect(d['connect-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/https?:|'unsafe-eval'|\*/);
  });

  it('opens the dev server websocket only in dev, and drops what <meta> cannot carry', () => {
    expect(directives(contentSecurityPolicy({ dev: true }))['connect-src']).toContain('ws://127.0.0.1:*');
    expect(contentSecurityPolicy({ meta: true })).not.toContain('frame-ancestors');
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
    'app://studio/../main/main.js',
    'app://studio/%2e%2e/%2e%2e/etc/passwd',
    'app://studio/..%2f..%2fetc/passwd',
    'app://studio/assets/..%2f..%2f..%2fmain.js',
  ])('never leaves the renderer folder for %s', (url) => {
    const path = resolveAppPath(root, url);
    expect(path === null || path.startsWith(`${root}/`)).toBe(true);
  });

  it.each([
    'app://other/index.html',
    'https://studio/index.html',
    'app://studio/%00',
    'not a url',
  ])('serves nothing for %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
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
  const flatten = (items: MenuItemTemplate[]): MenuItemTemplate[] => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);

  it('has File (Export…, Quit), View (zoom, fit, theme) and Help (About, Keyboard shortcuts)', () => {
    const menu = menuTemplate(() => {}, { mac: false, devTools: false });
    const labels = (top: string) => menu.find((m) => m.label === top)!.submenu!.filter((i) => i.label).map((i) => i.label);
    expect(menu.map((m) => m.label)).toEqual(['File', 'View', 'Backprop', 'Help']);
    expect(labels('Backprop')).toEqual(['Play / pause backprop', 'Step back', 'Step forward', 'Back to loss', 'To the leaves']);
    const play = menu.find((m) => m.label === 'Backprop')!.submenu![0];
    expect(play).toMatchObject({ accelerator: 'Space', registerAccelerator: false });
    expect(labels('File')).toEqual(['Open notebook…', 'Open Recent', 'Open sample notebook', 'Back to the built-in lecture', 'Export…', 'Quit']);
    expect(labels('View')).toEqual(expect.arrayContaining(['Zoom in', 'Zoom out', 'Fit to window', 'Toggle theme', 'Find node…']));
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
    const none = menuTemplate(() => {}, { mac: false, devTools: false }).find((m) => m.label === 'File')!.submenu!.find((i) => i.label === 'Open Recent')!;
    expect(none.submenu).toEqual([{ label: 'No recent notebooks', enabled: false }]);
  });

  it('adds the app menu on macOS and DevTools when not packaged', () => {
    const items = flatten(menuTemplate(() => {}, { mac: true, devTools: true }));
    expect(items[0]).toEqual({ role: 'appMenu' });
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});

describe('commands', () => {
  it('turns Mod into CmdOrCtrl for menu accelerators', () => {
    expect(toAccelerator('Mod+=')).toBe('CmdOrCtrl+=');
    expect(toAccelerator('F1')).toBe('F1');
  });

  it('accepts only known commands from the wire', () => {
    expect(isCommand('fit')).toBe(true);
    expect(parseCommand('rm -rf')).toBeNull();
    expect(parseCommand({ command: 'fit' })).toBeNull();
  });

  it('no two commands share a key', () => {
    const keys = COMMANDS.flatMap((c) => COMMAND_INFO[c].keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
