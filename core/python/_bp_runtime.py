"""The notebook runner's Python half (core/notebook/run.ts is the other).

Each cell is compiled with two hooks added to its syntax tree: after every assignment,
`__bp_assigned__` tells the core the learner's name for the tensor just bound (`hprebn`, `layers[0].out`);
every call of the notebook's `cmp(label, dt, t)` goes through `__bp_cmp__`, which hands the pair to the
core as a check before calling the learner's own function. Line numbers are kept as the learner wrote
them, so tracebacks and checks point at their lines (the file's line for .py, the cell's for .ipynb).
"""
import ast
import bisect
import builtins
import gc
import io
import json
import linecache
import math
import os
import re
import sys
import time
import tokenize
import traceback
import types

import _bp_imports
from _bp_core import core
import _bp_source
from _bpcore import host as core_host

STATE = {"global_seeded": False}
# filename → function(line) → cell index, for every file of the learner's code
FILES = {}
# filename → {line: first line of the statement it belongs to}
STMT = {}
FIGURES = []
FIGURE_BREAK = [False]
MODE = {"kind": "ipynb"}
_noted = set()
_dnames = {}
MAIN = {}


def reset(kind):
    """A new run: the learner's globals start empty, as in a fresh kernel."""
    global MAIN
    FILES.clear()
    STMT.clear()
    FIGURES.clear()
    _noted.clear()
    _dnames.clear()
    _pending.clear()
    _path_cache.clear()
    STATE["global_seeded"] = False
    EXERCISE[0] = False
    MODE["kind"] = kind
    module = types.ModuleType("__main__")
    sys.modules["__main__"] = module
    MAIN = module.__dict__
    MAIN["__builtins__"] = builtins
    builtins.__bp_assigned__ = _assigned
    builtins.__bp_cmp__ = _cmp
    _bp_imports.install()
    builtins.__bp_range__ = _range
    # The tqdm shim reports its loops here; the host shows the running loop's progress.
    builtins.__bp_progress__ = progress
    # os._exit would end the interpreter itself (a fatal error in Pyodide): it stops the notebook instead.
    os._exit = _exit
    if "torch" in sys.modules:
        sys.modules["torch"]._reset()


def _exit(status=0):
    raise SystemExit(status)


# --- loop progress: the host shows how far the running loop is ------------------------------------------
_PROGRESS = {"at": 0.0}
# How often, at most, progress crosses to the host (each report is a message to the page).
PROGRESS_EVERY = 0.25


def progress(done, total, label=""):
    """Reports a loop's progress to the host, at most every PROGRESS_EVERY seconds (and always at its end)."""
    now = time.monotonic()
    if now - _PROGRESS["at"] < PROGRESS_EVERY and done != total:
        return
    _PROGRESS["at"] = now
    try:
        core_host.progress(int(done), int(total) if total is not None else -1, str(label or ""))
    except Exception:
        pass


def _range(iterable):
    """A top-level `for ... in range(N)` loop's iterable, reporting its progress as it is consumed."""
    if type(iterable) is not range or len(iterable) < 2:
        return iterable
    return _counted(iterable, len(iterable))


def _counted(iterable, total):
    done = 0
    for x in iterable:
        yield x
        done += 1
        if time.monotonic() - _PROGRESS["at"] >= PROGRESS_EVERY or done == total:
            progress(done, total)


def loc():
    """(cell, line) of the innermost frame running the learner's code, or (-1, 0)."""
    f = sys._getframe(2)
    while f is not None:
        fn = f.f_code.co_filename
        cell_of = FILES.get(fn)
        if cell_of is not None:
            line = f.f_lineno or 0
            line = STMT[fn].get(line, line)
            return cell_of(line), line
        f = f.f_back
    return -1, 0


def where(cell, line):
    return f"line {line}" if MODE["kind"] == "py" else f"cell {cell + 1}, line {line}"


# --- hooks the compiled cells call ---------------------------------------------------------------------

# Set by torch whenever it forwards an op: only then does an assignment end a statement for the core.
OPS_RAN = [False]


def _assigned(cell, line, name, value, base=None, attr=None):
    if OPS_RAN[0]:
        OPS_RAN[0] = False
        core.statementDone()
    if type(value).__name__ != "Tensor" or type(value).__module__ != "torch":
        return
    full = name
    if base is not None:
        path = _path_of(base)
        if path is None:
            # `self.weight = ...` in __init__: the object is not reachable from the learner's globals yet
            # (`layers = [Linear(...), ...]` binds it afterwards); name it once it is.
            if len(_pending) < 10000:
                _pending.append((value, base, attr))
            return
        full = f"{path}.{attr}"
    if not value._named:
        value._named = True
        core.name(value._h, full)
    if base is None and _bp_source.is_gradient_name(name):
        lines = _dnames.setdefault(name, [])
        if (cell, line) not in lines:
            lines.append((cell, line))


