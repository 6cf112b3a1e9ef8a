/**
 * The atomic writer under faults: injected errors at each file-system call (ENOSPC mid-write, EROFS, a
 * failing cleanup), a writer SIGKILLed mid-write, and where the machine allows, a real full tmpfs and a
 * read-only remount. Each test fails with a plain writeFile in place of writeFileAtomic.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWritable, WriteError, writeFileAtomic, type WriterFs } from '../../src-node/write-atomic';
import { makeReadOnly } from '../helpers/read-only-dir';
import { mountTmpfs } from '../helpers/tmpfs';

const dir = fs.mkdtempSync(join(tmpdir(), 'bps-atomic-'));
let n = 0;
/** A fresh folder per test, holding `old.txt` = "old" when asked. */
function folder(withOld = true): { dir: string; target: string } {
  const d = join(dir, String(n++));
  fs.mkdirSync(d);
  const target = join(d, 'old.txt');
  if (withOld) fs.writeFileSync(target, 'old');
  return { dir: d, target };
}
const temps = (d: string) => fs.readdirSync(d).filter((f) => f.endsWith('.tmp'));
const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

/** The real fs with one call replaced; records every call's name in order. */
function faulty(overrides: Partial<Record<keyof WriterFs, (...args: never[]) => unknown>> = {}) {
  const calls: string[] = [];
  const wrapped = new Proxy(fs, {
    get(target, name: string) {
      const real = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
      const fake = (overrides as Record<string, (...a: unknown[]) => unknown>)[name];
      if (typeof real !== 'function') return real;
      return (...args: unknown[]) => {
        calls.push(name);
        return fake ? fake(...args) : real.apply(target, args);
      };
    },
  }) as unknown as WriterFs;
  return { fs: wrapped, calls };
}

