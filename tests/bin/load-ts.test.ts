import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the command's launcher, without types
import { bundled } from '../../bin/load-ts.mjs';

describe("the CLI's bundle (bin/load-ts.mjs)", () => {
  it('is built once, used while its sources are unchanged, and rebuilt when one changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-bundle-'));
    const entry = join(dir, 'entry.ts');
    const dep = join(dir, 'dep.ts');
    writeFileSync(entry, "import { value } from './dep';\nexport const answer: number = value;\n");
    writeFileSync(dep, 'export const value = 41;\n');
    // Sources saved long enough ago that the build records them (one saved mid-build is not trusted).
    const past = new Date(Date.now() - 60_000);
    utimesSync(entry, past, past);
    utimesSync(dep, past, past);

    const out = (await bundled(entry)) as string;
    expect(readFileSync(out, 'utf8')).toContain('41');
    writeFileSync(out, '// left as it was\n'); // a second call that rebuilt would overwrite this
    expect(await bundled(entry)).toBe(out);
    expect(readFileSync(out, 'utf8')).toBe('// left as it was\n');

    writeFileSync(dep, 'export const value = 42;\n');
    await bundled(entry);
    expect(readFileSync(out, 'utf8')).toContain('42');
  });
});
