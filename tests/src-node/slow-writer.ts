/**
 * Child process for the kill-mid-write test: starts an atomic write of `argv[2]`, says "mid-write" once the
 * first chunk is on disk, then waits to be killed before writing the rest.
 */
import { writeSync } from 'node:fs';
import { writeFileAtomic } from '../../src-node/write-atomic';

function* chunks(): Generator<string> {
  yield 'new '.repeat(50_000);
  writeSync(1, 'mid-write\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  yield 'end';
}

writeFileAtomic(process.argv[2], chunks());
