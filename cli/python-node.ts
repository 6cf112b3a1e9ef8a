/**
 * Pyodide in Node for the command line: the interpreter from the `pyodide` package (nothing is downloaded)
 * and the Python sources of core/python read from disk.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

export async function loadPythonNode(): Promise<PythonRuntime> {
  const { loadPyodide } = await import('pyodide');
  const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
  return { pyodide, sources: pythonSources() };
}
