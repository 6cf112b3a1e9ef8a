/** The one palette table: every CSS variable the page uses is generated from it, in both themes. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cssVariable, paletteCss, PALETTES } from '../../../src-common/view/palette';

const ROOT = new URL('../../../', import.meta.url).pathname;
const FRAME_VARIABLES = new Set(['--mono', '--sans']); // fonts, set in styles/app.css

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(svelte|css|ts)$/.test(name) ? [path] : [];
  });
}

describe('palette', () => {
  it('names CSS variables as the style sheets spell them', () => {
    expect(cssVariable('edgeLabelBg')).toBe('--edge-label-bg');
    expect(cssVariable('panel2')).toBe('--panel-2');
    expect(cssVariable('bg')).toBe('--bg');
  });

  it('generates a light and a dark value for every colour', () => {
    const css = paletteCss();
    expect(Object.keys(PALETTES.light)).toEqual(Object.keys(PALETTES.dark));
    expect(css).toContain('--edge-label-bg: #fbfbfa;');
    expect(css).toMatch(/:root\[data-theme='dark'\] \{[^}]*--broadcast: #ff5c93;/);
    expect(css).toMatch(/:root,\n:root\[data-theme='light'\] \{[^}]*--broadcast: #d6336c;/);
  });

  it('defines every variable the renderer reads, and no colour is written twice', () => {
    const defined = new Set([...Object.keys(PALETTES.light).map(cssVariable), ...FRAME_VARIABLES]);
    const used = new Set<string>();
    for (const file of filesUnder(join(ROOT, 'src-renderer'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/var\((--[\w-]+)/g)) used.add(m[1]);
      // Theme colours live in the table only: no style sheet defines its own.
      expect(text, file).not.toMatch(/^\s*--(bg|panel|text|muted|edge|broadcast|grad)[\w-]*:/m);
    }
    expect([...used].filter((v) => !defined.has(v))).toEqual([]);
  });
});
