/** Runs a bench/*.py script with Debian's PyTorch (/usr/bin/python3) when it is there; null when not. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';
const here = dirname(fileURLToPath(import.meta.url));

export function hasTorch(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The last line the script prints, parsed as JSON. */
export function runPythonJson<T>(script: string, args: string[] = []): T {
  const out = execFileSync(PYTHON, [join(here, script), ...args], { encoding: 'utf8', cwd: here, maxBuffer: 1 << 24 });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}
