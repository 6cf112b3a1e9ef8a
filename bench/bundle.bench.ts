/**
 * The app's renderer bundle as it ships: a production build (minified, as electron-vite builds it) and the
 * size of every asset, raw and gzipped, grouped into what the first paint loads and what loads later.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { rendererConfig } from '../src-renderer/vite.config';

const OUT = fileURLToPath(new URL('../out/bench-bundle', import.meta.url));
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

function kind(name: string): string {
  if (name === 'index.html' || /^index-.*\.(js|css)$/.test(name)) return 'first paint';
  if (name.includes('.worker-')) return 'workers';
  if (name.startsWith('KaTeX_')) return 'KaTeX fonts (woff2 used; woff/ttf fallbacks never fetched by Chromium)';
  if (name.startsWith('names-')) return 'dataset (fetched once by the workers)';
  return 'loaded on first use';
}

export default async function bench(): Promise<void> {
  await build({ ...rendererConfig(OUT), configFile: false, logLevel: 'error' });
  const files = ['index.html', ...readdirSync(join(OUT, 'assets')).map((f) => `assets/${f}`)];
  const groups = new Map<string, { raw: number; gz: number; names: string[] }>();
  for (const file of files) {
    const name = file.replace('assets/', '');
    const data = readFileSync(join(OUT, file));
    const g = groups.get(kind(name)) ?? { raw: 0, gz: 0, names: [] };
    g.raw += statSync(join(OUT, file)).size;
    g.gz += gzipSync(data).length;
    if (!name.startsWith('KaTeX_')) g.names.push(`${name} ${kB(data.length)}`);
    groups.set(kind(name), g);
  }
  for (const [group, g] of groups) {
    console.log(`${group}: ${kB(g.raw)} (gzip ${kB(g.gz)})${g.names.length ? ` — ${g.names.join(', ')}` : ''}`);
  }
}
