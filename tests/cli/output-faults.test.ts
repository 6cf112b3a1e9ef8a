/**
 * Every CLI write path under faults: killed mid-run, a full disk (a real 16 KB tmpfs), a read-only one.
 * The previous file must survive each, usage errors exit 2 and disk errors exit 1. (Injected faults at
 * each fs call are in tests/src-node/write-atomic.test.ts; these run where a tmpfs can be mounted.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mountTmpfs } from '../helpers/tmpfs';

const BIN = join(__dirname, '..', '..', 'bin', 'backprop-studio.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'bps-faults-'));

describe('train --out', () => {
  it('leaves the previous file whole when training is killed', async () => {
    const out = join(dir, 'killed.json');
    writeFileSync(out, 'precious');
    const child = spawn(process.execPath, [BIN, 'train', '--hidden', '16', '--out', out], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      // The first progress line: training has started, past every check of the output path.
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => /0\/ 200000/.test(b.toString()) && resolve());
        child.on('exit', (code) => reject(new Error(`train exited (${code}) before its first step`)));
      });
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

const disk = mountTmpfs(16);
if (typeof disk === 'string') console.log(`CLI disk-fault tests skipped: ${disk}`);

describe.skipIf(typeof disk === 'string')('on a real 16 KB tmpfs', () => {
  const fs16 = disk as Exclude<typeof disk, string>;
  afterAll(() => fs16.unmount());

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
