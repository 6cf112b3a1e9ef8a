/** `backprop-studio run`: a notebook's output on stdout as python prints it, errors on stderr, exit codes, --out. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'backprop-studio.mjs');
const FIXTURES = join(REPO, 'tests', 'fixtures', 'notebooks');
const dir = mkdtempSync(join(tmpdir(), 'bps-run-'));
const cli = (...args: string[]) => spawnSync('node', [BIN, ...args], { encoding: 'utf8', cwd: REPO });
const torch = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.torch.json`), 'utf8'));

describe('backprop-studio run', () => {
  it('prints exactly what python with PyTorch prints, and writes the run with --out', () => {
    const out = join(dir, 'basics.json');
    const r = cli('run', join(FIXTURES, 'torch-basics.py'), '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(torch('torch-basics').stdout);
    const d = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(d)).toEqual(['source', 'cells', 'graph', 'tensors', 'checks', 'notes', 'figures']);
    expect(Object.keys(d.cells[0])).toEqual(['index', 'kind', 'source', 'stdout', 'error', 'ran']);
    expect(d.graph.output).toBe('loss');
    expect(d.tensors.w).toMatchObject({ shape: [4, 2], dtype: 'float32' });
    expect(d.tensors.w.grad).toHaveLength(8);
  }, 120_000);

  it('names the cell and line of an exception on stderr and exits 1, after printing what ran', () => {
    const r = cli('run', join(FIXTURES, 'name-error.ipynb'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(torch('name-error').stdout);
    expect(r.stderr).toContain('File "<cell 3>", line 1');
    expect(r.stderr.trim().split('\n').pop()).toBe("NameError: name 'undefined_name' is not defined");
  }, 120_000);

  it('prints every frame of a traceback across cells, outermost first, as python does', () => {
    const nb = join(dir, 'deep.ipynb');
    const calls =
      'class Deep:\n  def a(self):\n    return self.b()\n  def b(self):\n    return self.c()\n  def c(self):\n    return self.d()\n  def d(self):\n    raise ValueError("deep")';
    writeFileSync(nb, nbOf(calls, 'x = Deep()', 'x.a()'));
    const r = cli('run', nb);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('Traceback (most recent call last):');
    expect(lines.filter((l) => l.startsWith('  File '))).toEqual([
      '  File "<cell 3>", line 1, in <module>',
      '  File "<cell 1>", line 3, in a',
      '  File "<cell 1>", line 5, in b',
      '  File "<cell 1>", line 7, in c',
      '  File "<cell 1>", line 9, in d',
    ]);
    expect(lines.at(-1)).toBe('ValueError: deep');
  }, 120_000);

  it("reports a SyntaxError at the file's line before running anything, as python does", () => {
    const r = cli('run', join(FIXTURES, 'syntax-error.py'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/syntax-error\.py", line 14/);
    expect(r.stderr).toMatch(/SyntaxError: '\(' was never closed/);
  }, 120_000);

  it('notes on stderr, not stdout, that plots are ignored and that the bundled names.txt stands in', () => {
    const nb = join(dir, 'lonely.py');
    writeFileSync(
      nb,
      "import matplotlib.pyplot as plt\nwords = open('names.txt').read().split()\nprint(len(words))\nplt.plot([1, 2])\n",
    );
    const r = cli('run', nb);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('32033\n');
    expect(r.stderr).toContain(
      'names.txt was not found next to lonely.py: using the names.txt bundled with Backprop Studio',
    );
    expect(r.stderr).toContain('1 matplotlib plot(s) ignored');
  }, 120_000);

  it.each([
    [['run'], 2, 'run needs a notebook: backprop-studio run FILE.ipynb|FILE.py [--out DUMP.json]'],
    [['run', 'notes.txt'], 2, 'notes.txt: expected a .ipynb or .py file'],
    [['run', 'missing.ipynb'], 2, 'cannot read missing.ipynb: ENOENT'],
    [['run', join('tests', 'fixtures', 'notebooks', 'layers.ipynb'), '--bogus', '1'], 2, "unknown option '--bogus'"],
  ])('%j exits %i with one line', (args, status, message) => {
    const r = cli(...args);
    expect(r.status).toBe(status);
    expect(r.stderr.trim()).toBe(`backprop-studio: ${message}`);
  });

  it('refuses a malformed notebook with one line naming it and exit 1', () => {
    const bad = join(dir, 'bad.ipynb');
    writeFileSync(bad, '{"nbformat": 4, "cells": [');
    const r = cli('run', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^backprop-studio: .*bad\.ipynb: is not valid JSON/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  const nbOf = (...cells: string[]) =>
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: cells.map((source) => ({ cell_type: 'code', source, metadata: {}, outputs: [] })),
    });

  it('stops at Ctrl+C with KeyboardInterrupt and exit 130, writing what ran to --out', async () => {
    const nb = join(dir, 'endless.ipynb');
    const out = join(dir, 'endless.json');
    writeFileSync(nb, nbOf('x = 0', "print('start', flush=True)\nwhile True:\n    x += 1", "print('never')"));
    const child = spawn('node', [BIN, 'run', nb, '--out', out], { cwd: REPO });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('start')) resolve();
      }),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toBe('start\n');
    expect(stderr).toContain('File "<cell 2>", line');
    expect(stderr.trim().split('\n').pop()).toBe('KeyboardInterrupt');
    const d = JSON.parse(readFileSync(out, 'utf8'));
    expect(d.cells.map((c: { ran: boolean }) => c.ran)).toEqual([true, true, false]);
    expect(d.cells[1].error.type).toBe('KeyboardInterrupt');
  }, 120_000);

  it('exits with the status sys.exit and os._exit give, later cells not run, --out written', () => {
    const nb = join(dir, 'exits.ipynb');
    const out = join(dir, 'exits.json');
    writeFileSync(nb, nbOf("import sys\nprint('a')", 'sys.exit(3)', "print('after')"));
    const r = cli('run', nb, '--out', out);
    expect([r.status, r.stdout, r.stderr]).toEqual([3, 'a\n', '']);
    expect(JSON.parse(readFileSync(out, 'utf8')).cells.map((c: { ran: boolean }) => c.ran)).toEqual([
      true,
      true,
      false,
    ]);
    const py = join(dir, 'exits.py');
    writeFileSync(py, "import os\nprint('a')\nos._exit(7)\nprint('after')\n");
    expect(cli('run', py).status).toBe(7);
    writeFileSync(py, "import sys\nsys.exit('bye')\n");
    expect([cli('run', py).status, cli('run', py).stderr]).toEqual([1, 'bye\n']);
  }, 120_000);

  it('writes --out for a notebook with a SyntaxError, with the error in it', () => {
    const out = join(dir, 'syntax.json');
    const r = cli('run', join(FIXTURES, 'syntax-error.py'), '--out', out);
    expect(r.status).toBe(1);
    const d = JSON.parse(readFileSync(out, 'utf8'));
    expect(d.cells.find((c: { error: unknown }) => c.error).error.type).toBe('SyntaxError');
  }, 120_000);
});
