#!/usr/bin/env node
// Assembles core/kernels/*.wat into TypeScript modules holding the wasm bytes (base64), so the kernels load
// synchronously in Node, in the browser and in workers with no build step. Run after editing a .wat file;
// `--check` exits 1 when a generated module is out of date (the test suite runs it).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { unrollWat } from './unroll-wat.mjs';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'core', 'kernels');
const wabt = await wabtInit();
let stale = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.wat'))) {
  const source = unrollWat(readFileSync(join(dir, file), 'utf8'));
  const mod = wabt.parseWat(file, source, { simd: true });
  mod.validate();
  const { buffer } = mod.toBinary({});
  const name = file.replace('.wat', '');
  const out = join(dir, `${name}-wasm.ts`);
  const text = `// Generated from ${file} by scripts/build-wasm.mjs — edit the .wat file, then run \`npm run build:wasm\`.\nexport const WASM_BASE64 =\n  '${Buffer.from(buffer).toString('base64')}';\n`;
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // Not generated yet: written below.
  }
  if (current !== text) {
    stale++;
    if (!process.argv.includes('--check')) writeFileSync(out, text);
    console.log(`${process.argv.includes('--check') ? 'stale' : 'wrote'} ${out}`);
  }
}
process.exitCode = process.argv.includes('--check') && stale > 0 ? 1 : 0;
