/** `npm start` in browser mode: which command opens the default browser, and when none is tried. */
import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../scripts/open-browser.mjs';

const url = 'http://127.0.0.1:5173/';
const on = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}, argv: string[] = []) =>
  browserCommand(url, { platform, env, argv });

describe('browserCommand', () => {
  it.each([
    ['linux', { DISPLAY: ':0' }, { command: 'xdg-open', args: [url] }],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, { command: 'xdg-open', args: [url] }],
    ['freebsd', { DISPLAY: ':0' }, { command: 'xdg-open', args: [url] }],
    ['darwin', {}, { command: 'open', args: [url] }],
    ['win32', {}, { command: 'cmd', args: ['/c', 'start', '""', url] }],
  ] as const)('%s %j: %j', (platform, env, expected) => {
    expect(on(platform, env)).toEqual(expected);
  });

  it('tries nothing on Linux without a display (xdg-open would start a text browser in the terminal)', () => {
    expect(on('linux', { TERM: 'xterm', SSH_CONNECTION: '1 2 3 4' })).toEqual({ none: 'no display' });
  });

  it('tries nothing under CI or with --no-open, whatever the display', () => {
    expect(on('linux', { DISPLAY: ':0', CI: 'true' })).toEqual({ none: 'CI' });
    expect(on('darwin', {}, ['node', 'start.mjs', '--no-open'])).toEqual({ none: '--no-open' });
  });

  it("escapes cmd's & so a query string reaches start whole", () => {
    expect(browserCommand('http://127.0.0.1:1/?a=1&b=2', { platform: 'win32', env: {}, argv: [] })).toEqual({
      command: 'cmd',
      args: ['/c', 'start', '""', 'http://127.0.0.1:1/?a=1^&b=2'],
    });
  });
});
