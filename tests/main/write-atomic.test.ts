import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src-main/write-atomic';

const dir = mkdtempSync(join(tmpdir(), 'bps-atomic-'));

describe('writeFileAtomic', () => {
  it.each([
    ['text', 'hello'],
    ['bytes', new Uint8Array([0x89, 0x50, 0x4e, 0x47])],
  ])('writes %s and leaves no temporary file', async (_kind, data) => {
    const path = join(dir, `out-${_kind}`);
    await writeFileAtomic(path, data);
    expect(new Uint8Array(readFileSync(path))).toEqual(typeof data === 'string' ? new TextEncoder().encode(data) : data);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the old file whole when the rename fails', async () => {
    const target = join(dir, 'busy');
    mkdirSync(target); // renaming a file over a directory fails
    writeFileSync(join(target, 'inside'), 'old');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
