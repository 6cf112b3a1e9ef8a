"""Exercise mode: re-running one backward cell, statement by statement, from the learner's globals as they were
before it (saved as the notebook ran, restored for every check)."""
import ast
import gc
import json
import re

from .runner import _Hooks, _syntax_error, _without_magics, register_file, run_code
from .session import S, is_tensor, torch as torch_
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


_GRADIENT_LINE = re.compile(r"^\s*(d_?[A-Za-z]\w*)\s*(\[[^\n]*\])?\s*(\+|-|\*|/)?=[^=]")


def looks_like_gradients(source):
    """A cell that writes gradients by hand (`dX = ...`) or checks them (`cmp(...)`): an exercise cell."""
    return any(_GRADIENT_LINE.match(l) or re.match(r"^\s*cmp\(", l) for l in source.split("\n"))


def _written(node):
    """Names a statement binds or writes into: `dx = ...`, `dx += ...`, `dx[i] = ...`, a for loop's targets."""
    out = []

    def target(t):
        if isinstance(t, ast.Name):
            out.append(t.id)
        elif isinstance(t, ast.Subscript):
            target(t.value)
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                target(e)
        elif isinstance(t, ast.Starred):
            target(t.value)

    for n in ast.walk(node):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                target(t)
        elif isinstance(n, (ast.AugAssign, ast.AnnAssign)):
            target(n.target)
        elif isinstance(n, (ast.For, ast.AsyncFor)):
            target(n.target)
        elif isinstance(n, ast.NamedExpr):
            target(n.target)
    return list(dict.fromkeys(out))


def _read(node):
    return list(dict.fromkeys(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)))


_CONTINUES = re.compile(r"^(else|elif|except|finally|case)\b|^[)\]}]")


def _top_starts(lines):
    return [i + 1 for i, l in enumerate(lines) if l and not l[0].isspace() and not l.startswith("#") and not _CONTINUES.match(l)]


def _parse_prefix(src, filename, err):
    """Statements before a syntax error, and the error's own span: (nodes, (start, end, error dict))."""
    lines = src.split("\n")
    starts = _top_starts(lines)
    at = err.lineno or 1
    begin = max([s for s in starts if s <= at], default=1)
    after = [s for s in starts if s > at]
    end = (after[0] - 1) if after else len(lines)
    while end > begin and not lines[end - 1].strip():
        end -= 1
    try:
        nodes = ast.parse("\n".join(lines[:begin - 1]), filename).body
    except SyntaxError as e:
        return _parse_prefix(src, filename, e)
    return nodes, (begin, end, err)


def exercise_begin(key, cell, source, filename, first_line):
    """Restores the globals before cell `key` and plans the new source: one entry per top-level statement."""
    restore_state(key)
    S.exercise = True
    # The saved globals are many objects for the cyclic collector to walk; a check makes few cycles, so it
    # waits until the check is over (exercise_end).
    gc.disable()
    offset = first_line - 1
    src = "\n" * offset + (_without_magics(source) if S.kind == "ipynb" else source)
    if S.kind == "ipynb":
        register_file(filename, [[1, cell]], src)
    syntax = None
    try:
        nodes = ast.parse(src, filename).body
    except SyntaxError as e:
        nodes, syntax = _parse_prefix(src, filename, e)
    # The graph is read already: the statements' texts are not needed again, only where each line's starts.
    starts = S.stmt.setdefault(filename, {})
    for n in nodes:
        for ln in range(n.lineno, (n.end_lineno or n.lineno) + 1):
            starts[ln] = n.lineno
    plan = []
    for n in nodes:
        first = min([n.lineno] + [d.lineno for d in getattr(n, "decorator_list", [])])
        plan.append({"line": first - offset, "end": (n.end_lineno or n.lineno) - offset,
                     "writes": _written(n), "reads": _read(n), "error": None})
    if syntax is not None:
        begin, end, e = syntax
        d = _syntax_error(e, cell)
        plan.append({"line": begin - offset, "end": end - offset, "writes": [], "reads": [], "error": d})
        # What follows the error does not run, but its gradients and cmp calls are shown as waiting.
        lines = src.split("\n")
        try:
            rest = ast.parse("\n" * end + "\n".join(lines[end:]), filename).body
        except SyntaxError:
            rest = []
        for n in rest:
            plan.append({"line": n.lineno - offset, "end": (n.end_lineno or n.lineno) - offset,
                         "writes": _written(n), "reads": _read(n), "error": None})
    S.plan["cell"], S.plan["source"], S.plan["filename"], S.plan["nodes"] = cell, src, filename, nodes
    return json.dumps(plan)


def exercise_end():
    gc.enable()


def exercise_step(i):
    """Runs statement i of the planned source; returns JSON: the tensors it wrote, or its error."""
    node = S.plan["nodes"][i]
    cell, src, filename = S.plan["cell"], S.plan["source"], S.plan["filename"]
    tree = ast.fix_missing_locations(_Hooks(cell, src).visit(ast.Module(body=[node], type_ignores=[])))
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
    pat = re.compile(r"^\s*#?\s*cmp\(\s*(['\"])(.*?)\1\s*,\s*([A-Za-z_]\w*)\s*,\s*(.+?)\s*\)\s*(#.*)?$")
    out = []
    for source in sources:
        for l in source.split("\n"):
            m = pat.match(l)
            if not m:
                continue
            try:
                t = eval(m.group(4), {}, S.main)
            except Exception:
                continue
            if is_tensor(t):
                out.append([m.group(3), t._h])
    return json.dumps(out)


def blank_cell(source):
    """The exercise as handed out: gradient statements removed, cmp calls commented out, everything else kept."""
    try:
        nodes = ast.parse(source).body
    except SyntaxError:
        return source
    lines = source.split("\n")
    drop = set()
    first_drop = None
    for n in nodes:
        if any(re.match(r"^d_?[A-Za-z]", w) for w in _written(n)) and not any(
                isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == "cmp" for c in ast.walk(n)):
            drop.update(range(n.lineno, (n.end_lineno or n.lineno) + 1))
            first_drop = n.lineno if first_drop is None else first_drop
    out = []
    for i, l in enumerate(lines, 1):
        if i == first_drop:
            out += ["# -----------------", "# YOUR CODE HERE :)", "# -----------------", ""]
        if i in drop:
            continue
        out.append(re.sub(r"^(\s*)cmp\(", r"\1# cmp(", l))
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text)
