/**
 * The built app's files as its two servers hand them out (Electron's app:// protocol and browser mode's
 * HTTP server): a URL path maps to a regular file under the app's folder, never to anything outside it,
 * not through `..` (decoded or not) and not through a symbolic link; and each file has one content type.
 */
import { realpathSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { isInside } from './read-regular';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip',
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The path under `root` that a URL's pathname (still percent-encoded) names, `/` being index.html; null
 * when it cannot be decoded, holds a NUL, or leaves `root` once decoded (`..%2f` is a real `../`).
 */
export function pathUnder(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(root, `.${decoded === '/' ? '/index.html' : decoded}`);
  return full !== resolve(root) && isInside(root, full) ? full : null;
}

/** The real path of a regular file at `path` that stays inside `root` with links followed; else null. */
export function servableFile(root: string, path: string): string | null {
  try {
    const real = realpathSync(path);
    return isInside(realpathSync(root), real) && statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}
