/**
 * Browser mode's server, on a real socket: the built app's files and nothing else, every response with
 * the app's security headers, and no answer to a request naming another Host (DNS rebinding).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApp, type AppServer } from '../../src-node/static-server';

const top = fs.mkdtempSync(join(tmpdir(), 'bps-web-'));
const root = join(top, 'renderer');
fs.mkdirSync(join(root, 'assets'), { recursive: true });
fs.writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
fs.writeFileSync(join(root, 'assets', 'python.worker-abc.js'), 'postMessage(1)');
fs.writeFileSync(join(top, 'secret.txt'), 'outside the app');
fs.symlinkSync(join(top, 'secret.txt'), join(root, 'assets', 'link.txt'));
if (process.platform !== 'win32') execFileSync('mkfifo', [join(root, 'assets', 'pipe.js')]);

let server: AppServer;
beforeAll(async () => {
  server = await serveApp(root);
});
afterAll(() => server.close());

/** A raw request (fetch would normalise the path and refuse to set Host). */
function get(path: string, options: { host?: string; method?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${server.port}` },
      },
      (res) => {
        let body = '';
        res.on('data', (b) => (body += b));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode’s server', () => {
  it('serves the app’s files, with their content types', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const worker = await get('/assets/python.worker-abc.js?v=1');
    expect([worker.status, worker.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await get(`/`, { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it.each([
    ['a file outside the app, by ..', '/../secret.txt'],
    ['a file outside the app, by an encoded ..', '/assets/..%2f..%2fsecret.txt'],
    ['a symbolic link out of the app', '/assets/link.txt'],
    ['a FIFO (answered at once, not hung on)', '/assets/pipe.js'],
    ['a folder', '/assets'],
    ["Vite's /@fs/", `/@fs${top}/secret.txt`],
    ["Vite's /__open-in-editor", '/__open-in-editor?file=/etc/passwd'],
    ['a NUL', '/index.html%00.js'],
    ['a bad escape', '/%E0%A4%A'],
  ])('answers 404 to %s', async (_what, path) => {
    const r = await get(path);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('outside the app');
  });

  it('answers nothing but GET and HEAD', async () => {
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    const head = await get('/', { method: 'HEAD' });
    expect([head.status, head.body]).toEqual([200, '']);
  });

  it('refuses a request for another Host (a rebound DNS name), with the headers still on', async () => {
    const r = await get('/', { host: 'evil.example:80' });
    expect(r.status).toBe(421);
    expect(r.body).not.toContain('<title>');
    expect(r.headers['content-security-policy']).toMatch(/^default-src 'none'/);
  });

  it('puts the CSP, cross-origin isolation and nosniff on every response: pages, workers, errors', async () => {
    for (const [path, method, host] of [
      ['/', 'GET', undefined],
      ['/assets/python.worker-abc.js', 'GET', undefined],
      ['/missing.js', 'GET', undefined],
      ['/', 'DELETE', undefined],
      ['/', 'GET', 'evil.example'],
    ] as const) {
      const { headers } = await get(path, { method, host });
      expect(headers['content-security-policy'], path).toMatch(
        /^default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self';.*connect-src 'self';/,
      );
      expect(headers['content-security-policy'], path).not.toMatch(/ws:|https?:|'unsafe-eval'|\*/);
      expect(headers['cross-origin-opener-policy'], path).toBe('same-origin');
      expect(headers['cross-origin-embedder-policy'], path).toBe('require-corp');
      expect(headers['cross-origin-resource-policy'], path).toBe('same-origin');
      expect(headers['x-content-type-options'], path).toBe('nosniff');
    }
  });
});
