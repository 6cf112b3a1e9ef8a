// Loads a TypeScript module of the CLI with no build step: from an esbuild bundle kept beside it (rebuilt when a
// source it was built from changed), else through tsx's loader. tsx transpiles and resolves each of a run's few
// hundred modules through a loader thread at every start, in the main thread and again in the Python thread:
// about a second of each `backprop-studio run`, where reading one bundle takes a few milliseconds.
//
// The bundle lives in the entry's own folder (cli/.main.bundle.mjs), so the paths the CLI finds beside its
// modules (`new URL('../core/python/', import.meta.url)`) stay right; packages stay imports from node_modules.
// Anything amiss (a read-only folder, esbuild missing, BACKPROP_STUDIO_NO_BUNDLE set) falls back to tsx.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Imports `entry` (a .ts path from the repository's root, e.g. 'cli/main.ts'). */
export async function importTs(entry) {
  const file = resolve(ROOT, entry);
  if (!process.env.BACKPROP_STUDIO_NO_BUNDLE) {
    const bundle = await bundled(file).catch(() => null);
    if (bundle) return import(pathToFileURL(bundle).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(file).href);
}

/** The bundle of `file`, built now if it is missing or older than one of its sources. */
export async function bundled(file) {
  const out = join(dirname(file), `.${basename(file, '.ts')}.bundle.mjs`);
  const record = `${out}.json`;
  if (fresh(record)) return out;
  const { build } = await import('esbuild');
  // Built beside and renamed into place: runs started together (the test suite's) never read half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  const started = Date.now();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [file],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  const sources = {};
  let settled = true;
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve(ROOT, input);
    const s = statSync(path);
    sources[path] = [s.mtimeMs, s.size];
    // A source saved while esbuild read it may be newer than what the bundle holds: no record, so the next
    // run builds again.
    if (s.mtimeMs > started - 2000) settled = false;
  }
  renameSync(tmp, out);
  if (!settled) return out;
  writeFileSync(`${record}.${process.pid}.tmp`, JSON.stringify(sources));
  renameSync(`${record}.${process.pid}.tmp`, record);
  return out;
}

/** Whether the record lists sources that are all as they were when the bundle beside it was built. */
function fresh(record) {
  let sources;
  try {
    sources = JSON.parse(readFileSync(record, 'utf8'));
    statSync(record.slice(0, -'.json'.length));
  } catch {
    return false;
  }
  for (const [path, [mtime, size]] of Object.entries(sources)) {
    try {
      const s = statSync(path);
      if (s.mtimeMs !== mtime || s.size !== size) return false;
    } catch {
      return false;
    }
  }
  return true;
}
