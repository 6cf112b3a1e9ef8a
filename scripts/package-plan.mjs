// What `npm run package` does on this machine, decided up front so each refusal is one clear line and
// tests/main/security-checklist.test.ts can check the choice without Electron: package only where
// Electron's binary is installed and Node can run electron-builder 26 (≥ 22.12, as Electron 45 needs to
// install). electron-builder is fetched from npm at that moment, pinned here, rather than installed by every
// `npm install` (it would add 95 MB and warnings on Node 20, where it cannot run anyway).
export const ELECTRON_BUILDER = 'electron-builder@26.18.1';
const MIN_NODE = [22, 12];

/**
 * @param {{ nodeVersion: string, electronBinary: string | null }} machine
 * @returns {{ refuse: string } | { steps: { what: string, command: string, args: string[], env?: Record<string, string> }[] }}
 */
export function packagePlan({ nodeVersion, electronBinary }) {
  const [major, minor] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1]))
    return {
      refuse: `npm run package needs Node ≥ ${MIN_NODE.join('.')} (Electron 45 and electron-builder 26 do); this is ${nodeVersion}.`,
    };
  if (!electronBinary)
    return {
      refuse:
        "npm run package needs Electron's binary, which is not installed here (npm install could not download it).",
    };
  return {
    steps: [
      // A production build: no devtools, no ELECTRON_RENDERER_URL (src-main/main.ts).
      { what: 'build', command: 'npx', args: ['electron-vite', 'build', '--config', 'electron.config.ts'] },
      {
        what: 'package',
        command: 'npm',
        args: [
          'exec',
          '--yes',
          `--package=${ELECTRON_BUILDER}`,
          '--',
          'electron-builder',
          '--config',
          'scripts/electron-builder.config.mjs',
          '--publish',
          'never',
        ],
      },
    ],
  };
}
