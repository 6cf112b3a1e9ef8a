/**
 * The end-to-end tests serve the built renderer exactly as browser mode does (src-node/static-server.ts):
 * the same headers on every response (CSP, cross-origin isolation), so what passes here passes there.
 */
import { serveApp, type AppServer } from '../../src-node/static-server';

export function serveStatic(root: string): Promise<AppServer> {
  return serveApp(root);
}
