#!/usr/bin/env node
// `npm run web`: serves the app in browser mode on 127.0.0.1 (Vite's dev server, so edits reload) and prints
// the URL. Options: --port <n> (default 5173, or the next free one), --host is always 127.0.0.1.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const configFile = fileURLToPath(new URL('../src-renderer/vite.config.ts', import.meta.url));

export async function serveWeb({ port = 5173 } = {}) {
  // The config imports the CSP module by its extensionless TS path, which Vite's future native loader warns about.
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  const server = await createServer({
    configFile,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port, strictPort: false },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
  console.log(`Backprop Studio (browser mode): ${url}`);
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
