/**
 * Pyodide in Node for the command line: the interpreter from the `pyodide` package (nothing is downloaded)
 * and the Python sources of core/python read from disk.
 *
 * Starting CPython in WebAssembly takes seconds; starting it from a memory snapshot of a fresh interpreter
 * takes a fraction of that. The first run saves one in the user's cache folder (keyed by Pyodide's version),
 * later runs start from it; a snapshot that does not load is rebuilt, never trusted.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PythonRuntime } from '../core/notebook/run';

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

export async function loadPythonNode(): Promise<PythonRuntime> {
  const { loadPyodide, version } = await import('pyodide');
  const quiet = { stdout: () => {}, stderr: () => {} };
  const path = snapshotPath(version);
  let snapshot: Uint8Array | null;
  try {
    snapshot = readFileSync(path);
  } catch {
    snapshot = null;
  }
  if (snapshot) {
    try {
      return { pyodide: await loadPyodide({ ...quiet, _loadSnapshot: snapshot }), sources: pythonSources() };
    } catch {
      rmSync(path, { force: true });
    }
  }
  // A fresh interpreter, snapshotted before anything of ours (or the learner's) is in it.
  const pyodide = await loadPyodide({ ...quiet, _makeSnapshot: true });
  try {
    const bytes = pyodide.makeMemorySnapshot();
    mkdirSync(join(path, '..'), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch {
    // No cache folder to write to: every run starts the slow way, and that is all.
  }
  return { pyodide, sources: pythonSources() };
}
