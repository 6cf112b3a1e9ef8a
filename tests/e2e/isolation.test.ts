/**
 * Browser mode as served (src-node/static-server.ts): the page and its workers are cross-origin isolated
 * (SharedArrayBuffer, which Stop needs), and code running in a worker, as a notebook's Python does, cannot
 * reach anything else on 127.0.0.1 by fetch, XHR, import() or WebSocket: the CSP header is on the worker's
 * own script, since a <meta> tag in the page never reaches a worker. A listener on another port counts hits.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { E2E_OUT } from './global-setup';
import { CHROMIUM, launch } from './harness';

// What notebook code could do through Pyodide's `js` module, written as plain worker code.
const PROBE = `
const target = new URL(self.location.href).searchParams.get('target');
const settle = (p) => p.then(() => 'reached', () => 'blocked');
const xhr = () => new Promise((resolve) => {
  const x = new XMLHttpRequest();
  x.onload = () => resolve('reached');
  x.onerror = () => resolve('blocked');
  try { x.open('GET', target + 'xhr'); x.send(); } catch { resolve('blocked'); }
});
const socket = () => new Promise((resolve) => {
  try {
    const ws = new WebSocket(target.replace('http:', 'ws:') + 'ws');
    ws.onopen = () => resolve('reached');
    ws.onerror = () => resolve('blocked');
  } catch { resolve('blocked'); }
});
postMessage({
  isolated: self.crossOriginIsolated,
  sharedMemory: typeof SharedArrayBuffer,
  fetch: await settle(fetch(target + 'fetch')),
  xhr: await xhr(),
  import: await settle(import(target + 'import.js')),
  websocket: await socket(),
});
`;

describe.skipIf(!CHROMIUM)('isolation in browser mode (Chromium)', () => {
  let browser: Browser;
  let listener: Server;
  const hits: string[] = [];
  const probe = `probe-${randomBytes(4).toString('hex')}.js`;

  beforeAll(async () => {
    writeFileSync(join(E2E_OUT, probe), PROBE);
    listener = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/javascript' }).end('');
    });
    listener.on('upgrade', (req, socket) => {
      hits.push(`upgrade ${req.url}`);
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => listener?.close(resolve));
    rmSync(join(E2E_OUT, probe), { force: true });
  });

  it('is cross-origin isolated, and a worker reaches nothing on 127.0.0.1 but the app', async () => {
    const page = await browser.newPage();
    await page.goto(inject('appUrl'));
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    const target = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/`;
    const result = await page.evaluate(
      ([url]) =>
        new Promise((resolve, reject) => {
          const w = new Worker(url, { type: 'module' });
          w.onmessage = (e) => resolve(e.data);
          w.onerror = (e) => reject(new Error(e.message));
        }),
      [`${probe}?target=${encodeURIComponent(target)}`],
    );
    expect(result).toEqual({
      isolated: true,
      sharedMemory: 'function',
      fetch: 'blocked',
      xhr: 'blocked',
      import: 'blocked',
      websocket: 'blocked',
    });
    expect(hits).toEqual([]);
  });
});
