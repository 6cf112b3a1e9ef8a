/**
 * Every CLI write path under faults: killed in the middle of writing its output, a full disk (a real 16 KB tmpfs), a read-only one.
 * The previous file must survive each, usage errors exit 2 and disk errors exit 1. (Injected faults at
 * each fs call are in tests/src-node/write-atomic.test.ts; these run where a tmpfs can be mounted.)
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReadOnly } from '../helpers/read-only-dir';
import { mountTmpfs } from '../helpers/tmpfs';

const BIN = join(__dirname, '..', '..', 'bin', 'backprop-studio.mjs');
const PAUSE = join(__dirname, '..', 'helpers', 'pause-mid-write.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'bps-faults-'));

/** Spawns the CLI with tests/helpers/pause-mid-write.mjs: it stops for good in its first write into `dir`. */
function pausedMidWrite(dir: string, ...args: string[]) {
  const child = spawn(process.execPath, ['--import', PAUSE, BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BPS_PAUSE_DIR: dir },
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const midWrite = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (b: Buffer) => b.toString().includes('mid-write') && resolve());
    child.on('exit', (code) => reject(new Error(`the CLI exited (${code}) before writing its output`)));
  });
  return { child, exited, midWrite };
}

describe('train --out', () => {
  it('leaves the previous file whole when training is killed while it writes the file, and the next write in that folder removes the temp', async () => {
    const d = mkdtempSync(join(dir, 'killed-'));
    const out = join(d, 'killed.json');
    writeFileSync(out, 'precious');
    const { child, exited, midWrite } = pausedMidWrite(d, 'train', '--steps', '20', '--hidden', '16', '--out', out);
    try {
      await midWrite;
      const temps = readdirSync(d).filter((f) => f.endsWith('.tmp'));
      expect(temps).toHaveLength(1); // the new run is half on disk, beside the old file
      expect(statSync(join(d, temps[0])).size).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect(readFileSync(out, 'utf8')).toBe('precious');
    // Any later write in that folder (another file, another command) starts by removing the dead writer's temp.
    const r = cli('dump', '--out', join(d, 'other.json'));
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['killed.json', 'other.json']);
  });
});

describe('--out names a regular file or nothing yet', () => {
  const d = mkdtempSync(join(dir, 'kinds-'));
  writeFileSync(join(d, 'x.json'), 'precious');
  const fifo = join(d, 'pipe.json');
  if (process.platform !== 'win32') execFileSync('mkfifo', [fifo]);
  const dev = join(d, 'null');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('mknod', [dev, 'c', '1', '3']);

  it.each([
    ['a FIFO', () => fifo, 'it is not a regular file (a pipe, a device or a folder) (ENOTFILE)'],
    ['a folder', () => d, 'it is a directory (EISDIR)'],
    ['a path ending in /', () => `${join(d, 'x.json')}/`, 'a path ending in / names a folder, not a file'],
    ['a device node (as root: a copy of /dev/null)', () => (asRoot ? dev : fifo), '(ENOTFILE)'],
  ])('%s is a usage error (exit 2), and stays what it was', (_what, path, message) => {
    const r = cli('dump', '--out', path());
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(message);
    expect(readFileSync(join(d, 'x.json'), 'utf8')).toBe('precious');
    if (process.platform !== 'win32') expect(statSync(fifo).isFIFO()).toBe(true);
    if (asRoot) expect(statSync(dev).isCharacterDevice()).toBe(true);
  });
});

describe('a real read-only folder (chmod 0555, or chattr +i as root)', () => {
  it('dump exits 1 before any work, the file untouched', (ctx) => {
    const d = mkdtempSync(join(dir, 'ro-'));
    const out = join(d, 'dump.json');
    writeFileSync(out, 'precious');
    const undo = makeReadOnly(d);
    if (typeof undo === 'string') return ctx.skip(undo);
    let r;
    try {
      r = cli('dump', '--out', out);
    } finally {
      undo();
    }
    expect(r.status, r.stderr).toBe(1);
    // EACCES from chmod 0555, EPERM from chattr +i.
    expect(r.stderr.trim()).toMatch(
      /^backprop-studio: cannot write .*dump\.json: permission denied \((EPERM|EACCES)\)$/,
    );
    expect(r.stdout).toBe(''); // refused before dumping anything
    expect(readFileSync(out, 'utf8')).toBe('precious');
  });
});

const disk = mountTmpfs(16);
// Unmounted whatever runs: a run filtered by -t skips the describe's own hooks, and the mount would stay.
afterAll(() => {
  if (typeof disk !== 'string') disk.unmount();
});
if (typeof disk === 'string') console.log(`CLI disk-fault tests skipped: ${disk}`);

describe.skipIf(typeof disk === 'string')('on a real 16 KB tmpfs', () => {
  const fs16 = disk as Exclude<typeof disk, string>;

  it('train: a full disk at the final write exits 1, keeps the old file, and saves the run elsewhere', () => {
    const out = join(fs16.dir, 'train.json');
    writeFileSync(out, 'precious');
    const r = cli('train', '--steps', '50', '--hidden', '32', '--out', out);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain(`cannot write ${out}: no space left on the disk (ENOSPC); the run was saved to `);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    const spare = /saved to (\S+) instead/.exec(r.stderr)![1];
    expect(JSON.parse(readFileSync(spare, 'utf8')).config).toMatchObject({ steps: 50, n_hidden: 32 });
    rmSync(spare);
  });

  it.each([
    ['dump', ['dump', '--hidden', '64']],
    ['export png', ['export', '--format', 'png', '--scale', '2']],
  ])('%s: a full disk exits 1 and keeps the old file', (_what, args) => {
    const out = join(fs16.dir, 'out.bin');
    writeFileSync(out, 'precious');
    const r = cli(...args, '--out', out);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trim()).toBe(`backprop-studio: cannot write ${out}: no space left on the disk (ENOSPC)`);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect(readdirSync(fs16.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  // Last: the remount is for good.
  it.each([
    ['train', ['train', '--steps', '10']],
    ['dump', ['dump']],
    ['export', ['export', '--format', 'svg']],
  ])('%s: a read-only disk exits 1 before any work, the file untouched', (_what, args) => {
    const out = join(fs16.dir, 'ro.json');
    if (!existsSync(out)) writeFileSync(out, 'precious');
    fs16.readOnly();
    const r = cli(...args, '--out', out);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trim()).toBe(`backprop-studio: cannot write ${out}: the file system is read-only (EROFS)`);
    expect(r.stdout).toBe(''); // refused before training or running anything
    expect(readFileSync(out, 'utf8')).toBe('precious');
  });
});