def _cmp(fn, cell, line, manual_src, *args, **kwargs):
    verdict = None
    try:
        label = args[0] if args else kwargs.get("s", kwargs.get("name", ""))
        dt = args[1] if len(args) > 1 else None
        t = args[2] if len(args) > 2 else None
        verdict = core.check(dt._h if _is_tensor(dt) else -1, t._h if _is_tensor(t) else -1,
                             str(label), manual_src, cell, line)
    except Exception:
        pass
    if EXERCISE[0] and verdict is not None:
        # The live check has judged this pair and shows it in the gutter and the cmp table; the learner's own
        # cmp would only print the same again (and raise on different shapes, stopping every check after it).
        return None
    return fn(*args, **kwargs)


# True while exercise mode re-runs a cell (not in a plain run, which stops where Python stops).
EXERCISE = [False]


_pending = []


def resolve_pending():
    """Names the tensors whose owner became reachable since they were assigned (before a graph is read)."""
    keep = []
    for value, base, attr in _pending:
        path = _path_of(base)
        if path is None:
            keep.append((value, base, attr))
        elif getattr(base, attr, None) is value:
            core.name(value._h, f"{path}.{attr}")
    _pending[:] = keep


_path_cache = {}


def _path_of(obj):
    """The learner's name for an object reachable from their globals: `model`, `layers[2]`, `net.layers[0]`."""
    cached = _path_cache.get(id(obj))
    if cached is not None and _resolve(cached) is obj:
        return cached
    for name, v in list(MAIN.items()):
        if name.startswith("__"):
            continue
        if v is obj:
            return _remember(obj, name)
        found = _search(v, name, obj, 2)
        if found is not None:
            return _remember(obj, found)
    return None


def _remember(obj, path):
    _path_cache[id(obj)] = path
    return path


def _search(v, path, obj, depth):
    if depth == 0:
        return None
    if isinstance(v, (list, tuple)):
        if len(v) > 1000 or (v and isinstance(v[0], (str, int, float))):
            return None
        for i, x in enumerate(v):
            p = f"{path}[{i}]"
            if x is obj:
                return p
            found = _search(x, p, obj, depth - 1)
            if found is not None:
                return found
        return None
    d = getattr(v, "__dict__", None)
    if isinstance(d, dict) and not isinstance(v, (type, types.ModuleType, types.FunctionType)):
        for k, x in list(d.items()):
            p = f"{path}.{k}"
            if x is obj:
                return p
            if isinstance(x, (list, tuple)):
                found = _search(x, p, obj, depth - 1)
                if found is not None:
                    return found
    return None


def _resolve(path):
    try:
        return eval(path, {}, MAIN)
    except Exception:
        return None


def unseeded_draw(what):
    cell, line = loc()
    if cell < 0 or (cell, line) in _noted:
        return
    _noted.add((cell, line))
    text = _TEXTS.get((cell, line), "")
    m = re.match(r"^\s*([A-Za-z_][\w.\[\]]*)\s*=[^=]", text)
    subject = m.group(1) if m else what
    core.note(f"{where(cell, line)}: {subject} uses torch's global generator, which was never seeded, so its values "
              f"differ on every run (in PyTorch too): add `generator=g`")


def figure(kind, cell, line, data):
    new = FIGURE_BREAK[0] or not FIGURES
    FIGURE_BREAK[0] = False
    FIGURES.append({"kind": kind, "cell": cell, "line": line, "new": new, **data})


def figures_json():
    return json.dumps(_finite(FIGURES))


def _finite(x):
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, list):
        return [_finite(v) for v in x]
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    return x


def dname_candidates():
    """Tensors bound to `d<name>` / `d_<name>` globals: gradients to pair by name where there is no cmp."""
    out = []
    for name, lines in _dnames.items():
        cell, line = lines[-1]
        v = MAIN.get(name)
        if type(v).__name__ == "Tensor" and type(v).__module__ == "torch":
            out.append([name, v._h, cell, line])
    return json.dumps(out)


# --- compiling and running cells -----------------------------------------------------------------------

_TEXTS = {}


