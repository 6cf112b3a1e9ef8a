/**
 * The `app://studio/` protocol serving the built renderer: a real origin for 'self' in the CSP and for
 * module workers (which file:// cannot give), and no path outside the renderer's folder
 * (src-node/app-files.ts, shared with browser mode's server).
 */
import { securityHeaders } from '../src-common/csp-headers';
import { contentType, pathUnder } from '../src-node/app-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export { contentType };

/** The file under `root` that an app:// URL names, or null for other hosts and escapes from `root`. */
export function resolveAppPath(root: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  return pathUnder(root, u.pathname);
}

/**
 * The response to one app:// request: the file under `root`, or 404. Every response, 404s included,
 * carries the CSP, cross-origin isolation and nosniff (src-common/csp-headers.ts), so no page the protocol
 * ever answers runs without the policy, and the window is cross-origin isolated (SharedArrayBuffer, Stop).
 */
export async function appResponse(
  root: string,
  url: string,
  csp: string,
  read: (path: string) => Promise<Uint8Array>,
): Promise<Response> {
  const headers = securityHeaders(csp);
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
