// Where Electron's executable is, or null. Since Electron 42, require('electron') downloads the binary
// when it is missing (and throws where the download is blocked), so this reads the package's path.txt
// instead of requiring it: looking never downloads anything.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** @returns {string | null} */
export function electronBinary() {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const path = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}
