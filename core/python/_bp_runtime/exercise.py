"""Exercise mode: re-running one backward cell, statement by statement, from the learner's globals as they were
before it (saved as the notebook ran, restored for every check)."""
import ast
import copy
import gc
import json

import _bp_source

from .runner import _Hooks, _syntax_error, _without_magics, register_file, run_code
from .session import S, forget_places, is_tensor, torch as torch_
from .watchdog import watch, start_clock


def save_state(key):
    S.saved[key] = (dict(S.main), [(v, v._h, v._fn, v._shape, v._dtype) for v in S.main.values() if is_tensor(v)])


def has_state(key):
    return key in S.saved


def drop_states_after(key):
    for k in [k for k in S.saved if k > key]:
        del S.saved[k]


def restore_state(key):
    names, tensors = S.saved[key]
    S.main.clear()
    S.main.update(names)
    for v, h, fn, shape, dtype in tensors:
        v._h, v._fn, v._shape, v._dtype = h, fn, shape, dtype


def analyze(source, first_line=1):
    """The one reading of a cell's source (_bp_source.analyze), as JSON, its lines counted as checks count them
    (the file's for .py, from `first_line`; the cell's for .ipynb)."""
    src = "\n" * (first_line - 1) + _without_magics(source)
    return json.dumps(_bp_source.analyze(src))


_written = _bp_source.written
_read = _bp_source.read


def exercise_begin(key, cell, source, filename, first_line):
    """Restores the globals before cell `key` and plans the new source: one entry per top-level statement."""
    restore_state(key)
    S.exercise = True
    # The saved globals are many objects for the cyclic collector to walk; a check makes few cycles, so it
    # waits until the check is over (exercise_end).
    gc.disable()
    try:
        return _plan(cell, source, filename, first_line)
    except BaseException:
        # The host ends a check with exercise_end only once this returned: a plan that fails (or a Stop landing
        # in it) must not leave the collector off for the rest of the session.
        gc.enable()
        raise


def _plan(cell, source, filename, first_line):
    offset = first_line - 1
    src = "\n" * offset + (_without_magics(source) if S.kind == "ipynb" else source)
    if S.kind == "ipynb":
        register_file(filename, [[1, cell]], src)
    syntax = None
    try:
        nodes = ast.parse(src, filename).body
    except SyntaxError as e:
        nodes, syntax = _bp_source.parse_prefix(src, filename, e)
    # The graph is read already: the statements' texts are not needed again, only where each line's starts.
    starts = S.stmt.setdefault(filename, {})
    forget_places()  # where statements start may change
    for n in nodes:
        for ln in range(n.lineno, (n.end_lineno or n.lineno) + 1):
            starts[ln] = n.lineno
    plan = []
    for n in nodes:
        first = min([n.lineno] + [d.lineno for d in getattr(n, "decorator_list", [])])
        plan.append({"line": first - offset, "end": (n.end_lineno or n.lineno) - offset,
                     "writes": _written(n), "reads": _read(n), "error": None,
                     "grads": _bp_source.analyze_node(n, src, offset)["grads"]})
    if syntax is not None:
        begin, end, e = syntax
        d = _syntax_error(e, cell)
        plan.append({"line": begin - offset, "end": end - offset, "writes": [], "reads": [], "error": d, "grads": []})
        # What follows the error does not run, but its gradients and cmp calls are shown as waiting.
        lines = src.split("\n")
        try:
            rest = ast.parse("\n" * end + "\n".join(lines[end:]), filename).body
        except SyntaxError:
            rest = []
        for n in rest:
            plan.append({"line": n.lineno - offset, "end": (n.end_lineno or n.lineno) - offset,
                         "writes": _written(n), "reads": _read(n), "error": None,
                     "grads": _bp_source.analyze_node(n, src, offset)["grads"]})
    S.plan["cell"], S.plan["source"], S.plan["filename"], S.plan["nodes"] = cell, src, filename, nodes
    return json.dumps(plan)


def exercise_end():
    gc.enable()


def exercise_step(i):
    """Runs statement i of the planned source; returns JSON: the tensors it wrote, or its error."""
    node = S.plan["nodes"][i]
    cell, src, filename = S.plan["cell"], S.plan["source"], S.plan["filename"]
    # (a copy: the hooks rewrite statements in place, and the plan's node says what the statement writes)
    tree = ast.fix_missing_locations(_Hooks(cell, src).visit(ast.Module(body=[copy.deepcopy(node)], type_ignores=[])))
    # Gradients by hand need no autograd of their own (as under the lecture's torch.no_grad() in exercise 4):
    # the values are the same, and each op skips recording where it ran.
    torch = torch_()
    prev = torch.is_grad_enabled()
    torch._set_grad(False)
    code = compile(tree, filename, "exec")
    watch(code)
    start_clock()
    try:
        error = run_code(cell, code)
    finally:
        torch._set_grad(prev)
    writes = []
    for name in _written(node):
        v = S.main.get(name)
        writes.append([name, v._h if is_tensor(v) else -1, type(v).__name__])
    return json.dumps({"writes": writes, "error": error})


def int_constants():
    """The learner's integer globals by value (shortest name first): `n` for 32, for messages about factors."""
    out = {}
    for k, v in S.main.items():
        if type(v) is int and not k.startswith("_") and 1 < v < 10**7:
            if str(v) not in out or len(k) < len(out[str(v)]):
                out[str(v)] = k
    return json.dumps(out)


def cmp_pairs(sources):
    """(gradient name, target tensor handle) of every cmp call written in the sources, commented out or not."""
    out = []
    for source in sources:
        for c in _bp_source.analyze(_without_magics(source))["cmps"]:
            if not c["grad"] or not c["target"]:
                continue
            try:
                t = eval(c["target"], {}, S.main)
            except Exception:
                continue
            if is_tensor(t):
                out.append([c["grad"], t._h])
    return json.dumps(out)


def blank_cell(source):
    """The exercise as handed out: gradient statements removed, cmp calls commented out, everything else kept."""
    return _bp_source.blank(source)
