/** Which module files next to a notebook its imports may load (core/notebook/module-files.ts, files.ts). */
import { describe, expect, it } from 'vitest';
import { MAX_MODULE_LOOKUPS, MAX_READ_FILES, referencedFiles } from '../../../core/notebook/files';
import { importedModules, moduleCandidates, moduleFilesOf } from '../../../core/notebook/module-files';
import { parseNotebook } from '../../../core/notebook/parse';
import { rng } from '../../helpers/rng';

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

  it(`looks for at most ${MAX_MODULE_LOOKUPS} module files, found or not, and returns how many it left`, () => {
    // 80,000 imports of modules that are not there: Python would try m0.py and m0/__init__.py for each.
    const imports = Array.from({ length: 80_000 }, (_, i) => `import m${i}`).join('\n');
    const it = referencedFiles(parseNotebook('nb.py', enc(imports)));
    let asked = 0;
    let r = it.next();
    while (!r.done) {
      asked++;
      r = it.next(null);
    }
    expect(asked).toBe(MAX_MODULE_LOOKUPS);
    expect(r.value).toBe(160_000 - MAX_MODULE_LOOKUPS);
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

describe('reading imports in linear time', () => {
  // The regular expressions the line-by-line reading replaced (they backtracked for minutes on `import` and
  // 20,000 spaces): on short random lines, what they found is what is found now.
  const OLD_IMPORT = /^[ \t]*import[ \t]+([\w. \t,]+?)[ \t]*(?:#.*)?$/gm;
  const OLD_FROM = /^[ \t]*from[ \t]+(\.*)([A-Za-z_][\w.]*)?[ \t]+import[ \t]+\(?([\w \t,]*)/gm;
  const oldNames = (list: string) =>
    list
      .split(',')
      .map((p) =>
        p
          .trim()
          .split(/[ \t]+as[ \t]+/)[0]
          .trim(),
      )
      .filter((n) => /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(n));
  function oldImported(source: string, pkg: string): string[] {
    const out = new Set<string>();
    for (const m of source.matchAll(OLD_IMPORT)) for (const n of oldNames(m[1])) out.add(n);
    for (const [, dots, module = '', imported] of source.matchAll(OLD_FROM)) {
      let base = module;
      if (dots.length > 0) {
        const up = pkg.split('.').filter(Boolean);
        if (dots.length - 1 > up.length) continue;
        base = [...up.slice(0, up.length - (dots.length - 1)), ...(module ? [module] : [])].join('.');
      }
      if (base) out.add(base);
      for (const n of oldNames(imported)) out.add(base ? `${base}.${n}` : n);
    }
    return [...out];
  }

  it('finds what the old expressions found, on 5,000 random lines', () => {
    const random = rng(0x1e);
    const WORDS = [
      'import',
      'from',
      'as',
      ' ',
      '  ',
      '\t',
      ',',
      '.',
      '..',
      'a',
      'b.c',
      '_x',
      '3',
      '(',
      '#',
      'os',
      '\n',
      '\r\n',
      '*',
    ];
    for (let n = 0; n < 5000; n++) {
      const source = Array.from(
        { length: 1 + Math.floor(random() * 10) },
        () => WORDS[Math.floor(random() * WORDS.length)],
      ).join(random() < 0.5 ? ' ' : '');
      const pkg = random() < 0.5 ? '' : 'pkg.sub';
      expect(importedModules(source, pkg), JSON.stringify(source)).toEqual(oldImported(source, pkg));
    }
  });
});