# `p.data += ...`, `p.grad = None`: writes through a tensor's own attributes, not a name for a new tensor.
_NOT_NAMES = {"data", "grad", "requires_grad"}


class _Hooks(ast.NodeTransformer):
    def __init__(self, cell, source):
        self.cell = cell
        self.source = source

    def _targets(self, t, out):
        if isinstance(t, ast.Name):
            out.append((t.id, ast.Name(t.id, ast.Load()), None, None))
        elif isinstance(t, ast.Attribute):
            if t.attr in _NOT_NAMES:
                return
            text = ast.unparse(t)
            out.append((text, ast.Attribute(t.value, t.attr, ast.Load()), t.value, t.attr))
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                self._targets(e, out)
        elif isinstance(t, ast.Starred):
            self._targets(t.value, out)
        elif isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and _bp_source.is_gradient_name(t.value.id):
            # `dlogprobs[range(n), Yb] = -1.0/n` writes the gradient dlogprobs: remember the line it did.
            out.append((t.value.id, ast.Name(t.value.id, ast.Load()), None, None))

    def _hook(self, node, targets):
        found = []
        for t in targets:
            self._targets(t, found)
        calls = []
        for text, value, base, attr in found:
            args = [ast.Constant(self.cell), ast.Constant(node.lineno), ast.Constant(text), value]
            if base is not None:
                args += [base, ast.Constant(attr)]
            calls.append(ast.Expr(ast.Call(ast.Name("__bp_assigned__", ast.Load()), args, [])))
        if not calls:
            calls = [ast.Expr(ast.Call(ast.Name("__bp_assigned__", ast.Load()),
                                       [ast.Constant(self.cell), ast.Constant(node.lineno), ast.Constant(""), ast.Constant(None)], []))]
        guard = ast.Try(body=calls, handlers=[ast.ExceptHandler(ast.Name("Exception", ast.Load()), None, [ast.Pass()])],
                        orelse=[], finalbody=[])
        for n in ast.walk(guard):
            ast.copy_location(n, node)
            n.end_lineno, n.end_col_offset = node.end_lineno, node.end_col_offset
        return [node, guard]

    def visit_Assign(self, node):
        self.generic_visit(node)
        return self._hook(node, node.targets)

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        return self._hook(node, [node.target])

    def visit_AnnAssign(self, node):
        self.generic_visit(node)
        return self._hook(node, [node.target]) if node.value is not None else node

    def visit_Module(self, node):
        _count_loops(node.body)
        self.generic_visit(node)
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "cmp":
            manual = ast.get_source_segment(self.source, node.args[1]) if len(node.args) > 1 else None
            call = ast.Call(ast.Name("__bp_cmp__", ast.Load()),
                            [node.func, ast.Constant(self.cell), ast.Constant(node.lineno), ast.Constant(manual), *node.args],
                            node.keywords)
            return ast.copy_location(call, node)
        return node


def _count_loops(body):
    """The outermost `for ... in range(...)` loops of the cell's own code (under `with`, `if`, `try` too) report
    their progress; not a loop in a function, which may run once per call, nor one inside another loop."""
    for stmt in body:
        if isinstance(stmt, ast.For) and isinstance(stmt.iter, ast.Call) and isinstance(stmt.iter.func, ast.Name) \
                and stmt.iter.func.id == "range":
            stmt.iter = ast.copy_location(ast.Call(ast.Name("__bp_range__", ast.Load()), [stmt.iter], []), stmt.iter)
        elif isinstance(stmt, (ast.With, ast.AsyncWith, ast.If, ast.Try) + _TRY_STAR):
            for field in ("body", "orelse", "finalbody"):
                _count_loops(getattr(stmt, field, []))
            for handler in getattr(stmt, "handlers", []):
                _count_loops(handler.body)


_TRY_STAR = (ast.TryStar,) if hasattr(ast, "TryStar") else ()


_COMPOUND = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.AsyncFor, ast.While, ast.If,
             ast.With, ast.AsyncWith, ast.Try, ast.Match) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())


