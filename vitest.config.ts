import { availableParallelism } from 'node:os';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles `.svelte.ts` modules (runes), so state classes such as the backprop player run in unit tests.
  plugins: [svelte()],
  test: {
    // Vitest's default is one file at a time on a 2-core machine (cores − 1). Most files wait on Pyodide or
    // Chromium in another thread or process, so two at a time use both cores.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: ['tests/e2e/**'] },
      },
      {
        // Browser tests: the renderer is built once and served (globalSetup); one Chromium per file.
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
