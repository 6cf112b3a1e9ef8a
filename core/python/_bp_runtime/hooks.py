"""The hooks the learner's compiled cells call, and what they record: names for tensors, cmp calls as
checks, loop progress, figures, unseeded draws, and the `d<name>` gradients written."""
import json
import math
import operator
import re
import time
import types

import _bp_source
from _bp_core import core
from _bpcore import host as core_host

from .session import ITEM_UPDATE, S, TENSOR_CLASSES, flush_names, is_tensor, loc, name_later, where


# How often, at most, progress crosses to the host (each report is a message to the page).
PROGRESS_EVERY = 0.25


def progress(done, total, label=""):
    """Reports a loop's progress to the host, at most every PROGRESS_EVERY seconds (and always at its end)."""
    now = time.monotonic()
    if now - S.progress["at"] < PROGRESS_EVERY and done != total:
        return
    S.progress["at"] = now
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
        if time.monotonic() - S.progress["at"] >= PROGRESS_EVERY or done == total:
            progress(done, total)


# `x[i] op= v` as Python does it, by the op's name (runner.py's _ITEM_OPS)
_IN_PLACE = {"add": operator.iadd, "sub": operator.isub, "mul": operator.imul, "div": operator.itruediv}


def _aug_item(target, index, source, source_index, op):
    """`target[index] op= source[source_index]` (or `op= source_index` when source is None), compiled from the
    learner's statement (runner.py's _item_update): torch's one step where it takes it (ITEM_UPDATE, set when
    torch is imported), else exactly what Python does."""
    fast = ITEM_UPDATE[0]
    if fast is not None and target.__class__ in TENSOR_CLASSES and fast(target, index, source, source_index, op):
        return
    value = target[index]
    value = _IN_PLACE[op](value, source_index if source is None else source[source_index])
    target[index] = value


# Whether a name is a gradient's (`dlogits`), by name: asked after every tensor assignment, and a notebook has few.
_GRADIENT_NAMES = {}


def _assigned(cell, line, name, value, base=None, attr=None):
    # An assignment after torch ran ops ends the statement for the core; it hears of it with the next op torch
    # forwards.
    ran = S.ops_ran
    if ran[0]:
        ran[0] = False
        ran[1] = True
    if value.__class__ not in TENSOR_CLASSES:
        return
    if base is None:
        # A name for the tensor itself; and a gradient's binding remembered (`dC[ix] += ...` rebinds dC 96 times a
        # training step: each time only its value changes).
        if not value._named:
            value._named = True
            value._name_as(name)
        grad_name = _GRADIENT_NAMES.get(name)
        if grad_name is None:
            if len(_GRADIENT_NAMES) > 10000:
                _GRADIENT_NAMES.clear()
            grad_name = _GRADIENT_NAMES[name] = _bp_source.is_gradient_name(name)
        if grad_name:
            key = (name, cell, line)
            dvalues = S.dvalues
            if key not in dvalues:
                S.dnames.setdefault(name, []).append((cell, line))
            dvalues[key] = value
        return
    # `self.out = ...`: named by the path to its owner
    if value._named:
        return
    path = _path_of(base)
    if path is None:
        # `self.weight = ...` in __init__: the object is not reachable from the learner's globals yet
        # (`layers = [Linear(...), ...]` binds it afterwards); name it once it is.
        if len(S.pending) < 10000:
            S.pending.append((value, base, attr))
        return
    value._named = True
    value._name_as(f"{path}.{attr}")


def _cmp(fn, cell, line, manual_src, *args, **kwargs):
    verdict = None
    try:
        label = args[0] if args else kwargs.get("s", kwargs.get("name", ""))
        dt = args[1] if len(args) > 1 else None
        t = args[2] if len(args) > 2 else None
        flush_names()
        verdict = core.check(dt._h if is_tensor(dt) else -1, t._h if is_tensor(t) else -1,
                             str(label), manual_src, cell, line)
    except Exception:
        pass
    if S.exercise and verdict is not None:
        # The live check has judged this pair and shows it in the gutter and the cmp table; the learner's own
        # cmp would only print the same again (and raise on different shapes, stopping every check after it).
        return None
    return fn(*args, **kwargs)


def resolve_pending():
    """Names the tensors whose owner became reachable since they were assigned, and tells the core every name it
    has not heard (before a graph is read)."""
    keep = []
    for value, base, attr in S.pending:
        path = _path_of(base)
        if path is None:
            keep.append((value, base, attr))
        elif getattr(base, attr, None) is value:
            name_later(value._h, f"{path}.{attr}")
    S.pending[:] = keep
    flush_names()


def _path_of(obj):
    """The learner's name for an object reachable from their globals: `model`, `layers[2]`, `net.layers[0]`."""
    cached = S.path_cache.get(id(obj))
    if cached is not None and _resolve(cached) is obj:
        return cached
    for name, v in list(S.main.items()):
        if name.startswith("__"):
            continue
        if v is obj:
            return _remember(obj, name)
        found = _search(v, name, obj, 2)
        if found is not None:
            return _remember(obj, found)
    return None


def _remember(obj, path):
    S.path_cache[id(obj)] = path
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


# A path's compiled expression: `self.out = ...` in a layer's __call__ checks its owner's path at every call, and
# compiling "layers[3]" each time cost more than the layer's ops. (Paths are names, [i] and .attr: no state.)
_COMPILED = {}


def _resolve(path):
    code = _COMPILED.get(path)
    try:
        if code is None:
            code = compile(path, "<path>", "eval")
            if len(_COMPILED) < 10000:
                _COMPILED[path] = code
        return eval(code, {}, S.main)
    except Exception:
        return None


def unseeded_draw(what):
    cell, line = loc()
    if cell < 0 or (cell, line) in S.noted:
        return
    S.noted.add((cell, line))
    text = S.texts.get((cell, line), "")
    m = re.match(r"^\s*([A-Za-z_][\w.\[\]]*)\s*=[^=]", text)
    subject = m.group(1) if m else what
    core.note(f"{where(cell, line)}: {subject} uses torch's global generator, which was never seeded, so its values "
              f"differ on every run (in PyTorch too): add `generator=g`")


def figure(kind, cell, line, data):
    new = S.figure_break[0] or not S.figures
    S.figure_break[0] = False
    S.figures.append({"kind": kind, "cell": cell, "line": line, "new": new, **data})


def figures_json():
    return json.dumps(_finite(S.figures))


def _finite(x):
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, list):
        return [_finite(v) for v in x]
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    return x


def dname_bindings():
    """Every place a `d<name>` global was bound, with the tensor bound there last: a run judges each for its
    blame (a gradient no cmp checks can still be the wrong one a later line used), as the live check does."""
    return json.dumps([[name, v._h, cell, line] for (name, cell, line), v in S.dvalues.items()])


def dname_candidates():
    """Tensors bound to `d<name>` / `d_<name>` globals: gradients to pair by name where there is no cmp."""
    out = []
    for name, lines in S.dnames.items():
        cell, line = lines[-1]
        v = S.main.get(name)
        if type(v).__name__ == "Tensor" and type(v).__module__ == "torch":
            out.append([name, v._h, cell, line])
    return json.dumps(out)
