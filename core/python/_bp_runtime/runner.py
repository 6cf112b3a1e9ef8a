"""Compiling and running the learner's cells: each cell's syntax tree gets the hooks (hooks.py) added, its
line numbers kept as the learner wrote them, and every exception is reported as Python prints it, with
the frames of the learner's code only."""
import ast
import bisect
import copy
import io
import json
import linecache
import re
import sys
import tokenize
import traceback

import _bp_source
from _bp_core import core

from .session import S, forget_places


# `p.data += ...`, `p.grad = None`: writes through a tensor's own attributes, not a name for a new tensor.
_NOT_NAMES = {"data", "grad", "requires_grad"}


def _ops_ran():
    """`__bp_ops_ran__[0]`: torch forwarded an op since the last assignment (the runtime's `OPS_RAN`)."""
    return ast.Subscript(ast.Name("__bp_ops_ran__", ast.Load()), ast.Constant(0), ast.Load())


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
            call = ast.Expr(ast.Call(ast.Name("__bp_assigned__", ast.Load()), args, []))
            # Only a tensor, or the end of a statement that ran ops, has anything to tell: a loop building a
            # dataset (`ix = stoi[ch]` 228,000 times) skips the call.
            # (`x.__class__`, not `type(x)`: a learner may well bind `type` to something else.)
            is_tensor = ast.Compare(ast.Attribute(copy.deepcopy(value), "__class__", ast.Load()),
                                    [ast.In()], [ast.Name("__bp_tensor_classes__", ast.Load())])
            calls.append(ast.If(ast.BoolOp(ast.Or(), [_ops_ran(), is_tensor]), [call], []))
        if not calls:
            calls = [ast.If(_ops_ran(), [ast.Expr(ast.Call(ast.Name("__bp_assigned__", ast.Load()),
                                                          [ast.Constant(self.cell), ast.Constant(node.lineno), ast.Constant(""), ast.Constant(None)], []))], [])]
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
        return self._hook(_item_update(node), [node.target])

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


# `x[i] op= ...` with these ops goes through `__bp_aug_item__` (hooks.py) when every part of it is a name or a
# number: the op's name there.
_ITEM_OPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div"}


def _plain(e):
    """Whether evaluating e can do nothing but read names and numbers (so it may be evaluated a step earlier)."""
    if isinstance(e, ast.Tuple):
        return all(_plain(x) for x in e.elts)
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
        return _plain(e.operand)
    return isinstance(e, ast.Name) or (isinstance(e, ast.Constant) and type(e.value) in (int, float))


def _item_update(node):
    """`dC[ix] += demb[k, j]` (or `N[a, b] += 1`) as one call, `__bp_aug_item__(dC, ix, demb, (k, j), "add")`,
    which torch may do in one step where Python would read dC[ix], read demb[k, j], add, and write dC[ix]
    back (a learner's loop runs it hundreds of times a step). Only where each part is a name or a number: then
    reading demb, k and j before dC[ix] (Python reads them after) makes no difference, and the call does what
    Python does where torch does not take it. Any other statement is left as it is."""
    t, v = node.target, node.value
    op = _ITEM_OPS.get(type(node.op))
    if op is None or not isinstance(t, ast.Subscript) or not isinstance(t.value, ast.Name) or not _plain(t.slice):
        return node
    if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) and _plain(v.slice):
        source, index = ast.Name(v.value.id, ast.Load()), v.slice
    elif _plain(v) and not isinstance(v, ast.Tuple):
        source, index = ast.Constant(None), v
    else:
        return node
    call = ast.Call(ast.Name("__bp_aug_item__", ast.Load()),
                    [ast.Name(t.value.id, ast.Load()), t.slice, source, index, ast.Constant(op)], [])
    out = ast.Expr(call)
    for n in ast.walk(out):
        ast.copy_location(n, node)
        n.end_lineno, n.end_col_offset = node.end_lineno, node.end_col_offset
    return out


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

    starts = S.stmt.setdefault(filename, {})
    forget_places()  # where statements start may change
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
        S.texts[(cell, ln)] = t
    core.statements(cell, json.dumps(texts))


_MAGIC = re.compile(r"^\s*[%!]")


def _without_magics(source):
    """IPython's `%matplotlib inline` and `!pip ...` lines are Jupyter's, not Python's: blank them."""
    return "\n".join("" if _MAGIC.match(l) else l for l in source.split("\n"))


def register_file(filename, cell_starts, text):
    """Declares a file of the learner's code: the first line of each cell (1 for every .ipynb cell)."""
    starts = list(cell_starts)
    forget_places()
    if len(starts) == 1:
        S.files[filename] = lambda line, c=starts[0][1]: c
    else:
        firsts = [s for s, _ in starts]
        cells = [c for _, c in starts]
        S.files[filename] = lambda line: cells[max(0, bisect.bisect_right(firsts, line) - 1)]
    linecache.cache[filename] = (len(text), None, [l + "\n" for l in text.split("\n")], filename)


def compile_cell(cell, source, filename, first_line):
    """Parses and instruments a cell; returns (code, None) or (None, error dict) for a SyntaxError."""
    src = "\n" * (first_line - 1) + (_without_magics(source) if S.kind == "ipynb" else source)
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
        exec(code, S.main)
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
    if isinstance(e, SyntaxError) and not any(f.filename in S.files for f in traceback.extract_tb(e.__traceback__)):
        return _syntax_error(e, cell)
    try:
        te = traceback.TracebackException(type(e), e, e.__traceback__)
        te.stack = traceback.StackSummary.from_list([f for f in te.stack if f.filename in S.files])
        text = "".join(te.format()).rstrip("\n")
        message = str(e)
    except Exception:
        # An exception whose str() itself fails (a learner's class): its type is all Python would show.
        te, text, message = None, type(e).__name__, ""
    frames = te.stack if te is not None else []
    here = [f for f in frames if S.files[f.filename](f.lineno or 0) == cell]
    user = (frames[-1] if S.kind == "py" else (here[-1] if here else None)) if frames else None
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
