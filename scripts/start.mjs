#!/usr/bin/env node
// `npm start`: builds the app with electron-vite and launches it in Electron. Where Electron's binary is not
// installed (npm skips the optional package when its download is blocked), says so in one line and serves
// the same app in browser mode instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The Electron executable, or null when the package or its binary is missing. */
export function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
if (!electron) {
  console.log("Electron's binary is not installed here, so Backprop Studio opens in browser mode instead (same app, see npm run web).");
  const { serveWeb } = await import('./web.mjs');
  await serveWeb();
} else {
  const { build } = await import('electron-vite');
  await build({ configFile: fileURLToPath(new URL('../electron.config.ts', import.meta.url)), logLevel: 'warn' });
  const child = spawn(electron, ['out/main/main.js', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}
