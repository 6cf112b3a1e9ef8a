#!/usr/bin/env node
// `npm run package`: the desktop app as users get it, hardened with Electron's fuses
// (scripts/electron-builder.config.mjs), into dist/. See scripts/package-plan.mjs for when it refuses.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';
import { packagePlan } from './package-plan.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const plan = packagePlan({ nodeVersion: process.version, electronBinary: electronBinary() });
if ('refuse' in plan) {
  console.error(plan.refuse);
  process.exit(1);
}
for (const step of plan.steps) {
  const r = spawnSync(step.command, step.args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`npm run package: the ${step.what} step failed`);
    process.exit(r.status ?? 1);
  }
}
