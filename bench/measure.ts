/**
 * One process's wall time and peak resident memory (GNU time's %M, which counts the whole process: for the app
 * Node, V8's heap and Pyodide's WebAssembly memory). Benchmarks compare two of these side by side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  seconds: number;
  peakMB: number;
  /** The last line of stderr when the process exited 1 (a notebook that stopped at an exception), else null. */
  stopped: string | null;
}

const GNU_TIME = '/usr/bin/time';

/** Exit 0, or 1 with `allowStop` (the notebook raised: its last stderr line says where); anything else throws. */
export function measure(cmd: string, args: string[], cwd: string, allowStop = false): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'bp-measure-'));
  const out = join(dir, 'rss');
  const timed = existsSync(GNU_TIME);
  // One thread on both sides: the app's kernels run on one, and the machine is shared.
  const options = { cwd, encoding: 'utf8' as const, maxBuffer: 1 << 26, env: { ...process.env, OMP_NUM_THREADS: '1' } };
  const t0 = performance.now();
  const r = timed ? spawnSync(GNU_TIME, ['-f', '%M', '-o', out, cmd, ...args], options) : spawnSync(cmd, args, options);
  const seconds = (performance.now() - t0) / 1000;
  try {
    if (r.status !== 0 && !(allowStop && r.status === 1))
      throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
    // GNU time writes "Command exited with non-zero status 1" before the number.
    const peakMB = timed ? Number(readFileSync(out, 'utf8').trim().split('\n').pop()) / 1024 : NaN;
    const stopped = r.status === 0 ? null : (r.stderr.trim().split('\n').pop() ?? '');
    return { seconds, peakMB, stopped };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