def _statements(tree, source, filename, cell):
    """Each line's statement start, and each statement's text without comments, for the graph's nodes."""
    lines = source.split("\n")
    comments = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                comments[tok.start[0]] = tok.start[1]
    except (tokenize.TokenError, SyntaxError):
        pass

    def text(a, b):
        parts = []
        for ln in range(a, b + 1):
            s = lines[ln - 1] if ln - 1 < len(lines) else ""
            if ln in comments:
                s = s[:comments[ln]]
            parts.append(s.strip())
        return " ".join(p for p in parts if p)

    starts = STMT.setdefault(filename, {})
    texts = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            end = node.end_lineno or node.lineno
            if isinstance(node, _COMPOUND):
                texts[node.lineno] = text(node.lineno, node.lineno).rstrip(":")
                continue
            for ln in range(node.lineno, end + 1):
                starts[ln] = node.lineno
            texts[node.lineno] = text(node.lineno, end)
    for ln, t in texts.items():
        _TEXTS[(cell, ln)] = t
    core.statements(cell, json.dumps(texts))


_MAGIC = re.compile(r"^\s*[%!]")


def _without_magics(source):
    """IPython's `%matplotlib inline` and `!pip ...` lines are Jupyter's, not Python's: blank them."""
    return "\n".join("" if _MAGIC.match(l) else l for l in source.split("\n"))


def register_file(filename, cell_starts, text):
    """Declares a file of the learner's code: the first line of each cell (1 for every .ipynb cell)."""
    starts = list(cell_starts)
    if len(starts) == 1:
        FILES[filename] = lambda line, c=starts[0][1]: c
    else:
        firsts = [s for s, _ in starts]
        cells = [c for _, c in starts]
        FILES[filename] = lambda line: cells[max(0, bisect.bisect_right(firsts, line) - 1)]
    linecache.cache[filename] = (len(text), None, [l + "\n" for l in text.split("\n")], filename)


def compile_cell(cell, source, filename, first_line):
    """Parses and instruments a cell; returns (code, None) or (None, error dict) for a SyntaxError."""
    src = "\n" * (first_line - 1) + (_without_magics(source) if MODE["kind"] == "ipynb" else source)
    try:
        tree = ast.parse(src, filename)
    except SyntaxError as e:
        return None, _syntax_error(e, cell)
    except (ValueError, UnicodeError) as e:
        # A source Python cannot even read (a lone surrogate `"\\ud800"`): told as the SyntaxError python gives.
        return None, _syntax_error(SyntaxError(f"(unicode error) {e}", (filename, 1, 0, None)), cell)
    _statements(tree, src, filename, cell)
    tree = ast.fix_missing_locations(_Hooks(cell, src).visit(tree))
    return compile(tree, filename, "exec"), None


def run_code(cell, code):
    """Runs a compiled cell in the learner's globals; returns None or an error dict.

    Every exception ends the run as Python's would, KeyboardInterrupt (Stop) and SystemExit (`sys.exit(n)`,
    whose status the error carries) included.
    """
    try:
        exec(code, MAIN)
    except BaseException as e:
        return _error(e, cell)
    finally:
        _flush()
    return None


