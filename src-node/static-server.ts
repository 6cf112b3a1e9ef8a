/**
 * Browser mode's server (`npm run web`, and the end-to-end tests): the built app and nothing else, on
 * 127.0.0.1. No dev-server endpoints (no /@fs/, no /__open-in-editor): only GET and HEAD of regular files
 * under the app's folder (src-node/app-files.ts), each response, errors included, with the app's security
 * headers (src-common/csp-headers.ts). Requests naming another Host are refused, so a web page that
 * rebinds its own name to 127.0.0.1 still cannot read the app through the person's browser.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { securityHeaders } from '../src-common/csp-headers';
import { contentType, pathUnder, servableFile } from './app-files';

export interface AppServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/** The Host header values this server answers: its own address, by IP or as localhost. */
export function allowedHosts(port: number): string[] {
  return [`${HOST}:${port}`, `localhost:${port}`];
}

export async function serveApp(root: string, options: { port?: number } = {}): Promise<AppServer> {
  const headers = securityHeaders();
  let hosts: string[] = [];
  const answer = (res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}) =>
    res.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8', ...extra }).end(`${text}\n`);

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hosts.includes(req.headers.host ?? '')) return void answer(res, 421, 'Misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return void answer(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    const pathname = (req.url ?? '/').split(/[?#]/)[0];
    const under = pathname.startsWith('/') ? pathUnder(root, pathname) : null;
    const file = under && servableFile(root, under);
    if (!file) return void answer(res, 404, 'Not found');
    res.writeHead(200, { ...headers, 'content-type': contentType(file), 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(port);
  return {
    url: `http://${HOST}:${port}/`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
