#!/usr/bin/env node
// `npm run web`: builds the app's renderer (the bundle Electron loads) and serves it in browser mode on
// 127.0.0.1 with the project's own small server (src-node/static-server.ts: the built files only, the CSP
// and cross-origin isolation on every response), then prints the URL. Options: --port <n> (default 5173,
// or the next free one). For development with hot reload, `npm run dev`.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = fileURLToPath(new URL('../out/renderer', import.meta.url));

export async function serveWeb({ port = 5173 } = {}) {
  // The config imports the CSP module by its extensionless TS path, which Vite's future native loader warns about.
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  const { build } = await import('vite');
  const { rendererConfig } = await import('../src-renderer/vite.config.ts');
  await build({ ...rendererConfig(root), configFile: false, logLevel: 'error' });
  const { serveApp } = await import('../src-node/static-server.ts');
  let server;
  for (let p = port; !server; p++) {
    try {
      server = await serveApp(root, { port: p });
    } catch (e) {
      if (e.code !== 'EADDRINUSE' || p >= port + 20) throw e;
    }
  }
  console.log(`Backprop Studio (browser mode): ${server.url}`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--port');
  await serveWeb({ port: i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT) || 5173 });
}
