/**
 * The renderer's Vite config, shared by electron.config.ts (Electron build), scripts/web.mjs (browser mode's
 * build) and the end-to-end tests' build. Injects the CSP meta tag as well; the policy that counts is the
 * header every server sends (src-common/csp-headers.ts). Vite's own dev server is `npm run dev`'s only.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin, UserConfig } from 'vite';
import { contentSecurityPolicy } from '../src-common/csp';
import { securityHeaders } from '../src-common/csp-headers';
import { pyodideAssets } from './pyodide-assets';

export const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function cspMeta(): Plugin {
  let dev = false;
  return {
    name: 'backprop-studio:csp',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml() {
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy({ dev, meta: true }) },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

export function rendererConfig(outDir = fileURLToPath(new URL('../out/renderer', import.meta.url))): UserConfig {
  return {
    root: rendererRoot,
    base: './',
    plugins: [svelte(), cspMeta(), pyodideAssets()],
    define: { __APP_VERSION__: JSON.stringify(version) },
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // electron-vite leaves the renderer unminified by default; the app ships minified (bench/bundle.bench.ts).
      minify: true,
      chunkSizeWarningLimit: 2000,
      reportCompressedSize: false,
    },
    // Development only (`npm run dev`): cross-origin isolated like the app, so Stop works there too.
    server: {
      host: '127.0.0.1',
      fs: { allow: [repoRoot] },
      headers: securityHeaders(contentSecurityPolicy({ dev: true })),
    },
    preview: { host: '127.0.0.1', headers: securityHeaders() },
    logLevel: 'warn',
  };
}

export default rendererConfig();
