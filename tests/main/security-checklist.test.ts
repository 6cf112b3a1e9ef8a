/**
 * Electron's security checklist, checked on the built main bundle itself (not on its sources): the bundles
 * electron-vite builds (the production build `npm start` and `npm run package` ship, and the development
 * build `npm run dev` makes) are run in Node against a fake `electron` module, packaged, unpackaged as
 * `npm start` runs them, and in development, with ELECTRON_RENDERER_URL pointing at a remote page.
 * Expectations are the checklist's, written out here.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import builderConfig from '../../scripts/electron-builder.config.mjs';
import { packagePlan } from '../../scripts/package-plan.mjs';

const app = mkdtempSync(join(tmpdir(), 'bps-main-'));

beforeAll(async () => {
  const { build } = await import('electron-vite');
  for (const [dir, development] of [
    ['main', '0'],
    ['main-dev', '1'],
  ]) {
    process.env.BPS_MAIN_OUT = join(app, dir);
    process.env.BPS_MAIN_DEVELOPMENT = development;
    await build({ configFile: join(__dirname, 'main-only.config.ts'), logLevel: 'error' });
  }
  // The bundle imports 'electron': give it the fake, where Node's resolution looks from out/main.
  cpSync(join(__dirname, 'fake-electron'), join(app, 'node_modules', 'electron'), { recursive: true });
  mkdirSync(join(app, 'renderer'));
  writeFileSync(join(app, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
}, 120_000);

interface Report {
  windows: number;
  webPreferences: Record<string, unknown>;
  loaded: string[];
  privileged: { scheme: string; privileges: Record<string, boolean> }[];
  switches: [string, string?][];
  responses: {
    url: string;
    status: number;
    csp: string | null;
    nosniff: string | null;
    coop: string | null;
    coep: string | null;
  }[];
  permission: boolean;
  permissionCheck: boolean;
  requests: { url: string; cancel: boolean }[];
  navigateAway: boolean;
  navigateInside: boolean;
  webview: boolean;
  windowOpen: { action: string };
  ipc: Record<string, string>;
  /** What the app's own window got asking main to open each link, and what reached the system browser. */
  external: Record<string, string>;
  openedExternally: string[];
  devToolsMenu: boolean;
}

