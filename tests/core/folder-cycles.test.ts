/**
 * core/'s folders form layers: tensor below ops below autograd, mlp, train… An import from one folder into
 * another is an edge; the folders must have no cycle, so each can be read (and tested) on top of the ones it
 * imports. ESLint (eslint.config.js) checks the boundaries between runtimes; this checks core's insides.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const CORE = resolve(import.meta.dirname, '../../core');

/**
 * Imports that close a cycle today and are being removed; each names its file and its target.
 * core/kernels ↔ core/train: fast-tanh moves into core/kernels (issue 12, the i15 engineer) — drop this then.
 */
const ALLOWED = new Set<string>([]);

interface Import {
  from: string;
  to: string;
}

/** Every import between two different folders of core/, as paths relative to core/. */
export function folderImports(root: string): Import[] {
  const out: Import[] = [];
  for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!/\.ts$/.test(entry)) continue;
    const file = join(root, entry);
    for (const ref of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const to = relative(root, resolve(dirname(file), ref.fileName));
      const from = relative(root, file);
      if (folderOf(from) !== folderOf(to)) out.push({ from, to });
    }
  }
  return out;
}

const folderOf = (path: string) => path.split('/')[0];

/** A cycle of folders, or null: depth-first search over the folder graph. */
export function findCycle(imports: readonly Import[]): string[] | null {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    const set = next.get(folderOf(from)) ?? new Set<string>();
    set.add(folderOf(to));
    next.set(folderOf(from), set);
  }
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (folder: string): string[] | null => {
    if (state.get(folder) === 'done') return null;
    if (state.get(folder) === 'open') return [...path.slice(path.indexOf(folder)), folder];
    state.set(folder, 'open');
    path.push(folder);
    for (const n of next.get(folder) ?? []) {
      const cycle = visit(n);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(folder, 'done');
    return null;
  };
  for (const folder of next.keys()) {
    const cycle = visit(folder);
    if (cycle) return cycle;
  }
  return null;
}

const key = (i: Import) => `${i.from} → ${i.to.replace(/\.ts$/, '')}`;

describe('core/ folder layers', () => {
  const imports = folderImports(CORE);

  it('finds the imports between folders', () => {
    expect(imports.some((i) => key(i) === 'ops/matmul.ts → tensor/tensor')).toBe(true);
  });

  it('have no cycle between folders', () => {
    expect(findCycle(imports.filter((i) => !ALLOWED.has(key(i))))).toBeNull();
  });

  it('each allowed exception still exists (drop it once its import is gone)', () => {
    for (const allowed of ALLOWED)
      expect(imports.map(key), `${allowed} is gone: remove it from ALLOWED`).toContain(allowed);
  });
});

describe('findCycle', () => {
  it('reports a two-folder cycle and a longer one, and none in a layered graph', () => {
    expect(
      findCycle([
        { from: 'a/x.ts', to: 'b/y' },
        { from: 'b/y.ts', to: 'a/z' },
      ]),
    ).toEqual(['a', 'b', 'a']);
    expect(
      findCycle([
        { from: 'a/x', to: 'b/x' },
        { from: 'b/x', to: 'c/x' },
        { from: 'c/x', to: 'a/x' },
      ]),
    ).toEqual(['a', 'b', 'c', 'a']);
    expect(
      findCycle([
        { from: 'a/x', to: 'b/x' },
        { from: 'b/x', to: 'c/x' },
        { from: 'a/x', to: 'c/x' },
      ]),
    ).toBeNull();
  });
});
