"""One reading of the learner's source, from Python's syntax tree.

Per top-level statement: its line span, the names it binds (targets) and reads, the gradients it writes by
hand (`dX = ...`, `dX += ...`, `dX[i] = ...`, inside loops too) and its `cmp(label, dX, X)` calls; and the
cmp calls left in comments (`# cmp('h', dh, h)`, as exercises hand them out). Every consumer reads this:
which cells are exercise cells, the live check's plan, the pairing of gradients with tensors, "your lines"
in the step panel, the blame of a gradient computed from a wrong one, exercise 4's training. A gradient is
recognised here and nowhere else: by its name (`is_gradient_name`) where a statement binds or writes into it.
"""
import ast
import functools
import io
import re
import tokenize

# `dlogprobs`, `d_h`, `dW1`: the backprop-ninja convention for the gradient of `logprobs`, `h`, `W1`; and
# `h_grad`, as learners who follow PyTorch's `.grad` write it (core/diagnose/grad-name.ts reads the same names
# back to the tensor they stand for).
_GRADIENT_NAME = re.compile(r"^d_?[A-Za-z_]\w*$|^[A-Za-z_]\w*_grad$")


@functools.lru_cache(maxsize=4096)  # asked at every assignment a learner's loop makes, of a few names
def is_gradient_name(name):
    return bool(_GRADIENT_NAME.match(name))


def written(node):
    """Names a statement binds or writes into: `dx = ...`, `dx += ...`, `dx[i] = ...`, a for loop's targets,
    and `dx.index_add_(...)` (a method named with PyTorch's trailing `_` changes its tensor in place)."""
    return list(dict.fromkeys(name for name, _, _ in _writes(node)))


def read(node):
    """Names a statement reads, in order of first use."""
    return list(dict.fromkeys(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)))


def _writes(node):
    """(name, operator, indexed) for everything a statement binds or writes into."""
    out = []

    def target(t, op):
        if isinstance(t, ast.Name):
            out.append((t.id, op, False))
        elif isinstance(t, ast.Subscript):
            inner = t.value
            while isinstance(inner, ast.Subscript):
                inner = inner.value
            if isinstance(inner, ast.Name):
                out.append((inner.id, op, True))
            else:
                target(inner, op)
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                target(e, op)
        elif isinstance(t, ast.Starred):
            target(t.value, op)

    for n in ast.walk(node):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                target(t, "=")
        elif isinstance(n, ast.AugAssign):
            target(n.target, _OPS.get(type(n.op), "?") + "=")
        elif isinstance(n, ast.AnnAssign):
            target(n.target, "=")
        elif isinstance(n, (ast.For, ast.AsyncFor)):
            target(n.target, "for")
        elif isinstance(n, ast.NamedExpr):
            target(n.target, "=")
        elif (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr.endswith("_")
              and not n.func.attr.startswith("_") and isinstance(n.func.value, (ast.Name, ast.Subscript))):
            target(n.func.value, n.func.attr)
    return out


_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.MatMult: "@", ast.Pow: "**"}


def _gradient_writes(node):
    """The gradients a statement writes by hand; `accumulate` when it adds to one already there."""
    out = {}
    loop = isinstance(node, (ast.For, ast.AsyncFor, ast.While))
    for name, op, indexed in _writes(node):
        if op == "for" or not is_gradient_name(name):
            continue
        acc = op != "=" or indexed or loop
        prev = out.get(name)
        out[name] = {"name": name, "op": op, "indexed": indexed or (prev or {}).get("indexed", False),
                     "accumulate": acc or (prev or {}).get("accumulate", False)}
    return list(out.values())


def _cmp_of(call, source, line):
    """A `cmp(label, dX, X)` call as data: the label, the gradient's name (when a name) and the target's text."""
    args = call.args
    label = args[0].value if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str) else None
    grad = args[1].id if len(args) > 1 and isinstance(args[1], ast.Name) else None
    target = ast.get_source_segment(source, args[2]) if len(args) > 2 else None
    return {"line": line, "label": label, "grad": grad, "target": target}


def _is_cmp(n):
    return isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "cmp"


def analyze_node(node, source, offset=0):
    """The reading of one top-level statement (see analyze)."""
    return _statement(node, source, offset)


def _statement(node, source, offset):
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    cmps = [_cmp_of(c, source, c.lineno - offset) for c in ast.walk(node) if _is_cmp(c)]
    return {"line": first - offset, "end": (node.end_lineno or node.lineno) - offset, "targets": written(node),
            "reads": read(node), "grads": _gradient_writes(node), "cmps": cmps,
            "text": ast.get_source_segment(source, node) or ""}


def commented_cmps(source, offset=0):
    """cmp calls written in comments (`# cmp('h', dh, h)`), as the exercise hands them out."""
    out = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        tokens = []
    for tok in tokens:
        if tok.type != tokenize.COMMENT:
            continue
        text = tok.string.lstrip("#").strip()
        if not text.startswith("cmp("):
            continue
        try:
            body = ast.parse(text).body
        except SyntaxError:
            continue
        if len(body) == 1 and isinstance(body[0], ast.Expr) and _is_cmp(body[0].value):
            c = _cmp_of(body[0].value, text, tok.start[0] - offset)
            c["commented"] = True
            out.append(c)
    return out


_CONTINUES = re.compile(r"^(else|elif|except|finally|case)\b|^[)\]}]")


def _top_starts(lines):
    return [i + 1 for i, l in enumerate(lines) if l and not l[0].isspace() and not l.startswith("#") and not _CONTINUES.match(l)]


def parse_prefix(src, filename, err):
    """Statements before a syntax error, and the error's own span: (nodes, (start, end, error))."""
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
        return parse_prefix(src, filename, e)
    return nodes, (begin, end, err)


def top_level(src, filename="<cell>"):
    """The top-level statements of a source: every one when it parses, else those around the syntax error."""
    try:
        return ast.parse(src, filename).body
    except SyntaxError as e:
        nodes, (_, end, _) = parse_prefix(src, filename, e)
        lines = src.split("\n")
        try:
            rest = ast.parse("\n" * end + "\n".join(lines[end:]), filename).body
        except SyntaxError:
            rest = []
        return nodes + rest


def analyze(source, offset=0):
    """The reading of one cell: {"statements": [...], "cmps": [every cmp call, commented ones too]}; lines are
    the source's lines minus `offset` (1-based within the cell)."""
    statements = [_statement(n, source, offset) for n in top_level(source)]
    cmps = [c for s in statements for c in s["cmps"]] + commented_cmps(source, offset)
    cmps.sort(key=lambda c: c["line"])
    return {"statements": statements, "cmps": cmps}


def blank(source):
    """The exercise as handed out: gradient statements removed, cmp calls commented out, everything else kept."""
    try:
        nodes = ast.parse(source).body
    except SyntaxError:
        return source
    lines = source.split("\n")
    drop = set()
    first_drop = None
    cmp_lines = set()
    for n in nodes:
        s = _statement(n, source, 0)
        cmp_lines.update(c["line"] for c in s["cmps"])
        if s["grads"] and not s["cmps"]:
            drop.update(range(s["line"], s["end"] + 1))
            first_drop = s["line"] if first_drop is None else first_drop
    out = []
    for i, l in enumerate(lines, 1):
        if i == first_drop:
            out += ["# -----------------", "# YOUR CODE HERE :)", "# -----------------", ""]
        if i in drop:
            continue
        out.append(re.sub(r"^(\s*)cmp\(", r"\1# cmp(", l) if i in cmp_lines else l)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text)
