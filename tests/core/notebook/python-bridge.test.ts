/**
 * The Python→bridge surface: every `core.X` the Python side (core/python) calls is a function of the bridge
 * (core/notebook/bridge.ts), and every key Python passes to `core.op` is a binding of the op registry or a data
 * op. Python reaches the bridge by attribute only (`core.X`), never by a computed name, so reading the source
 * finds every call.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBridge, type BridgeHooks } from '../../../core/notebook/bridge';
import type { Tracker } from '../../../core/notebook/tracker';
import { REPO } from './notebooks';

const PYTHON = join(REPO, 'core/python');
const sources = readdirSync(PYTHON, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.py'))
  .map((f) => ({ file: f, text: readFileSync(join(PYTHON, f), 'utf8') }));

// Nothing is called on a bridge built here: the tracker and hooks are never reached.
const bridge = createBridge({} as Tracker, {} as BridgeHooks) as unknown as Record<string, unknown>;

describe('the Python side of the bridge', () => {
  const called = new Set(sources.flatMap(({ text }) => [...text.matchAll(/\bcore\.([A-Za-z_]\w*)/g)].map((m) => m[1])));

  it('reads the source of every module', () => {
    expect(sources.map((s) => s.file)).toEqual(expect.arrayContaining(['torch/__init__.py', 'torch/_tensor.py']));
    expect(called.size).toBeGreaterThan(20);
  });

  it.each([...called].filter((n) => n !== 'X'))('core.%s is a function of the bridge', (name) => {
    expect(typeof bridge[name]).toBe('function');
  });

  it('never names a bridge function by a computed string', () => {
    for (const { file, text } of sources) expect(text, file).not.toMatch(/getattr\(\s*core\b|\bcore\[/);
  });

  it('writes in place only through torch/_bridge.py, which forgets the integer values Python holds', () => {
    // torch/_block.py reads small integer tensors from Python's copy of their values; a write the copy did not
    // hear of would leave it stale. The bridge's writers are called from _bridge.py's wrappers alone.
    const writers = /\bcore\.(assign|writeAt|writeInts|inplace|inplaceAt|renameInPlace)\b/;
    for (const { file, text } of sources) if (file !== 'torch/_bridge.py') expect(text, file).not.toMatch(writers);
    expect(sources.find((s) => s.file === 'torch/_bridge.py')?.text).toMatch(writers);
  });

  it('passes core.op only keys the registry or the data ops bind', () => {
    const keys = new Set(
      sources.flatMap(({ text }) =>
        [...text.matchAll(/\b_op\(\s*"(\w+)",|core\.op,\s*"(\w+)",/g)].map((m) => m[1] ?? m[2]),
      ),
    );
    expect(keys.size).toBeGreaterThan(10);
    const op = bridge.op as (name: string, cell: number, line: number, ...args: unknown[]) => number;
    for (const key of keys) {
      // An unknown key says so before it reads any argument; a known one fails on the missing handle instead.
      expect(() => op(key, -1, 0, -1), key).not.toThrow(/unknown op/);
    }
  });
});
