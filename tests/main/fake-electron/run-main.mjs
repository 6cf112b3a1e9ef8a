// Runs the built main bundle (argv[2]) against the fake electron module and prints, as JSON, what a
// security review checks: window options, the URL loaded, app:// responses, permission and request
// decisions, navigation and window-open handling, and IPC from a stranger.
const bundle = process.argv[2];
await import(bundle);
await new Promise((resolve) => setTimeout(resolve, 50)); // let whenReady's callbacks run

const r = globalThis.fakeElectron;
const [win] = r.windows;
const serve = async (url) => {
  const res = await r.protocolHandlers.app({ url });
  return {
    url,
    status: res.status,
    csp: res.headers.get('content-security-policy'),
    nosniff: res.headers.get('x-content-type-options'),
    coop: res.headers.get('cross-origin-opener-policy'),
    coep: res.headers.get('cross-origin-embedder-policy'),
  };
};
const permission = await new Promise((resolve) => r.session.permissionRequest(null, 'media', resolve));
const request = (url) =>
  new Promise((resolve) => r.session.beforeRequest({ url }, (d) => resolve({ url, cancel: d.cancel })));

// A new page's contents: what main does to navigation, webviews and window.open.
const contents = {
  handlers: {},
  on(event, fn) {
    this.handlers[event] = fn;
  },
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
  },
};
for (const fn of r.appEvents['web-contents-created'] ?? []) fn({}, contents);
const prevented = (event, ...args) => {
  let p = false;
  contents.handlers[event]?.({ preventDefault: () => (p = true) }, ...args);
  return p;
};
const stranger = { sender: { id: 999 }, senderFrame: { url: 'https://evil.example/' } };
const ipc = {};
for (const [channel, fn] of Object.entries(r.ipcHandlers)) {
  try {
    await fn(stranger, undefined);
    ipc[channel] = 'answered';
  } catch (e) {
    ipc[channel] = e.message;
  }
}
// A link clicked in the app's own window: only a web link reaches the system browser.
const own = { sender: { id: win.webContents.id }, senderFrame: { url: 'app://studio/index.html' } };
const external = {};
for (const url of ['https://github.com/karpathy/makemore', 'file:///etc/passwd', 'javascript:alert(1)']) {
  try {
    await r.ipcHandlers['studio:open-external'](own, url);
    external[url] = 'opened';
  } catch (e) {
    external[url] = e.message;
  }
}
const flatten = (items) => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);

console.log(
  JSON.stringify({
    windows: r.windows.length,
    webPreferences: { ...win.options.webPreferences, preload: typeof win.options.webPreferences.preload },
    loaded: win.loaded,
    privileged: r.privileged,
    switches: r.switches,
    responses: await Promise.all(
      ['app://studio/index.html', 'app://studio/missing.js', 'app://studio/..%2f..%2fmain/main.js', 'app://other/'].map(
        serve,
      ),
    ),
    permission,
    permissionCheck: r.session.permissionCheck(null, 'media'),
    requests: await Promise.all(
      ['app://studio/assets/x.js', 'https://evil.example/x.js', 'http://127.0.0.1:5173/', 'file:///etc/passwd'].map(
        request,
      ),
    ),
    navigateAway: prevented('will-navigate', 'https://evil.example/'),
    navigateInside: prevented('will-navigate', 'app://studio/index.html'),
    webview: prevented('will-attach-webview'),
    windowOpen: contents.openHandler?.({ url: 'https://evil.example/' }),
    ipc,
    external,
    openedExternally: r.external,
    devToolsMenu: flatten(r.menu).some((i) => i.role === 'toggleDevTools'),
  }),
);
