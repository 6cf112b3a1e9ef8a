/**
 * The runtime's two halves agree: every method `RuntimeModule` (core/notebook/run.ts) declares is a function of
 * the Python package, and everything the package exposes is called by the host or read by torch/matplotlib.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { pythonSources } from '../../../cli/python-node';
import type { PythonRuntimeApi } from '../../../core/notebook/python-api';
import { runNotebook } from '../../../core/notebook/run';
import { parseNotebook } from '../../../core/notebook/parse';
import { NAMES, python, REPO } from './notebooks';

/** The member names of RuntimeModule, read from run.ts's syntax tree. */
function declared(): string[] {
  const file = `${REPO}core/notebook/run.ts`;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  let names: string[] = [];
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'RuntimeModule')
      names = node.members.map((m) => (m.name as ts.Identifier).text);
  });
  return names;
}

/** Runs these lines of Python in the tests' interpreter; the value of the last one. */
async function pythonSays(...lines: string[]): Promise<unknown> {
  return ((await python()).pyodide as PythonRuntimeApi).runPython(lines.join('\n'));
}

describe("the runtime's Python package", () => {
  it('has every function RuntimeModule declares, and nothing exposed that no one uses', async () => {
    const rt = await python();
    // Run once, so the package is imported as a run imports it.
    runNotebook(rt, parseNotebook('a.py', new TextEncoder().encode('x = 1\n')), { bundledNames: NAMES });
    const py = rt.pyodide as PythonRuntimeApi;
    const surface = (
      py.runPython('import _bp_runtime as m\n[[n, callable(getattr(m, n))] for n in m.__all__]') as {
        toJs(): [string, boolean][];
      }
    ).toJs();
    const exposed = new Map(surface);
    const host = declared();
    expect(host.length).toBeGreaterThan(20);
    for (const name of host) expect([name, exposed.get(name)]).toEqual([name, true]);
    // What the host does not call, torch or matplotlib reads as `_rt.<name>`.
    const readers = Object.entries(pythonSources())
      .filter(([path]) => path.startsWith('torch/') || path.startsWith('matplotlib/'))
      .map(([, text]) => text)
      .join('\n');
    const unused = [...exposed.keys()].filter((n) => !host.includes(n) && !readers.includes(`_rt.${n}`));
    expect(unused).toEqual([]);
  });

  it("turns the cyclic collector back on when a check's plan fails after turning it off", async () => {
    // A source that is not text fails past gc.disable(); the host's exercise_end never comes for it.
    const enabled = await pythonSays(
      'import gc, _bp_runtime as m',
      'm.save_state(7)',
      'try:',
      '    m.exercise_begin(7, 0, None, "<cell 1>", 1)',
      'except TypeError:',
      '    pass',
      'on = gc.isenabled()',
      'gc.enable()',
      'on',
    );
    expect(enabled).toBe(true);
  });

  it('forgets every field of its Session on reset, whatever a run left there', async () => {
    const same = (await pythonSays(
      'from _bp_runtime.session import Session',
      'def dirty(v):',
      '    if isinstance(v, dict): v["left"] = 1',
      // A list of flags (`ops_ran`, `figure_break`) is flipped, as torch does; other containers grow.
      '    elif isinstance(v, list) and v and all(isinstance(x, bool) for x in v): v[:] = [not x for x in v]',
      '    elif isinstance(v, (list, set)): getattr(v, "append", getattr(v, "add", None))("left")',
      's = Session()',
      'fresh = {k: repr(v) for k, v in vars(s).items()}',
      'for k, v in list(vars(s).items()):',
      '    dirty(v)',
      '    if not isinstance(v, (dict, list, set)): setattr(s, k, "left")',
      's.reset("ipynb")',
      '[k for k, v in vars(s).items() if repr(v) != fresh[k]]',
    )) as { toJs(): string[] };
    expect(same.toJs()).toEqual([]);
  });
});
