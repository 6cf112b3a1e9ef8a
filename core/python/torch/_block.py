"""`x[i, j]` with plain ints where autograd cannot see it (under no_grad, or of an integer tensor): a block of x
that is made only when something reads it, as a PyTorch view reads its base.

A learner's loops are made of these: `ix = Xb[k, j]; dC[ix] += demb[k, j]` runs 96 times a training step in
Karpathy's part 4. Each read would be a call into the core; here `Xb[k, j]` only remembers where it points,
`dC[ix]` asks the core for the one int it holds, `+= demb[k, j]` is one call that adds the block of demb
into the block of dC where it lies, and writing `dC[ix]` back into itself is nothing to do, as it is for
PyTorch's view. A block read in any other way (printed, used in an op) is made then, from x's values at that
time, which is what a view shows too; from then on it is a tensor like any other.
"""
import _bp_runtime as _rt
from torch._bridge import _MIRRORS, _call, _dead, _float, _inplace_at, _int, core
from torch._dtypes import _STORED_AS_IS, Size
from torch._grad_mode import _GRAD, no_grad
from torch._tensor import Tensor, _in_one_call, _op

# Tensor's own storage of the handle, which a block's `_h` reads once it is made.
_H = Tensor._h


class _Block(Tensor):
    # `_base`/`_ints`: what the block stands for until it is made (then None); `_later_name`: the learner's name
    # for it, told to the core when it is made; `_key`: the index object getitem made it from (`ix` of `dC[ix]`),
    # by which setitem knows `dC[ix] = <that block>` at once.
    __slots__ = ("_base", "_ints", "_later_name", "_key")

    @property
    def _h(self):
        try:
            return _H.__get__(self, _Block)
        except AttributeError:
            return self._make()

    @_h.setter
    def _h(self, h):
        _H.__set__(self, h)

    def _make(self):
        base = self._base
        if _GRAD[0] and base._dtype.is_floating_point:
            with no_grad():  # read where autograd could not see it: it stays out of the graph, as a view would
                made = _op("select", base._h, *self._ints)
        else:
            made = _op("select", base._h, *self._ints)
        # The block takes the handle over; the tensor _op wrapped it in lets go of handle 0, which is none.
        h = made._h
        made._h = 0
        _H.__set__(self, h)
        self._base = None
        try:
            _rt.name_later(h, self._later_name)
        except AttributeError:  # (never named: block() leaves the slot unset, one store fewer a block)
            pass
        return h

    def __del__(self):
        # A block never made has no handle to give back (and most are never made: asking would raise, slowly).
        try:
            if self._base is None:
                _dead.add(_H.__get__(self, _Block))
        except AttributeError:
            pass

    def _name_as(self, name):
        if self._base is None:
            Tensor._name_as(self, name)
        else:
            self._later_name = name  # told when the block is made; a block never made is in no graph

    def item(self):
        base = self._base
        if base is None:
            return Tensor.item(self)
        if self._dtype.is_floating_point or self._shape:  # (not one element: the core raises PyTorch's error)
            v = _call(core.itemAt, base._h, *self._ints)
            return _float(v) if self._dtype.is_floating_point else _int(v)
        return _int(_int_at(base, self._ints))

    def _inplace(self, op, other):
        # `dC[ix] += demb[k, j]`: one call adds into the block of the base; the block stays a view of it.
        base = self._base
        if base is not None:
            ints = self._ints
            if type(other) is _Block and other._base is not None:  # a block of y, not made either: the core reads it where it lies
                if other._dtype is self._dtype and _inplace_at(op, base._h, len(ints), *ints, "b", other._base._h,
                                                               *other._ints):
                    return self
            else:
                args = _in_one_call(self._dtype, other)
                if args is not None and _inplace_at(op, base._h, len(ints), *ints, *args):
                    return self
        return Tensor._inplace(self, op, other)


_new_block = _Block.__new__
_SCALAR = Size()

# Printed and checked as torch's own (the runtime recognises tensors by these).
_Block.__name__ = _Block.__qualname__ = "Tensor"
_Block.__module__ = "torch"
# What the hook after a learner's assignment asks first, for a value that may be a tensor (_bp_runtime/runner.py).
_rt.TENSOR_CLASSES.update((Tensor, _Block))


# _MIRRORS' mark for an integer tensor read once since the last integer write: a second read fetches it whole.
_ONCE = object()
# Integer tensors up to this many elements are fetched whole (a batch's Xb is 96; a bigram count table 729).
_MIRROR_MAX = 1 << 16


def _int_at(base, ints):
    """base[ints] of an integer tensor, one int for each of its dims (counted from 0): from Python's copy of
    base's values when it has one (_bridge._MIRRORS), else by one call. The first read after a write asks for
    the one value; a second fetches all of base, so a loop reading many elements between writes makes one
    call, and one alternating reads and writes never copies a whole tensor."""
    h = base._h
    m = _MIRRORS.get(h)
    shape = base._shape if base._shape is not None else base.shape
    if m is None or m is _ONCE:
        n = 1
        for d in shape:
            n *= d
        if m is None or n > _MIRROR_MAX:
            if len(_MIRRORS) > 16:
                _MIRRORS.clear()
            _MIRRORS[h] = _ONCE
            return _call(core.itemAt, h, *ints)
        m = _MIRRORS[h] = base._values()
    at = 0
    for i, d in zip(ints, shape):
        at = at * d + i
    return m[at]


