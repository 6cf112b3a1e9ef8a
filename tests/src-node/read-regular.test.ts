/**
 * Reading what a notebook names from the real disk: only regular files, never through a symbolic link out
 * of the folder it may read, never past a size. A FIFO must be refused at once (reading one blocks for good).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINKS_OUT, NOT_REGULAR, notebookFileReader, readRegularFile } from '../../src-node/read-regular';

const top = fs.mkdtempSync(join(tmpdir(), 'bps-read-'));
const nb = join(top, 'course', 'nb');
fs.mkdirSync(join(nb, 'data'), { recursive: true });
fs.writeFileSync(join(top, 'outside.txt'), 'outside');
fs.writeFileSync(join(top, 'course', 'names.txt'), 'emma\n');
fs.writeFileSync(join(nb, 'data', 'x.csv'), '1,2\n');
fs.symlinkSync(join(top, 'outside.txt'), join(nb, 'escape.txt'));
fs.symlinkSync(join(nb, 'data', 'x.csv'), join(nb, 'inside.csv'));
fs.symlinkSync(join(top, 'outside.txt'), join(top, 'course', 'up-escape.txt'));
const fifo = join(nb, 'pipe.txt');
const hasFifo = process.platform !== 'win32';
if (hasFifo) execFileSync('mkfifo', [fifo]);

const text = (c: unknown) => (c instanceof Uint8Array ? new TextDecoder().decode(c) : c);

describe('readRegularFile', () => {
  it('reads a regular file, and a link to one inside the folder', () => {
    expect(text(readRegularFile(join(nb, 'data', 'x.csv'), 100, nb))).toBe('1,2\n');
    expect(text(readRegularFile(join(nb, 'inside.csv'), 100, nb))).toBe('1,2\n');
  });

  it('refuses a symbolic link that leads out of the folder', () => {
    expect(readRegularFile(join(nb, 'escape.txt'), 100, nb)).toEqual({ refused: LINKS_OUT });
  });

  it.skipIf(!hasFifo)('refuses a FIFO at once instead of blocking on it', () => {
    expect(readRegularFile(fifo, 100, nb)).toEqual({ refused: NOT_REGULAR });
  });

  it.each([
    ['a folder', () => join(nb, 'data')],
    ['a device', () => '/dev/zero'],
  ])('refuses %s', (_what, path) => {
    if (!fs.existsSync(path())) return;
    expect(readRegularFile(path(), 100)).toEqual({ refused: NOT_REGULAR });
  });

  it('refuses a file over the limit (saying its size, for the budget), and says null for one that is not there', () => {
    expect(readRegularFile(join(nb, 'data', 'x.csv'), 3)).toEqual({ refused: 'it is larger than 3 bytes', size: 4 });
    expect(readRegularFile(join(nb, 'gone.txt'), 100)).toBeNull();
  });
});

describe("the CLI's reader of a notebook's files", () => {
  it('reads ../names.txt from the folder above, and nothing that leaves it through a link', () => {
    const read = notebookFileReader(nb);
    expect(text(read('../names.txt'))).toBe('emma\n');
    expect(text(read('data/x.csv'))).toBe('1,2\n');
    expect(read('escape.txt')).toEqual({ refused: LINKS_OUT });
    expect(read('../up-escape.txt')).toEqual({ refused: LINKS_OUT });
    if (hasFifo) expect(read('pipe.txt')).toEqual({ refused: NOT_REGULAR });
  });
});
