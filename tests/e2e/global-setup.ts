/**
 * Builds the renderer once (browser mode, the same bundle Electron loads) and serves it on 127.0.0.1 for
 * every end-to-end test file; tests read the address with inject('appUrl').
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { rendererConfig } from '../../src-renderer/vite.config';
import { chromiumPath } from './browser';
import { serveStatic } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

export const E2E_OUT = fileURLToPath(new URL('../../out/e2e-renderer', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!chromiumPath()) {
    console.warn('e2e: no Chromium found (set CHROMIUM_PATH or install chromium); browser tests are skipped');
  }
  const started = performance.now();
  await build({ ...rendererConfig(E2E_OUT), configFile: false, logLevel: 'error' });
  const server = await serveStatic(E2E_OUT);
  console.log(`e2e: renderer built in ${Math.round(performance.now() - started)} ms, served at ${server.url}`);
  project.provide('appUrl', server.url);
  return server.close;
}
