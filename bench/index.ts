/**
 * `npm run bench`: runs every bench/*.bench.ts in turn. Each module's default export prints its own lines;
 * ratios are always measured side by side in this one run, never against remembered numbers.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const file of files) {
  console.log(`\n# ${file.replace('.bench.ts', '')}`);
  const mod = (await import(join(here, file))) as { default: () => Promise<void> };
  await mod.default();
}
