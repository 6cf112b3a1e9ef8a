// Loaded with `node --import` into a CLI child process: the first time the process writes into a file it
// opened for writing in the folder $BPS_PAUSE_DIR, the chunk goes to disk, "mid-write" goes to stderr, and
// the process waits (to be killed). Whatever the writer (atomic, or a plain in-place one), the test then
// kills it in the middle of writing its output, not before.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { dirname, resolve } from 'node:path';

const dir = resolve(process.env.BPS_PAUSE_DIR ?? '/nonexistent');
const watched = new Set();
const { openSync, writeSync } = fs;

fs.openSync = function (path, flags, ...rest) {
  const fd = openSync.call(this, path, flags, ...rest);
  if (typeof path === 'string' && dirname(resolve(path)) === dir && /[wa+]/.test(String(flags ?? 'r'))) watched.add(fd);
  return fd;
};
fs.writeSync = function (fd, ...rest) {
  const n = writeSync.call(this, fd, ...rest);
  if (watched.delete(fd)) {
    writeSync(2, 'mid-write\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  }
  return n;
};
syncBuiltinESMExports();