def int_of(key):
    """The int an integer block of one element holds (`ix` of `dC[ix]`, `ix = Xb[k, j]`), or None for any
    other key."""
    if type(key) is _Block and not key._shape:
        base = key._base
        if base is not None and not key._dtype.is_floating_point:
            return _int_at(base, key._ints)
    return None


def unmade(t):
    """Whether t is a block not yet made (its base and ints stand for it)."""
    return type(t) is _Block and t._base is not None


def block(x, ints, dt):
    """x[ints] as a block, or None where it must be made now: autograd could record it (a float x with grad
    enabled), or x's dtype is stored narrowed. The ints are checked now (PyTorch's IndexError at the read)."""
    if dt not in _STORED_AS_IS or (_GRAD[0] and dt.is_floating_point):
        return None
    shape = x._shape
    if shape is None:
        shape = x.shape
    # normalized(ints, shape), its common case written out (a loop reads hundreds of blocks a step)
    n = len(ints)
    at = ints
    if n > len(shape) or type(ints) is not tuple:
        at = normalized(ints, shape)
    else:
        for i, d in zip(ints, shape):
            if not 0 <= i < d:
                at = normalized(ints, shape)
                break
    b = _new_block(_Block)
    if type(x) is _Block and x._base is not None:  # a block of a block not made: of the same base, further in
        b._base = x._base
        b._ints = x._ints + at
    else:
        b._base = x
        b._ints = at
    b._dtype = dt
    b._shape = _SCALAR if n == len(shape) else Size(shape[n:])
    b._fn = "SelectBackward0"
    b._named = False
    # (`_later_name` is left unset until the block is named, and getitem sets `_key`: a loop makes hundreds of
    # blocks a step, and each store is time)
    return b


def normalized(ints, shape):
    """The ints counted from 0 (a negative one from the end), or PyTorch's IndexError."""
    if len(ints) > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    for i, n in zip(ints, shape):
        if not 0 <= i < n:
            break
    else:
        return ints if type(ints) is tuple else tuple(ints)  # the common case: every int already counted from 0
    out = []
    for d, i in enumerate(ints):
        n = shape[d]
        if i < -n or i >= n:
            raise IndexError(f"index {i} is out of bounds for dimension {d} with size {n}")
        out.append(i + n if i < 0 else i)
    return tuple(out)


def is_block_of(value, x, ints):
    """`x[ints] = value` where value is x[ints] itself, not yet made: nothing to write (a view into itself)."""
    return unmade(value) and value._base is x and value._ints == normalized(ints, x.shape)


__all__ = ["block", "int_of", "is_block_of", "unmade", "_Block"]


def _index_ints(key, shape):
    """key as a tuple of ints counted from 0 within shape (`3`, `(k, j)`, or `ix` of `dC[ix]`, an integer block of
    one element), checked as getitem checks them (PyTorch's IndexError); None for any other key."""
    kind = type(key)
    if kind is _int:
        at = (key,)
    elif kind is tuple:
        for k in key:
            if type(k) is not _int:
                return None
        at = key
    else:
        i = int_of(key)
        if i is None:
            return None
        at = (i,)
    return normalized(at, shape) if at else None


def item_update(target, index, source, source_index, op):
    """`target[index] op= source[source_index]` (or `op= source_index`, a number, when source is None) as one call
    to the core: what getitem's blocks, _Block's in-place op and setitem's write-back of a block into itself do
    in four steps, taken where they would (plain int indices on tensors autograd cannot see, one dtype). The
    indices are checked in Python's order, target's first (PyTorch's IndexError). True when done; False leaves
    the statement to Python's way (_bp_runtime/hooks.py's _aug_item), as if this had not been asked."""
    if type(target) is not Tensor:
        return False
    dt = target._dtype or target.dtype
    if dt not in _STORED_AS_IS or (_GRAD[0] and dt.is_floating_point):
        return False
    shape = target._shape
    if shape is None:
        shape = target.shape
    if not shape:
        return False
    if type(index) is _Block and index._dtype is dt:
        # `x[k] += 1` with k a block of x (or of a tensor sharing its dtype, as x's own views do): Python reads
        # k again to write x[k] back, after the add may have changed it
        return False
    at = _index_ints(index, shape)
    if at is None:
        return False
    if source is None:
        args = _in_one_call(dt, source_index)
        return args is not None and _inplace_at(op, target._h, len(at), *at, *args)
    if type(source) is not Tensor or (source._dtype or source.dtype) is not dt:
        return False
    source_shape = source._shape
    if source_shape is None:
        source_shape = source.shape
    source_at = _index_ints(source_index, source_shape) if source_shape else None
    return source_at is not None and _inplace_at(op, target._h, len(at), *at, "b", source._h, *source_at)


_rt.ITEM_UPDATE[0] = item_update
