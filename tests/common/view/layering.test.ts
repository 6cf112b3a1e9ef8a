/** The view model stays DOM-free and shared: nothing in src-common/view or cli/ reaches into the renderer or main. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;

function importsOf(dir: string): { file: string; spec: string }[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) =>
      [...readFileSync(join(ROOT, dir, f), 'utf8').matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gm)].map((m) => ({
        file: `${dir}/${f}`,
        spec: m[1],
      })),
    );
}

describe('layering', () => {
  it.each(['src-common/view', 'cli'])('%s imports nothing from src-renderer/ or src-main/', (dir) => {
    const bad = importsOf(dir).filter(({ spec }) => /src-renderer\/|src-main\//.test(spec));
    expect(bad).toEqual([]);
  });

  it('src-common/view uses no DOM or Svelte', () => {
    const bad = importsOf('src-common/view').filter(({ spec }) => spec === 'svelte' || spec.startsWith('svelte/'));
    expect(bad).toEqual([]);
    for (const f of readdirSync(join(ROOT, 'src-common/view'))) {
      expect(readFileSync(join(ROOT, 'src-common/view', f), 'utf8'), f).not.toMatch(
        /\b(document|window)\.|\bHTMLElement\b|getBoundingClientRect\(/,
      );
    }
  });
});
