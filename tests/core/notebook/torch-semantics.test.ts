/**
 * Small programs over torch's semantics (tests/fixtures/torch-semantics/cases.py), run here and by real
 * PyTorch 1.13 (make_torch_semantics.py, which recorded torch-semantics.json): the same stdout, and the same
 * exception (type and message) where PyTorch stops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../core/notebook/parse';
import { runNotebook } from '../../../core/notebook/run';
import { SURFACE_CODE, torchTable, withTable } from '../../../core/notebook/torch-docs';
import { NAMES, python, REPO } from './notebooks';

interface Recorded {
  code: string;
  stdout: string;
  error: { type: string; message: string } | null;
}

const DIR = join(REPO, 'tests/fixtures/torch-semantics');
const RECORD = JSON.parse(readFileSync(join(DIR, 'torch-semantics.json'), 'utf8')) as Record<string, Recorded>;
/** What make_torch_semantics.py puts before every case. */
const PRELUDE = 'import torch\nimport torch.nn.functional as F\n';

async function runCase(code: string) {
  const nb = parseNotebook('case.py', new TextEncoder().encode(PRELUDE + code));
  return runNotebook(await python(), nb, { bundledNames: NAMES, readFile: () => null });
}

describe('torch semantics, as PyTorch 1.13 runs them', () => {
  it.each(Object.entries(RECORD))('%s', async (_, rec) => {
    const run = await runCase(rec.code);
    const stdout = run.cells.map((c) => c.stdout).join('');
    expect(run.error && { type: run.error.type, message: run.error.message }).toEqual(rec.error);
    expect(stdout).toBe(rec.stdout);
  });
});

describe("the README's torch table", () => {
  it('is the one this build generates (npm run docs:torch rewrites it)', async () => {
    const run = await runCase(SURFACE_CODE);
    expect(run.error).toBeNull();
    const surface = JSON.parse(run.cells.map((c) => c.stdout).join('')) as Record<string, string[]>;
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(withTable(readme, torchTable(surface))).toBe(readme);
  });
});