def _flush():
    # The learner may have replaced sys.stdout (even with None): the interpreter's own streams are flushed.
    for stream in (sys.__stdout__, sys.__stderr__, sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _syntax_error(e, cell):
    lines = traceback.format_exception_only(type(e), e)
    return {"type": type(e).__name__, "message": _text(e.msg or str(e)), "cell": cell, "line": e.lineno or 0,
            "traceback": _text("".join(lines).rstrip("\n"))}


def _error(e, cell):
    """The error as Python prints it, with the frames of the learner's code only (innermost last).

    It is reported at the cell that was running, on that cell's line of the call (a function defined in an
    earlier cell shows as its own frame), as Jupyter does; a .py file's line is its innermost frame's.
    """
    if isinstance(e, SyntaxError) and not any(f.filename in FILES for f in traceback.extract_tb(e.__traceback__)):
        return _syntax_error(e, cell)
    try:
        te = traceback.TracebackException(type(e), e, e.__traceback__)
        te.stack = traceback.StackSummary.from_list([f for f in te.stack if f.filename in FILES])
        text = "".join(te.format()).rstrip("\n")
        message = str(e)
    except Exception:
        # An exception whose str() itself fails (a learner's class): its type is all Python would show.
        te, text, message = None, type(e).__name__, ""
    frames = te.stack if te is not None else []
    here = [f for f in frames if FILES[f.filename](f.lineno or 0) == cell]
    user = (frames[-1] if MODE["kind"] == "py" else (here[-1] if here else None)) if frames else None
    out = {"type": type(e).__name__, "message": _text(message), "cell": cell, "line": (user.lineno or 0) if user else 0,
           "traceback": _text(text)}
    if isinstance(e, SystemExit):
        out["status"] = _exit_status(e.code)
    return out


def _exit_status(code):
    """`sys.exit(code)`'s process status, as Python sets it: None is 0, an int itself, anything else 1."""
    if code is None:
        return 0
    if isinstance(code, int) and not isinstance(code, bool):
        return code & 0xFF
    return 1


def _text(s):
    """A string JavaScript can carry: lone surrogates (`"\\ud800"`) shown escaped, as Python's repr would."""
    return s.encode("utf-8", "backslashreplace").decode("utf-8")


# --- exercise mode: re-running one backward cell, statement by statement ----------------------------------
# The learner's globals as they were before each exercise cell: (dict copy, each tensor's core handle). A
# check restores them, so a line deleted from the cell no longer leaves its old value behind.
_SAVED = {}
_PLAN = {}


_TORCH = []


def _torch():
    """This run's torch (each run imports its own: a poisoned one never reaches the next notebook)."""
    if not _TORCH:
        import torch
        _TORCH.append(torch)
    return _TORCH[0]


def _is_tensor(v):
    return type(v).__name__ == "Tensor" and type(v).__module__ == "torch"


def save_state(key):
    _SAVED[key] = (dict(MAIN), [(v, v._h, v._fn, v._shape, v._dtype) for v in MAIN.values() if _is_tensor(v)])


def has_state(key):
    return key in _SAVED


def drop_states_after(key):
    for k in [k for k in _SAVED if k > key]:
        del _SAVED[k]


def restore_state(key):
    names, tensors = _SAVED[key]
    MAIN.clear()
    MAIN.update(names)
    for v, h, fn, shape, dtype in tensors:
        v._h, v._fn, v._shape, v._dtype = h, fn, shape, dtype


def looks_like_gradients(source):
    """A cell that writes gradients by hand (`dX = ...`) or checks them (`cmp(...)`): an exercise cell."""
    return _bp_source.is_exercise_source(_without_magics(source))


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
    EXERCISE[0] = True
    # The saved globals are many objects for the cyclic collector to walk; a check makes few cycles, so it
    # waits until the check is over (exercise_end).
    gc.disable()
    offset = first_line - 1
    src = "\n" * offset + (_without_magics(source) if MODE["kind"] == "ipynb" else source)
    if MODE["kind"] == "ipynb":
        register_file(filename, [[1, cell]], src)
    syntax = None
    try:
        nodes = ast.parse(src, filename).body
    except SyntaxError as e:
        nodes, syntax = _bp_source.parse_prefix(src, filename, e)
    # The graph is read already: the statements' texts are not needed again, only where each line's starts.
    starts = STMT.setdefault(filename, {})
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
    _PLAN["cell"], _PLAN["source"], _PLAN["filename"], _PLAN["nodes"] = cell, src, filename, nodes
    return json.dumps(plan)


# A statement of the live check that loops endlessly would hold the worker forever: loops in the learner's
# code are watched (sys.monitoring's JUMP events, on their code objects only) and stopped after a time limit.
_WATCH = {"tool": None, "deadline": 0.0, "limit": 10.0, "count": 0}


class StatementTooLong(Exception):
    pass


def _on_jump(code, offset, dest):
    _WATCH["count"] += 1
    if _WATCH["count"] & 1023 == 0 and time.monotonic() > _WATCH["deadline"]:
        raise StatementTooLong(f"this statement ran for more than {_WATCH['limit']:g} s and was stopped: is a loop endless?")


def _watch(code):
    mon = getattr(sys, "monitoring", None)
    if mon is None:
        return
    if _WATCH["tool"] is None:
        for tool in range(5, 0, -1):
            if mon.get_tool(tool) is None:
                mon.use_tool_id(tool, "backprop-studio time limit")
                mon.register_callback(tool, mon.events.JUMP, _on_jump)
                _WATCH["tool"] = tool
                break
        else:
            return
    stack = [code]
    while stack:
        c = stack.pop()
        mon.set_local_events(_WATCH["tool"], c, mon.events.JUMP)
        stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))


def set_time_limit(seconds):
    _WATCH["limit"] = float(seconds)


def exercise_end():
    gc.enable()