describe('writeFileAtomic', () => {
  it.each([
    ['text', 'hello', 'hello'],
    ['bytes', new Uint8Array([0x68, 0x69]), 'hi'],
    ['chunks', ['a', new Uint8Array([0x62]), 'c'], 'abc'],
  ])('writes %s and leaves no temporary file', (_kind, data, text) => {
    const { dir: d, target } = folder();
    writeFileAtomic(target, data);
    expect(fs.readFileSync(target, 'utf8')).toBe(text);
    expect(temps(d)).toEqual([]);
  });

  it('flushes the data to disk before the rename makes it the file', () => {
    const { target } = folder();
    const { fs: spy, calls } = faulty();
    writeFileAtomic(target, 'new', spy);
    const sequence = calls.filter((c) => ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync'].includes(c));
    expect(sequence.slice(0, 5)).toEqual(['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync']);
  });

  it('keeps the old file whole and removes its temp when the disk fills mid-write (ENOSPC)', () => {
    const { dir: d, target } = folder();
    let writes = 0;
    const { fs: full } = faulty({
      writeSync: ((fd: number, buf: Uint8Array, off: number) => {
        if (writes++ === 0) return fs.writeSync(fd, buf, off, 1); // part of the data lands, then the disk is full
        throw errno('ENOSPC');
      }) as never,
    });
    expect(() => writeFileAtomic(target, 'new contents', full)).toThrow(
      `cannot write ${target}: no space left on the disk (ENOSPC)`,
    );
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(temps(d)).toEqual([]);
  });

  it('reports the write’s error, not the cleanup’s, and never names the temp file', () => {
    const { target } = folder();
    const { fs: broken } = faulty({
      renameSync: (() => {
        throw errno('EIO');
      }) as never,
      unlinkSync: (() => {
        throw errno('EACCES');
      }) as never,
    });
    let error: unknown;
    try {
      writeFileAtomic(target, 'new', broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WriteError);
    expect((error as WriteError).code).toBe('EIO');
    expect((error as Error).message).toBe(`cannot write ${target}: the disk reported an I/O error (EIO)`);
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
  });

  it('refuses a read-only file system with the target untouched', () => {
    const { target } = folder();
    const { fs: readOnly } = faulty({
      openSync: (() => {
        throw errno('EROFS');
      }) as never,
    });
    expect(() => writeFileAtomic(target, 'new', readOnly)).toThrow('the file system is read-only (EROFS)');
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
  });

  it('keeps the target’s permissions (0600 stays 0600)', () => {
    const { target } = folder();
    fs.chmodSync(target, 0o600);
    writeFileAtomic(target, 'secret');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(target, 'utf8')).toBe('secret');
  });

  it('writes through a symlink: the link stays, the file it names changes', () => {
    const { dir: d, target } = folder();
    const link = join(d, 'link.txt');
    fs.symlinkSync('old.txt', link);
    writeFileAtomic(link, 'via link');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('via link');
    expect(temps(d)).toEqual([]);
  });

  it('writes a file whose name is as long as the file system allows', () => {
    const { dir: d } = folder(false);
    const long = join(d, `${'n'.repeat(250)}.json`);
    writeFileAtomic(long, '{}');
    expect(fs.readFileSync(long, 'utf8')).toBe('{}');
  });

  it('survives a writer killed mid-write: the old file stays whole, and the next write removes the temp', async () => {
    const { dir: d, target } = folder();
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'slow-writer.ts'), target], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => b.toString().includes('mid-write') && resolve());
        child.on('exit', (code) => reject(new Error(`writer exited (${code}) before writing`)));
      });
      expect(temps(d)).toHaveLength(1); // the half-written temp file is there
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(temps(d)).toHaveLength(1);
    writeFileAtomic(target, 'next');
    expect(fs.readFileSync(target, 'utf8')).toBe('next');
    expect(temps(d)).toEqual([]);
  });

  it('removes the temps killed writers left for other files in the folder, when any write there starts', () => {
    const { dir: d, target } = folder();
    // A pid no process has: Linux's pid_max is at most 2^22.
    const dead = [join(d, '.train.json.4194305-x1.tmp'), join(d, `.${'n'.repeat(120)}.4194306-y2.tmp`)];
    for (const f of dead) fs.writeFileSync(f, 'x'.repeat(1000));
    const unrelated = join(d, '.notes.tmp');
    fs.writeFileSync(unrelated, 'mine');
    writeFileAtomic(target, 'new');
    expect(dead.filter((f) => fs.existsSync(f))).toEqual([]);
    expect(fs.readFileSync(unrelated, 'utf8')).toBe('mine');
  });

  it.skipIf(process.platform === 'win32')('replaces only a regular file: a FIFO is refused and stays a FIFO', () => {
    const { dir: d } = folder(false);
    const fifo = join(d, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    expect(() => writeFileAtomic(fifo, '{}')).toThrow(
      `cannot write ${fifo}: it is not a regular file (a pipe, a device or a folder) (ENOTFILE)`,
    );
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
    expect(temps(d)).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)('as root, refuses a device node (a copy of /dev/null) and leaves it one', () => {
    const { dir: d } = folder(false);
    const dev = join(d, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    expect(() => writeFileAtomic(dev, '{}')).toThrow('(ENOTFILE)');
    expect(fs.statSync(dev).isCharacterDevice()).toBe(true);
  });

  it('refuses a path ending in /, even when a file of that name exists', () => {
    const { target } = folder();
    expect(() => writeFileAtomic(`${target}/`, 'new')).toThrow('a path ending in / names a folder, not a file');
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
  });

  it('leaves the temp files of writers still running alone', () => {
    const { dir: d, target } = folder();
    const live = join(d, `.old.txt.${process.ppid}-abc.tmp`);
    fs.writeFileSync(live, 'in progress');
    writeFileAtomic(target, 'new');
    expect(fs.existsSync(live)).toBe(true);
  });
});

describe('checkWritable', () => {
  it('passes a writable path without touching the file', () => {
    const { target } = folder();
    const before = fs.statSync(target);
    checkWritable(target);
    checkWritable(join(fs.mkdtempSync(join(dir, 'new-')), 'absent.json'));
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(fs.statSync(target).mtimeMs).toBe(before.mtimeMs);
  });

  it.each([
    ['a missing directory', (d: string) => join(d, 'no', 'x.json'), 'ENOENT', 'directory'],
    ['a file as a directory', (d: string) => join(d, 'old.txt', 'x.json'), 'ENOTDIR', 'not a directory'],
    ['a directory', (d: string) => d, 'EISDIR', 'it is a directory'],
    ['a name too long', (d: string) => join(d, 'x'.repeat(300)), 'ENAMETOOLONG', 'too long'],
  ])('refuses %s', (_what, pathOf, code, message) => {
    const { dir: d } = folder();
    let error: unknown;
    try {
      checkWritable(pathOf(d));
    } catch (e) {
      error = e;
    }
    expect((error as WriteError).code).toBe(code);
    expect((error as Error).message).toContain(message);
  });

  it('refuses a read-only directory', () => {
    const { target } = folder();
    const { fs: readOnly } = faulty({
      accessSync: (() => {
        throw errno('EROFS');
      }) as never,
    });
    expect(() => checkWritable(target, readOnly)).toThrow('read-only (EROFS)');
  });
});

describe('a real read-only folder (chmod 0555, or chattr +i as root)', () => {
  it('is refused up front and at write time, the file untouched', (ctx) => {
    const { dir: d, target } = folder();
    const undo = makeReadOnly(d);
    if (typeof undo === 'string') return ctx.skip(undo);
    try {
      expect(() => checkWritable(target)).toThrow(`cannot write ${target}: permission denied`);
      expect(() => writeFileAtomic(target, 'new')).toThrow(`cannot write ${target}: permission denied`);
    } finally {
      undo();
    }
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(temps(d)).toEqual([]);
  });
});

const tmpfs = mountTmpfs(64);
// Unmounted whatever runs: a run filtered by -t skips the describe's own hooks, and the mount would stay.
afterAll(() => {
  if (typeof tmpfs !== 'string') tmpfs.unmount();
});
if (typeof tmpfs === 'string') console.log(`real-disk fault tests skipped: ${tmpfs}`);

describe.skipIf(typeof tmpfs === 'string')('on a real 64 KB tmpfs', () => {
  const disk = tmpfs as Exclude<typeof tmpfs, string>;

  it('a write too big for the disk fails with ENOSPC and keeps the old file and the space', () => {
    const target = join(disk.dir, 'run.json');
    fs.writeFileSync(target, 'old');
    expect(() => writeFileAtomic(target, 'x'.repeat(200_000))).toThrow('(ENOSPC)');
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(temps(disk.dir)).toEqual([]);
    writeFileAtomic(target, 'fits'); // the failed write gave its space back
    expect(fs.readFileSync(target, 'utf8')).toBe('fits');
  });

  it('a read-only remount is refused up front and at write time, the file untouched', () => {
    const target = join(disk.dir, 'ro.json');
    fs.writeFileSync(target, 'old');
    disk.readOnly();
    expect(() => checkWritable(target)).toThrow('(EROFS)');
    expect(() => writeFileAtomic(target, 'new')).toThrow('(EROFS)');
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
  });
});
