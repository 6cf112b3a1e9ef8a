/**
 * The runtime's Python (core/python: torch, the hooks) compiled once, not at every start. Each run imports it
 * anew, and compiling its few thousand lines cost a command-line run about 0.4 s before the notebook's first
 * line. The host keeps the bytecode (cli/python-node.ts: a file beside the interpreter's snapshot); it is
 * written where Python's import looks for it (`__pycache__`) as hash-checked .pyc files (PEP 552), which the
 * import uses only if the source's hash matches, so an edited source is compiled afresh, never run stale.
 */
import type { PythonRuntimeApi } from './python-api';

/** The host's copy of the bytecode: .pyc bytes by source path (`torch/_tensor.py`). */
export interface CompiledStore {
  pycs: Readonly<Record<string, Uint8Array>>;
  /** Keeps a new set (called when a source had none, or a stale one). */
  save(pycs: Record<string, Uint8Array>): void;
}

// Checks each source's .pyc against its source (magic number, hash-based and checked, the source's hash) and
// compiles those that fail; returns the paths compiled.
const REFRESH = `
def _bp_refresh(lib, paths):
    import importlib.util, py_compile
    compiled = []
    for rel in paths:
        src = lib + "/" + rel
        cfile = importlib.util.cache_from_source(src)
        try:
            with open(cfile, "rb") as f:
                head = f.read(16)
            with open(src, "rb") as f:
                ok = (head[:4] == importlib.util.MAGIC_NUMBER and head[4:8] == b"\\x03\\x00\\x00\\x00"
                      and head[8:16] == importlib.util.source_hash(f.read()))
        except OSError:
            ok = False
        if not ok:
            py_compile.compile(src, cfile, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
            compiled.append(rel)
    return compiled
`;

/**
 * Puts the store's bytecode beside the sources under `lib` (already written), compiles what it lacks and hands
 * the store the new set when anything was compiled.
 */
export function useCompiled(py: PythonRuntimeApi, lib: string, paths: readonly string[], store: CompiledStore): void {
  const namespace = py.toPy({}) as { get(key: string): unknown; destroy?(): void };
  py.runPython(`import sys\ntag = sys.implementation.cache_tag\n${REFRESH}`, { globals: namespace });
  const tag = String(namespace.get('tag'));
  const where = (rel: string) => {
    const slash = rel.lastIndexOf('/');
    const dir = `${lib}/${rel.slice(0, slash + 1)}__pycache__`;
    return { dir, file: `${dir}/${rel.slice(slash + 1, -'.py'.length)}.${tag}.pyc` };
  };
  for (const rel of paths) {
    const pyc = store.pycs[rel];
    if (!pyc) continue;
    const { dir, file } = where(rel);
    py.FS.mkdirTree(dir);
    py.FS.writeFile(file, pyc);
  }
  const refresh = namespace.get('_bp_refresh') as ((lib: string, paths: unknown) => unknown) & { destroy?(): void };
  const list = py.toPy([...paths]) as { destroy?(): void };
  const compiled = refresh(lib, list) as { toJs(): string[]; destroy?(): void };
  const fresh = compiled.toJs();
  for (const proxy of [compiled, list, refresh, namespace]) proxy.destroy?.();
  if (fresh.length > 0) {
    const next: Record<string, Uint8Array> = {};
    for (const rel of paths) next[rel] = py.FS.readFile(where(rel).file);
    store.save(next);
  }
}
