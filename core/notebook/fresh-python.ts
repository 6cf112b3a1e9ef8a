/**
 * One interpreter serves many runs (the CLI's tests, a worker asked twice): each notebook must start as in a
 * fresh one. Before the first run, the interpreter's state is recorded (its modules, builtins and `sys`
 * settings); before each later run it is put back: modules imported since are dropped, so `torch`, the
 * runtime and whatever the notebook imported are imported anew, and a notebook that set `torch.tensor = None`,
 * `builtins.print = None` or `sys.stdout = None` leaves the next one unaffected. The record lives in a
 * namespace only this module holds, not in `sys.modules`, where a notebook could reach it by name.
 * (A change to a module the interpreter started with, `json.dumps = None`, stays: the app gives every
 * notebook its own worker, so only hosts that share one interpreter see that.)
 */
import type { PythonRuntimeApi } from './python-api';

const RECORD = `
import builtins, sys
_modules = set(sys.modules)
_builtins = dict(builtins.__dict__)
_sys = {k: getattr(sys, k) for k in ("stdout", "stderr", "stdin", "displayhook", "excepthook", "breakpointhook",
                                     "unraisablehook", "meta_path", "path_hooks", "path_importer_cache")
        if hasattr(sys, k)}
_path = list(sys.path)
_limit = sys.getrecursionlimit()
_mon = getattr(sys, "monitoring", None)
_tools = {t for t in range(6) if _mon is not None and _mon.get_tool(t) is not None}

def fresh():
    import gc
    for name in [n for n in sys.modules if n not in _modules]:
        del sys.modules[name]
    builtins.__dict__.clear()
    builtins.__dict__.update(_builtins)
    for k, v in _sys.items():
        setattr(sys, k, v)
    sys.path[:] = _path
    sys.setrecursionlimit(_limit)
    sys.settrace(None)
    sys.setprofile(None)
    if _mon is not None:
        for tool in range(6):
            if tool not in _tools and _mon.get_tool(tool) is not None:
                _mon.free_tool_id(tool)
    gc.enable()
    gc.collect()
`;

/** Records the interpreter as it is now; the function returned puts it back so (call it before each run). */
export function freshState(py: PythonRuntimeApi): () => void {
  const namespace = py.toPy({}) as { get(key: string): unknown };
  py.runPython(RECORD, { globals: namespace });
  const fresh = namespace.get('fresh') as () => void;
  return () => fresh();
}
