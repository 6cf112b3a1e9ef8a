/** Which module files next to a notebook its imports may load (core/notebook/module-files.ts, files.ts). */
import { describe, expect, it } from 'vitest';
import { MAX_READ_FILES, referencedFiles } from '../../../core/notebook/files';
import { importedModules, moduleCandidates, moduleFilesOf } from '../../../core/notebook/module-files';
import { parseNotebook } from '../../../core/notebook/parse';

const enc = (s: string) => new TextEncoder().encode(s);

describe('importedModules', () => {
  it.each([
    ['import mlp', ['mlp']],
    ['import mlp as m, utils.data as d', ['mlp', 'utils.data']],
    ['  import os, sys  # stdlib', ['os', 'sys']],
    ['from mlp import Linear, Tanh', ['mlp', 'mlp.Linear', 'mlp.Tanh']],
    ['from mlp import (Linear as L,', ['mlp', 'mlp.Linear']],
    ['from pkg.sub import x', ['pkg.sub', 'pkg.sub.x']],
    ['x = "import nothing"\n# from a import b', []],
  ])('%s → %j', (source, expected) => {
    expect(importedModules(source)).toEqual(expected);
  });

  it('resolves relative imports against the package the source belongs to', () => {
    expect(importedModules('from .inner import VALUE', 'pkg')).toEqual(['pkg.inner', 'pkg.inner.VALUE']);
    expect(importedModules('from . import inner', 'pkg')).toEqual(['pkg', 'pkg.inner']);
    expect(importedModules('from .. import up', 'pkg.sub')).toEqual(['pkg', 'pkg.up']);
    expect(importedModules('from ... import beyond', 'pkg')).toEqual([]);
  });
});

describe('moduleCandidates', () => {
  it("lists each package level's __init__.py and the module, as Python looks in one folder", () => {
    expect(moduleCandidates('mlp')).toEqual(['mlp.py', 'mlp/__init__.py']);
    expect(moduleCandidates('a.b')).toEqual(['a.py', 'a/__init__.py', 'a/b.py', 'a/b/__init__.py']);
  });

  it("never looks for the app's own torch, matplotlib and tqdm next to the notebook", () => {
    expect(moduleCandidates('torch.nn')).toEqual([]);
    expect(moduleCandidates('matplotlib.pyplot')).toEqual([]);
    expect(moduleCandidates('tqdm')).toEqual([]);
  });

  it("reads a package's own file's relative imports inside its folder", () => {
    expect(moduleFilesOf('from .inner import VALUE', 'pkg/__init__.py')).toEqual([
      'pkg.py',
      'pkg/__init__.py',
      'pkg/inner.py',
      'pkg/inner/__init__.py',
      'pkg/inner/VALUE.py',
      'pkg/inner/VALUE/__init__.py',
    ]);
  });
});

describe('referencedFiles', () => {
  it('reads at most MAX_READ_FILES module files, as it does the files the code names', () => {
    const imports = Array.from({ length: 40 }, (_, i) => `import m${i}`).join('\n');
    const it = referencedFiles(parseNotebook('nb.py', enc(imports)));
    let found = 0;
    for (let r = it.next(); !r.done;) {
      const exists = /^m\d+\.py$/.test(r.value);
      if (exists) found++;
      r = it.next(exists ? enc('X = 1\n') : null);
    }
    expect(found).toBe(MAX_READ_FILES);
  });

  it('asks for the files the code names, its module files, and the modules a found module imports', () => {
    const nb = parseNotebook('nb.py', enc("from mlp import Linear\nwords = open('names.txt').read()\n"));
    const disk: Record<string, string> = {
      'mlp.py': 'import helpers\n',
      'helpers.py': 'X = 1\n',
      'names.txt': 'emma\n',
    };
    const asked: string[] = [];
    const it = referencedFiles(nb);
    for (let r = it.next(); !r.done;) {
      asked.push(r.value);
      const text = disk[r.value];
      r = it.next(text === undefined ? null : enc(text));
    }
    expect(asked).toEqual([
      'names.txt',
      'mlp.py',
      'mlp/__init__.py',
      'mlp/Linear.py',
      'mlp/Linear/__init__.py',
      'helpers.py',
      'helpers/__init__.py',
    ]);
  });
});
