// electron-builder's configuration for `npm run package` (scripts/package.mjs): the production build in
// out/ packed into app.asar, Electron's fuses flipped for a hardened binary, nothing downloaded (the
// installed `electron` package's own binary is what gets packed). Checked by
// tests/main/security-checklist.test.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The installed Electron, or null: electron-builder packs that binary instead of downloading one. */
function installedElectron() {
  try {
    const pkg = createRequire(import.meta.url).resolve('electron/package.json');
    return { dist: join(dirname(pkg), 'dist'), version: JSON.parse(readFileSync(pkg, 'utf8')).version };
  } catch {
    return null;
  }
}

const electron = installedElectron();

/** @type {Record<string, unknown>} */
export default {
  appId: 'org.backpropstudio.app',
  productName: 'Backprop Studio',
  directories: { output: 'dist' },
  ...(electron ? { electronDist: electron.dist, electronVersion: electron.version } : {}),
  // The main bundle imports only `electron` and Node's built-ins (electron-vite bundles the rest), and the
  // renderer is self-contained (Pyodide's files copied beside it): no node_modules in the app.
  files: ['out/main/**', 'out/preload/**', 'out/renderer/**', '!**/*.map', '!node_modules/**'],
  extraMetadata: { main: 'out/main/main.js' },
  asar: true,
  // Nothing native to rebuild for Electron (the CLI's resvg is not part of the app).
  npmRebuild: false,
  electronFuses: {
    // No `ELECTRON_RUN_AS_NODE=1 Backprop\ Studio script.js`: the binary is never a plain Node.
    runAsNode: false,
    // NODE_OPTIONS and --inspect would let anyone who starts the app load code or attach a debugger to main.
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // Main runs only the app.asar it shipped with, whose hash is checked (macOS, Windows).
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // The app serves itself on app://, so file:// needs none of Chromium's extra privileges.
    grantFileProtocolExtraPrivileges: false,
    enableCookieEncryption: true,
    loadBrowserProcessSpecificV8Snapshot: false,
  },
  linux: { target: ['AppImage'], category: 'Education' },
  mac: { target: ['dmg'], category: 'public.app-category.education', hardenedRuntime: true },
  win: { target: ['nsis'] },
  publish: null,
};
