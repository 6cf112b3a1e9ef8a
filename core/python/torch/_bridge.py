"""The Python side of the bridge to the core (core/notebook/bridge.ts): every call across goes through `_call`
(or `_op` in _tensor.py), which turns the core's errors into PyTorch's exceptions; handles of dead tensors are
released in batches. tests/core/notebook/python-bridge.test.ts checks that every `core.X` called exists.
"""
import builtins

from _bp_core import core
from js import Array as _JsArray
from pyodide.ffi import JsException, to_js

import _bp_runtime as _rt

_int, _float, _bool = builtins.int, builtins.float, builtins.bool
_array_of = _JsArray.of
_Scalar = (_int, _float, _bool)

class NotSupported(NotImplementedError, AttributeError):
    """Raised for the parts of torch this runtime does not have. It shows as Python's NotImplementedError and is
    one (`except NotImplementedError` catches it); it is an AttributeError too, so hasattr() answers False."""


NotSupported.__name__ = NotSupported.__qualname__ = "NotImplementedError"
NotSupported.__module__ = "builtins"


def _unsupported(what):
    cell, line = _rt.loc()
    where = f" ({_rt.where(cell, line)})" if cell >= 0 else ""
    return NotSupported(f"{what} is not supported by Backprop Studio's torch{where}")


_dead = set()
_INPLACE_AT = core.inplaceAt


def _release_dead():
    # In batches: each release is a call into JavaScript, and a training step lets go of dozens of tensors.
    if _dead:
        handles = list(_dead)
        _dead.clear()
        core.releaseAll(to_js(handles))


# Integer tensors' values as Python last read them whole, by handle (torch/_block.py reads `Xb[k, j]` from here:
# a learner's loop reads Xb 96 times a step, one call rather than 96). Forgotten whenever an integer tensor is
# written in place; every write goes through the functions below, so none can leave a stale copy.
_MIRRORS = {}


def _written(h):
    """Handle h's tensor is about to be written in place: if it is an integer one (a handle's last two bits are its
    dtype: 2 for int64, see _dtypes._BY_HANDLE), Python's copies of integer values may go stale. A float tensor's
    storage holds no integer tensor's values."""
    if h & 3 == 2 and _MIRRORS:
        _MIRRORS.clear()


def _assign(h, value, is_tensor):
    """dst.copy_(value) (or fill_ with a number), outside autograd."""
    _written(h)
    return _call(core.assign, h, value, is_tensor)


def _write_ints(h, value, is_tensor, *ints):
    _written(h)
    return _call(core.writeInts, h, value, is_tensor, *ints)


def _write_at(h, offsets, value, is_tensor):
    _written(h)
    return _call(core.writeAt, h, offsets, value, is_tensor)


def _inplace(op, h, *args):
    _written(h)
    return _call(core.inplace, op, h, *args)


def _inplace_at(op, h, *args):
    # `dC[ix] += demb[k, j]` comes here 96 times a training step: _written and _call written out.
    if h & 3 == 2 and _MIRRORS:
        _MIRRORS.clear()
    try:
        return _INPLACE_AT(op, h, *args)
    except JsException as e:
        raise _python_error(e) from None


def _rename_in_place(old, new):
    _rt.flush_names()  # the core moves old's name to new: it must have heard it
    _written(old)
    _written(new)
    return _call(core.renameInPlace, old, new)


def _call(fn, *args):
    """Calls the bridge, re-raising core errors as PyTorch's exceptions."""
    try:
        return fn(*args)
    except JsException as e:
        raise _python_error(e) from None
    finally:
        if len(_dead) >= 256:
            _release_dead()


def _python_error(e):
    name = getattr(e, "name", "")
    message = str(e)
    js = getattr(e, "js_error", None)
    if js is not None:
        name = getattr(js, "name", name)
        message = getattr(js, "message", message)
        kind = getattr(js, "pythonType", "RuntimeError")
    else:
        kind = "RuntimeError"
        for prefix in ("TorchError: ", "Error: "):
            if message.startswith(prefix):
                message = message[len(prefix):]
    if name != "TorchError":
        return RuntimeError(message)
    return {"NotImplementedError": NotImplementedError, "IndexError": IndexError, "ValueError": ValueError}.get(kind, RuntimeError)(message)



def _js(seq):
    """A short list of ints as a JavaScript array: one call with the ints as arguments costs a fraction of
    to_js's general conversion (which an index like `Xb[k, j]` would pay every time)."""
    return _array_of(*[_int(x) for x in seq])