function runMain(packaged: boolean, build: 'main' | 'main-dev'): Report {
  const out = execFileSync(
    process.execPath,
    [join(__dirname, 'fake-electron', 'run-main.mjs'), pathToFileURL(join(app, build, 'main.js')).href],
    {
      encoding: 'utf8',
      env: { ...process.env, FAKE_PACKAGED: packaged ? '1' : '0', ELECTRON_RENDERER_URL: 'https://evil.example/' },
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe.each([
  ['packaged', true, 'main', false],
  ['as npm start runs it (a production build, unpackaged)', false, 'main', false],
  ['in development (npm run dev)', false, 'main-dev', true],
] as const)('the built main process, %s', (_when, packaged, build, development) => {
  let r: Report;
  beforeAll(() => {
    r = runMain(packaged, build);
  });

  it('opens one window isolated, sandboxed, without Node, webviews or insecure content', () => {
    expect(r.windows).toBe(1);
    expect(r.webPreferences).toEqual({
      preload: 'string',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: development,
    });
    expect(r.devToolsMenu).toBe(development);
  });

  it(
    development
      ? 'loads the dev server named by ELECTRON_RENDERER_URL'
      : 'ignores ELECTRON_RENDERER_URL and loads the app itself',
    () => {
      expect(r.loaded).toEqual([development ? 'https://evil.example/' : 'app://studio/index.html']);
      const remote = r.requests.find((q) => q.url === 'https://evil.example/x.js')!;
      expect(remote.cancel).toBe(!development);
    },
  );

  it('serves app:// with the CSP, cross-origin isolation and nosniff on every response, 404s included', () => {
    expect(r.responses.map((x) => [x.url, x.status])).toEqual([
      ['app://studio/index.html', 200],
      ['app://studio/missing.js', 404],
      ['app://studio/..%2f..%2fmain/main.js', 404],
      ['app://other/', 404],
    ]);
    for (const x of r.responses) {
      expect(x.csp, x.url).toMatch(/^default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; /);
      expect(x.csp, x.url).not.toMatch(/https?:|'unsafe-eval'/);
      expect(x.nosniff, x.url).toBe('nosniff');
      // SharedArrayBuffer (Pyodide's interrupt, Stop) needs the window cross-origin isolated.
      expect([x.coop, x.coep], x.url).toEqual(['same-origin', 'require-corp']);
    }
    expect(r.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
  });

  it("lets the Python worker's bridge ask for a collection (V8's gc, and no other switch)", () => {
    expect(r.switches).toEqual([['js-flags', '--expose-gc']]);
  });

  it('denies permissions, remote requests, navigation away, webviews and new windows', () => {
    expect(r.permission).toBe(false);
    expect(r.permissionCheck).toBe(false);
    expect(r.requests.filter((q) => q.url !== 'https://evil.example/x.js')).toEqual([
      { url: 'app://studio/assets/x.js', cancel: false },
      { url: 'http://127.0.0.1:5173/', cancel: true },
      { url: 'file:///etc/passwd', cancel: true },
    ]);
    expect(r.navigateAway).toBe(!development);
    expect(r.navigateInside).toBe(false);
    expect(r.webview).toBe(true);
    expect(r.windowOpen).toEqual({ action: 'deny' });
  });

  it('answers no IPC from a window it did not create', () => {
    expect(Object.keys(r.ipc).length).toBeGreaterThan(0);
    for (const [channel, outcome] of Object.entries(r.ipc)) expect(outcome, channel).toContain('untrusted sender');
  });

  it("opens only a web link in the system browser, asked by its own window (a markdown cell's link)", () => {
    expect(r.external).toEqual({
      'https://github.com/karpathy/makemore': 'opened',
      'file:///etc/passwd': expect.stringContaining('only an http or https URL'),
      'javascript:alert(1)': expect.stringContaining('only an http or https URL'),
    });
    expect(r.openedExternally).toEqual(['https://github.com/karpathy/makemore']);
  });
});

describe('the packaged app (npm run package, electron-builder)', () => {
  it("flips Electron's fuses: no run-as-Node, NODE_OPTIONS or --inspect; only its own checked app.asar; no extra file:// privileges", () => {
    expect(builderConfig.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
    expect(builderConfig.asar).toBe(true);
  });

  it('packs only the production build in out/, starting at the main bundle this file checks', () => {
    expect(builderConfig.extraMetadata.main).toBe('out/main/main.js');
    expect(builderConfig.files.filter((f) => !f.startsWith('!'))).toEqual([
      'out/main/**',
      'out/preload/**',
      'out/renderer/**',
    ]);
    expect(builderConfig.files).toContain('!**/*.map');
    expect(builderConfig).not.toHaveProperty('electronDownload');
  });

  it.each([
    ['Node 20, where Electron 45 cannot install', 'v20.19.0', '/e/electron', /needs Node ≥ 22\.12.*this is v20\.19\.0/],
    ['no Electron binary (its download was blocked)', 'v22.12.0', null, /needs Electron's binary/],
  ])('refuses in one line on %s', (_when, nodeVersion, electronBinary, message) => {
    const plan = packagePlan({ nodeVersion, electronBinary });
    expect('refuse' in plan && plan.refuse).toMatch(message);
  });

  it('builds for production (not electron-vite dev) and packs with the pinned electron-builder and this config', () => {
    const plan = packagePlan({ nodeVersion: 'v24.1.0', electronBinary: '/e/electron' });
    expect('steps' in plan).toBe(true);
    if (!('steps' in plan)) return;
    expect(plan.steps.map((s) => [s.command, ...s.args].join(' '))).toEqual([
      'npx electron-vite build --config electron.config.ts',
      'npm exec --yes --package=electron-builder@26.18.1 -- electron-builder --config scripts/electron-builder.config.mjs --publish never',
    ]);
  });
});

describe('browser mode as npm run web serves it (scripts/web.mjs)', () => {
  const root = join(app, 'web');
  let url = '';
  let child: ChildProcess;
  beforeAll(async () => {
    mkdirSync(root);
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>built</title>');
    child = spawn(
      process.execPath,
      [join(__dirname, '..', '..', 'scripts', 'web.mjs'), '--port', '0', '--root', root],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (b: Buffer) => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(b.toString());
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`web.mjs exited (${code}) before serving`)));
    });
  }, 60_000);
  afterAll(() => {
    child?.kill();
  });

  it('is not a dev server: no /@fs/, no /__open-in-editor, nothing of the checkout', async () => {
    const repo = join(__dirname, '..', '..');
    for (const path of [
      `@fs${repo}/package.json`,
      '__open-in-editor?file=package.json',
      '@vite/client',
      'src-main/main.ts',
    ])
      expect((await fetch(url + path)).status, path).toBe(404);
    expect(await (await fetch(url)).text()).toContain('<title>built</title>');
  });

  it('sends the CSP and cross-origin isolation as headers, and answers only its own Host', async () => {
    const r = await fetch(url);
    expect(r.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; /,
    );
    expect(r.headers.get('content-security-policy')).not.toMatch(/ws:|https?:|'unsafe-eval'/);
    expect([r.headers.get('cross-origin-opener-policy'), r.headers.get('cross-origin-embedder-policy')]).toEqual([
      'same-origin',
      'require-corp',
    ]);
    const port = new URL(url).port;
    const status = await new Promise<number>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: '/', headers: { host: 'rebound.example' } }, (res) =>
        resolve(res.statusCode!),
      )
        .on('error', reject)
        .end(),
    );
    expect(status).toBe(421);
  });
});
