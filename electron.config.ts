/**
 * electron-vite's build config: main and preload from src-main/, the renderer from src-renderer/ (the same
 * Vite config browser mode and the end-to-end tests use). `npm run build` → out/main, out/preload, out/renderer.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig, rendererRoot } from './src-renderer/vite.config';

// electron-vite reads Electron's version to choose build targets. Where npm skipped the optional
// `electron` package (Electron 45 needs Node ≥ 22.12 to install, or its download was blocked), build
// for the major version package.json pins.
// import.meta.url, not import.meta.dirname: electron-vite's config bundler rewrites only the former when
// another config (tests/main/main-only.config.ts) imports this one.
const here = fileURLToPath(new URL('.', import.meta.url));
try {
  createRequire(import.meta.url).resolve('electron/package.json');
} catch {
  const pinned = JSON.parse(readFileSync(resolve(here, 'package.json'), 'utf8')).optionalDependencies
    .electron as string;
  process.env.ELECTRON_MAJOR_VER ??= /\d+/.exec(pinned)![0];
}

const renderer = rendererConfig(resolve(here, 'out/renderer'));

/**
 * The main process's build (also what tests/main/security-checklist.test.ts builds and runs). `development`
 * (only `electron-vite dev`, i.e. `npm run dev`) is the one build with devtools and ELECTRON_RENDERER_URL.
 */
export const mainConfig = (outDir: string, development = false) => ({
  define: { __BPS_DEVELOPMENT__: JSON.stringify(development) },
  build: {
    outDir,
    lib: { entry: resolve(here, 'src-main/main.ts'), formats: ['es' as const], fileName: () => 'main.js' },
  },
});

// electron-vite sets this before it loads the config: 'development' for `electron-vite dev` only.
const devServer = process.env.NODE_ENV_ELECTRON_VITE === 'development';

export default defineConfig({
  main: mainConfig(resolve(here, 'out/main'), devServer),
  preload: {
    build: {
      outDir: resolve(here, 'out/preload'),
      // Sandboxed preloads must be CommonJS and self-contained (they may only require 'electron').
      lib: { entry: resolve(here, 'src-main/preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
    },
  },
  renderer: {
    ...renderer,
    build: { ...renderer.build, rolldownOptions: { input: resolve(rendererRoot, 'index.html') } },
  },
});
