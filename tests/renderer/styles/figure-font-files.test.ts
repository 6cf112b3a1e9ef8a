/** The page loads exactly the files the shared font table names (Vite needs them spelled out), and they exist. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FIGURE_FONT } from '../../../src-common/view/figure-font';

const source = readFileSync(new URL('../../../src-renderer/styles/figure-font-files.ts', import.meta.url), 'utf8');
const imported = [...source.matchAll(/from '([^']+)\?url'/g)].map((m) => m[1]);

describe('the figure font in the page', () => {
  it.each(Object.entries(FIGURE_FONT.files))('imports the %s face FIGURE_FONT names', (_, file) => {
    expect(imported).toContain(`${FIGURE_FONT.package}/${file}`);
    expect(() => createRequire(import.meta.url).resolve(`${FIGURE_FONT.package}/${file}`)).not.toThrow();
  });

  it('imports no other font file', () => {
    expect(imported).toHaveLength(Object.keys(FIGURE_FONT.files).length);
  });
});
