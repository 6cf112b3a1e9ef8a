#!/usr/bin/env node
// `npm start`: builds the app with electron-vite and launches it in Electron, as a user gets it: a
// production build, which has no devtools and loads only its own app:// pages (`npm run dev` is development). Where Electron's binary is not
// installed (npm skips the optional package when its download is blocked), says so in one line and serves
// the same app in browser mode instead, printing its URL and opening it in the default browser where there
// is a display (--no-open: print only).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';
import { openBrowser } from './open-browser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const electron = electronBinary();
if (!electron) {
  console.log(
    "Electron's binary is not installed here, so Backprop Studio opens in browser mode instead (same app, see npm run web).",
  );
  const { serveWeb } = await import('./web.mjs');
  const server = await serveWeb();
  if (openBrowser(server.url) === 'no display')
    console.log('No display here to open a browser on: open the URL above.');
} else {
  const { build } = await import('electron-vite');
  await build({ configFile: fileURLToPath(new URL('../electron.config.ts', import.meta.url)), logLevel: 'warn' });
  // Main ignores these in a production build anyway; not passing them on keeps the launch what a user's is.
  const { ELECTRON_RENDERER_URL: _url, ELECTRON_RUN_AS_NODE: _node, NODE_OPTIONS: _opts, ...env } = process.env;
  const child = spawn(electron, ['out/main/main.js', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}
