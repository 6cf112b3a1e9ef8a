/**
 * Pyodide's runtime files, straight from the `pyodide` npm package, at `pyodide/` beside the app's page:
 * copied into the build (so Electron's app:// and browser mode serve them from the app itself, nothing from
 * the network) and served from node_modules by the dev server. They keep their own names because Pyodide
 * finds them by name under one indexURL; the worker imports pyodide.mjs from there at run time, so none of
 * it enters the page's bundle and the lecture view loads as before.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/** The folder under the page's base where the files live (the worker's indexURL). */
export const PYODIDE_DIR = 'pyodide';

/** What loadPyodide fetches or imports: the loader, the Emscripten module, the interpreter and the stdlib. */
export const PYODIDE_FILES = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
] as const;

const TYPES: Record<string, string> = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
};

export function pyodideFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
}

export function pyodideAssets(): Plugin {
  const folder = pyodideFolder();
  return {
    name: 'backprop-studio:pyodide',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        const name = path.startsWith(`/${PYODIDE_DIR}/`) ? path.slice(PYODIDE_DIR.length + 2) : '';
        if (!(PYODIDE_FILES as readonly string[]).includes(name)) return next();
        res.setHeader('content-type', TYPES[name.slice(name.lastIndexOf('.'))]);
        res.end(readFileSync(join(folder, name)));
      });
    },
    generateBundle() {
      for (const name of PYODIDE_FILES) {
        this.emitFile({ type: 'asset', fileName: `${PYODIDE_DIR}/${name}`, source: readFileSync(join(folder, name)) });
      }
    },
  };
}
