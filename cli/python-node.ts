/**
 * Pyodide in Node for the command line: the interpreter from the `pyodide` package (nothing is downloaded)
 * and the Python sources of core/python read from disk.
 * The first run saves a snapshot of a fresh interpreter in the user's cache folder (keyed by Pyodide's
 * version) and later runs start from it (core/notebook/start-python.ts); beside it, the bytecode of core/python
 * (core/notebook/compiled-python.ts).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledStore } from '../core/notebook/compiled-python';
import type { PythonRuntime } from '../core/notebook/run';
import { startPython, type SnapshotStore } from '../core/notebook/start-python';
import { prepareTrampoline } from './wasm-call-trampoline';

const PYTHON_DIR = fileURLToPath(new URL('../core/python/', import.meta.url));

/** Every .py file under core/python, keyed by its path there (`torch/__init__.py`). */
export function pythonSources(dir = PYTHON_DIR): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.py')) out[relative(dir, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function snapshotPath(version: string): string {
  const base =
    process.env.BACKPROP_STUDIO_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'backprop-studio');
  return join(base, `pyodide-${version}.snapshot`);
}

/**
 * Writes a cache file whole or not at all (renamed into place: runs started together never read half of one);
 * says whether it could (there may be no cache folder to write to).
 */
function writeAtomically(path: string, data: string | Uint8Array): boolean {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, path);
    return true;
  } catch {
    return false;
  }
}

/** The snapshot as a file in the cache folder, written atomically (no cache folder: none is kept). */
function fileStore(path: string): SnapshotStore {
  return {
    load: async () => {
      try {
        return readFileSync(path);
      } catch {
        return null;
      }
    },
    save: async (bytes) => {
      // No cache folder to write to: every run starts the slow way, and that is all.
      writeAtomically(path, bytes);
    },
    drop: async () => rmSync(path, { force: true }),
  };
}

/**
 * The runtime's bytecode as a file beside the snapshot (JSON, base64 by source path), written atomically; an
 * unreadable file is an empty store.
 */
function compiledStore(path: string): CompiledStore {
  const pycs: Record<string, Uint8Array> = {};
  try {
    for (const [rel, b64] of Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>)) {
      pycs[rel] = Buffer.from(b64, 'base64');
    }
  } catch {
    // None yet (or a broken one): everything is compiled once and saved.
  }
  return {
    pycs,
    save(next) {
      const json = JSON.stringify(
        Object.fromEntries(Object.entries(next).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      );
      writeAtomically(path, json); // (none written: the next run compiles again)
    },
  };
}

export async function loadPythonNode(): Promise<PythonRuntime> {
  // Before Pyodide's modules compile: on Node 20 its interpreter's calls of C functions need this to stay in
  // WebAssembly (wasm-call-trampoline.ts).
  const trampoline = prepareTrampoline();
  const { loadPyodide, version } = await import('pyodide');
  const snapshot = snapshotPath(version);
  const pyodide = await trampoline.during(() =>
    startPython(
      (options) => loadPyodide({ stdout: () => {}, stderr: () => {}, ...options }),
      // A snapshot holds where the trampoline is: one taken in the other mode is not this one's.
      fileStore(
        trampoline.mode === 'as-built' ? snapshot : snapshot.replace(/\.snapshot$/, `.${trampoline.mode}.snapshot`),
      ),
    ),
  );
  return { pyodide, sources: pythonSources(), compiled: compiledStore(`${snapshot}.pyc.json`) };
}
