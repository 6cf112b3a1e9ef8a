import { describe, expect, it } from 'vitest';
import { type CompiledStore, useCompiled } from '../../../core/notebook/compiled-python';
import { python } from './notebooks';

/** A store that remembers what it was handed. */
function store(pycs: Record<string, Uint8Array> = {}) {
  const saved: Record<string, Uint8Array>[] = [];
  const s: CompiledStore = { pycs, save: (next) => saved.push(next) };
  return { s, saved };
}

let folders = 0;

describe('the runtime Python compiled once (hash-checked .pyc kept by the host)', () => {
  it('compiles what the store lacks, takes it as it is next time, and compiles a changed source afresh', async () => {
    const { pyodide: py } = await python();
    const lib = `/bp/compiled-test-${folders++}`;
    const write = (rel: string, text: string) => {
      py.FS.mkdirTree(`${lib}/${rel.slice(0, rel.lastIndexOf('/') + 1)}`);
      py.FS.writeFile(`${lib}/${rel}`, text);
    };
    const paths = ['pkg/__init__.py', 'pkg/mod.py'];
    write('pkg/__init__.py', '');
    write('pkg/mod.py', 'X = 1\n');

    const first = store();
    useCompiled(py, lib, paths, first.s);
    expect(first.saved).toHaveLength(1);
    expect(Object.keys(first.saved[0]).sort()).toEqual(paths);

    // The same sources: the store's bytecode is used and nothing is compiled or saved.
    const second = store(first.saved[0]);
    useCompiled(py, lib, paths, second.s);
    expect(second.saved).toHaveLength(0);

    // An edited source: its old bytecode is replaced, and the import runs the new code.
    write('pkg/mod.py', 'X = 22\n');
    const third = store(first.saved[0]);
    useCompiled(py, lib, paths, third.s);
    expect(third.saved).toHaveLength(1);
    expect(third.saved[0]['pkg/mod.py']).not.toEqual(first.saved[0]['pkg/mod.py']);
    const x = py.runPython(
      `import sys\nsys.path.insert(0, ${JSON.stringify(lib)})\ntry:\n    import pkg.mod\n    x = pkg.mod.X\nfinally:\n    sys.path.remove(${JSON.stringify(lib)})\n    sys.modules.pop("pkg.mod", None)\n    sys.modules.pop("pkg", None)\nx`,
    );
    expect(x).toBe(22);
  });
});