def exercise_step(i):
    """Runs statement i of the planned source; returns JSON: the tensors it wrote, or its error."""
    node = _PLAN["nodes"][i]
    cell, src, filename = _PLAN["cell"], _PLAN["source"], _PLAN["filename"]
    tree = ast.fix_missing_locations(_Hooks(cell, src).visit(ast.Module(body=[node], type_ignores=[])))
    # Gradients by hand need no autograd of their own (as under the lecture's torch.no_grad() in exercise 4):
    # the values are the same, and each op skips recording where it ran.
    torch = _torch()
    prev = torch.is_grad_enabled()
    torch._set_grad(False)
    code = compile(tree, filename, "exec")
    _watch(code)
    _WATCH["deadline"] = time.monotonic() + _WATCH["limit"]
    try:
        error = run_code(cell, code)
    finally:
        torch._set_grad(prev)
    writes = []
    for name in _written(node):
        v = MAIN.get(name)
        writes.append([name, v._h if _is_tensor(v) else -1, type(v).__name__])
    return json.dumps({"writes": writes, "error": error})


def int_constants():
    """The learner's integer globals by value (shortest name first): `n` for 32, for messages about factors."""
    out = {}
    for k, v in MAIN.items():
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
                t = eval(c["target"], {}, MAIN)
            except Exception:
                continue
            if _is_tensor(t):
                out.append([c["grad"], t._h])
    return json.dumps(out)


def blank_cell(source):
    """The exercise as handed out: gradient statements removed, cmp calls commented out, everything else kept."""
    return _bp_source.blank(source)


# --- exercise 4: training with the learner's own backward pass ------------------------------------------
_TRAIN = {}


class _NoCmp(ast.NodeTransformer):
    """Training steps do not print the learner's cmp table each step: top-level cmp(...) calls are dropped."""

    def visit_Expr(self, node):
        v = node.value
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "cmp":
            return ast.Pass()
        return node


def assigning_cells(names, cells_json):
    """For each name, the last of the given cells (index, source) whose top-level code assigns it."""
    found = {}
    for index, source in json.loads(cells_json):
        try:
            tree = ast.parse(_without_magics(source))
        except SyntaxError:
            continue
        written = set()
        for n in tree.body:
            written.update(_written(n))
        for name in json.loads(names):
            if name in written:
                found[name] = index
    return json.dumps(found)


def train_begin(cells_json, updates_json, checks_json, loss_expr, lr):
    """Compiles a training step: the batch and forward cells, the learner's backward cell, the SGD update."""
    torch = _torch()
    code = []
    for index, source, filename, first_line, learner in json.loads(cells_json):
        src = "\n" * (first_line - 1) + (_without_magics(source) if MODE["kind"] == "ipynb" else source)
        tree = ast.parse(src, filename)
        if learner:
            tree = ast.fix_missing_locations(_NoCmp().visit(tree))
        code.append((index, compile(tree, filename, "exec")))
    _TRAIN.update(code=code, updates=json.loads(updates_json), checks=json.loads(checks_json), loss=loss_expr,
                  lr=float(lr), torch=torch)


def train_steps(count, check_last):
    """Runs `count` steps; autograd only on the last when `check_last`. JSON: losses, and the check or an error."""
    torch = _TRAIN["torch"]
    losses = []
    check = None
    index = -1
    for k in range(count):
        checking = check_last and k == count - 1
        torch.SKIP_BACKWARD[0] = not checking
        prev = torch.is_grad_enabled()
        torch._set_grad(checking)
        try:
            if checking:
                for param, _ in _TRAIN["updates"]:
                    eval(param, {}, MAIN).grad = None
            for index, code in _TRAIN["code"]:
                exec(code, MAIN)
            loss = float(eval(_TRAIN["loss"], {}, MAIN).item())
            if checking:
                check = []
                for grad, target in _TRAIN["checks"]:
                    m, t = MAIN.get(grad), eval(target, {}, MAIN)
                    auto = t.grad if _is_tensor(t) else None
                    if not _is_tensor(m) or auto is None or tuple(m.shape) != tuple(auto.shape):
                        check.append([grad, target, None, False])
                        continue
                    check.append([grad, target, float((m - auto).abs().max().item()), bool(torch.allclose(m, auto))])
            with torch.no_grad():
                for param, grad in _TRAIN["updates"]:
                    p, g = eval(param, {}, MAIN), MAIN.get(grad)
                    if not _is_tensor(g):
                        raise NameError(f"{grad} is not a tensor after your backward cell, so {param} cannot be updated")
                    p.data += -_TRAIN["lr"] * g
        except Exception as e:
            return json.dumps({"losses": losses, "check": check, "error": _error(e, index)})
        finally:
            torch.SKIP_BACKWARD[0] = False
            torch._set_grad(prev)
        losses.append(loss if math.isfinite(loss) else None)
    return json.dumps({"losses": losses, "check": check, "error": None})
