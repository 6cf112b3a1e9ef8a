// Opens a URL in the person's default browser, where there is a screen to show it on. Written here rather
// than taken from the `open` package: that one runs xdg-open even with no display, and xdg-open then starts
// a text browser (w3m, lynx) inside the very terminal that runs the server; the rest is one spawn.
import { spawn } from 'node:child_process';

/**
 * The command that opens `url` in the default browser, or null (with why) where none should be tried:
 * under CI, when asked not to, or on Linux and the BSDs with no graphical display.
 * @param {string} url
 * @param {{ platform: NodeJS.Platform; env: NodeJS.ProcessEnv; argv: readonly string[] }} where
 * @returns {{ command: string; args: string[] } | { none: string }}
 */
export function browserCommand(url, { platform, env, argv }) {
  if (argv.includes('--no-open')) return { none: '--no-open' };
  if (env.CI) return { none: 'CI' };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // start is cmd's own; its first quoted argument is the window title, hence the empty one.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { none: 'no display' };
  return { command: 'xdg-open', args: [url] };
}

/**
 * Opens `url` where `browserCommand` says so; never throws (a missing xdg-open is only a note): the URL
 * is printed by the caller either way.
 * @param {string} url
 * @returns {string | null} why it did not try, or null when it did
 */
export function openBrowser(url) {
  const how = browserCommand(url, { platform: process.platform, env: process.env, argv: process.argv });
  if ('none' in how) return how.none;
  try {
    const child = spawn(how.command, how.args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', (e) =>
      console.log(`Could not open a browser (${how.command}: ${e.message}); open the URL above.`),
    );
    child.unref();
  } catch (e) {
    console.log(`Could not open a browser (${e instanceof Error ? e.message : e}); open the URL above.`);
  }
  return null;
}
