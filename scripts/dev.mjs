#!/usr/bin/env node
// `npm run dev`: development mode, the only place the Vite dev server runs (hot reload, /@fs/ and all).
// With Electron's binary: `electron-vite dev` (main built as a development build, which alone has devtools
// and loads the dev server's URL). Without it: the dev server in a browser. On 127.0.0.1 only, either way.
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const configFile = fileURLToPath(new URL('../electron.config.ts', import.meta.url));
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';

if (electronBinary()) {
  const { createServer } = await import('electron-vite');
  await createServer({ configFile, logLevel: 'info' }, { rendererOnly: false });
} else {
  console.log("Electron's binary is not installed here: development mode runs in the browser.");
  const { createServer } = await import('vite');
  const server = await createServer({
    configFile: fileURLToPath(new URL('../src-renderer/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 5173, strictPort: false },
  });
  await server.listen();
  console.log(`Backprop Studio (development, browser): ${server.resolvedUrls?.local[0]}`);
}
