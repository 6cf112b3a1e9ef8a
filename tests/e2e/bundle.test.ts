/**
 * The shipped renderer bundle (built by global-setup with the app's Vite config): minified, KaTeX in a chunk
 * of its own that loads on first use, and names.txt one asset rather than a copy inside every worker.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_OUT } from './global-setup';

const assets = readdirSync(join(E2E_OUT, 'assets'));
const read = (name: string) => readFileSync(join(E2E_OUT, 'assets', name), 'utf8');
const scripts = assets.filter((f) => f.endsWith('.js'));
const html = readFileSync(join(E2E_OUT, 'index.html'), 'utf8');
const entry = /src="\.\/assets\/([^"]+\.js)"/.exec(html)![1];

describe('renderer bundle', () => {
  it('is minified, in the Electron build as well (electron-vite leaves the renderer unminified by default)', async () => {
    const code = read(entry);
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
    expect(code).not.toContain('// node_modules/');
    const electron = (await import('../../electron.config')).default as { renderer: { build: { minify?: unknown } } };
    expect(electron.renderer.build.minify).toBe(true);
  });

  it('keeps KaTeX out of the entry chunk, in a chunk of its own', () => {
    expect(read(entry)).not.toContain('KaTeX parse error');
    expect(scripts.filter((f) => f !== entry && read(f).includes('KaTeX parse error'))).toHaveLength(1);
    expect(html).not.toContain('katex');
  });

  it('ships names.txt once, as an asset no script inlines', () => {
    expect(assets.filter((f) => /^names-.*\.txt$/.test(f))).toHaveLength(1);
    for (const f of scripts) expect(read(f), f).not.toContain('emma\\nolivia');
  });
});
