#!/usr/bin/env node
// `npm run web`: builds the app's renderer (the bundle Electron loads) and serves it in browser mode on
// 127.0.0.1 with the project's own small server (src-node/static-server.ts: the built files only, the CSP
// and cross-origin isolation on every response), then prints the URL. Options: --port <n> (default 5173,
// or the next free one); --no-build serves what out/renderer already holds (or --root DIR: the security
// checklist test serves a folder of its own). For development with hot reload, `npm run dev`.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const OUT = fileURLToPath(new URL('../out/renderer', import.meta.url));

export async function serveWeb({ port = 5173, root = OUT, build = true } = {}) {
  if (build) {
    // The config imports the CSP module by its extensionless TS path, which Vite's future native loader warns about.
    process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
    const vite = await import('vite');
    const { rendererConfig } = await import('../src-renderer/vite.config.ts');
    await vite.build({ ...rendererConfig(root), configFile: false, logLevel: 'error' });
  }
  const { serveApp } = await import('../src-node/static-server.ts');
  let server;
  for (let p = port; !server; p++) {
    try {
      server = await serveApp(root, { port: p });
    } catch (e) {
      if (e.code !== 'EADDRINUSE' || p === 0 || p >= port + 20) throw e;
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
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const port = arg('--port');
  await serveWeb({
    port: port !== undefined ? Number(port) : Number(process.env.PORT) || 5173,
    root: arg('--root') ?? OUT,
    build: !process.argv.includes('--no-build') && arg('--root') === undefined,
  });
}
