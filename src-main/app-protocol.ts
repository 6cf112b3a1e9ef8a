/**
 * The `app://studio/` protocol serving the built renderer: a real origin for 'self' in the CSP and for
 * module workers (which file:// cannot give), and no path outside the renderer's folder.
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

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
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The file under `root` that an app:// URL names, or null for other hosts and escapes from `root`. */
export function resolveAppPath(root: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  // Decoded, `..%2f` is a real `../`: resolve it, then keep only what stays inside `root`.
  const full = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  const rel = relative(root, full);
  return rel !== '' && !isAbsolute(rel) && rel.split(sep)[0] !== '..' ? full : null;
}

/**
 * The response to one app:// request: the file under `root`, or 404. Every response, 404s included,
 * carries the CSP and nosniff, so no page the protocol ever answers runs without the policy.
 */
export async function appResponse(
  root: string,
  url: string,
  csp: string,
  read: (path: string) => Promise<Uint8Array>,
): Promise<Response> {
  const headers = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff' };
  const notFound = () =>
    new Response('Not found', { status: 404, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
  const path = resolveAppPath(root, url);
  if (!path) return notFound();
  try {
    const body = await read(path);
    return new Response(new Uint8Array(body), { headers: { ...headers, 'content-type': contentType(path) } });
  } catch {
    return notFound();
  }
}
