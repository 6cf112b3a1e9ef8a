"""Indexing: `x[i]`, `x[:, 0]`, `x[a:b]`, `C[Xb]` (rows by an index tensor), `logprobs[range(n), Yb]`,
and the same forms on the left of `=`. Basic indices become one slice op; index tensors gather rows."""
import builtins

import torch
from torch import Size, Tensor, _call, _js, _op, core
from torch._block import _Block, block, int_of, is_block_of
from torch._bridge import _write_at, _write_ints
from torch._dtypes import _STORED_AS_IS
from torch._grad_mode import _GRAD


def _as_index_tensor(k):
    if isinstance(k, Tensor):
        if k.dtype is torch.bool:
            return None  # a mask: the general path (_advanced) turns it into index tensors
        if k.dtype.is_floating_point:
            raise IndexError("tensors used as indices must be long, byte or bool tensors")
        return k
    if isinstance(k, list) and k and builtins.all(isinstance(v, bool) for v in k):
        return None  # a mask written as a list
    if isinstance(k, (list, range)):
        return torch.tensor(list(k), dtype=torch.int64)
    return None


def _is_arange(k, n):
    if isinstance(k, range):
        return k.start == 0 and k.step == 1 and len(k) == n
    if isinstance(k, (list, Tensor)):
        values = k if isinstance(k, list) else (k.tolist() if k.dim() == 1 and not k.dtype.is_floating_point else None)
        return values == list(range(n))
    return False


def _int_start(i, d, size):
    """Where an int index `i` on dim `d` starts (negative counts from the end), or PyTorch's IndexError."""
    if i < -size or i >= size:
        raise IndexError(f"index {i} is out of bounds for dimension {d} with size {size}")
    return i + size if i < 0 else i


def _basic(x, key):
    """(starts, steps, lengths, drops, new_axes) for a key of ints, slices, None and Ellipsis."""
    shape = list(x.shape)
    used = builtins.sum(1 for k in key if k is not None and k is not Ellipsis)
    if used > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    if builtins.sum(1 for k in key if k is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    expanded = []
    for k in key:
        if k is Ellipsis:
            expanded.extend([slice(None)] * (len(shape) - used))
        else:
            expanded.append(k)
    starts, steps, lengths, drops, out_shape = [], [], [], [], []
    d = 0
    for k in expanded:
        if k is None:
            out_shape.append(1)
            continue
        size = shape[d]
        if isinstance(k, slice):
            if k.step is not None and k.step <= 0:
                raise ValueError("step must be greater than zero")
            start, stop, step = k.indices(size)
            n = len(range(start, stop, step))
            starts.append(start if n else 0)
            steps.append(step)
            lengths.append(n)
            out_shape.append(n)
        else:
            try:
                i = k.__index__()
            except AttributeError:
                raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                                 f"valid indices (got {type(k).__name__})") from None
            starts.append(_int_start(i, d, size))
            steps.append(1)
            lengths.append(1)
            drops.append(d)
        d += 1
    for rest in shape[d:]:
        starts.append(0)
        steps.append(1)
        lengths.append(rest)
        out_shape.append(rest)
    return starts, steps, lengths, drops, out_shape


def _pick_pair(x, key):
    """The lecture's `x[range(n), idx]`: one element per row."""
    if len(key) != 2 or x.dim() != 2:
        return None
    rows, cols = key
    idx = _as_index_tensor(cols)
    if idx is None or not _is_arange(rows, x.shape[0]):
        return None
    if idx.dim() != 1 or idx.shape[0] != x.shape[0]:
        return None  # index tensors that broadcast (or do not): the general path says which
    return idx


def _advanced(x, key):
    """A key with index tensors (lists, ranges, tensors, boolean masks) as (basic, dims, tensors): `basic` the key
    with each index tensor replaced by a whole slice and every dim of x named once, `dims` the dims of x the
    index tensors stand at, `tensors` the int64 index tensors (a k-D mask becomes its k nonzero index tensors);
    None when the key has no index tensor."""
    parts = []
    for k in key:
        if _is_mask(k):
            mask = k if isinstance(k, Tensor) else torch.tensor(k)
            at = builtins.sum(1 for kind, v in parts if v is not None)
            if not builtins.any(v is Ellipsis for _, v in parts):
                for i, n in enumerate(mask.shape):
                    if at + i < x.dim() and n != x.shape[at + i]:
                        raise IndexError(f"The shape of the mask {list(mask.shape)} at index {i} does not match the "
                                         f"shape of the indexed tensor {list(x.shape)} at index {at + i}")
            parts.extend(("index", t) for t in _nonzero(mask))
        elif isinstance(k, (Tensor, list, range)) and not (isinstance(k, Tensor) and k.dim() == 0):
            parts.append(("index", _as_index_tensor(k)))
        elif isinstance(k, Tensor):
            parts.append(("basic", k.item()))
        else:
            parts.append(("basic", k))
    if not builtins.any(kind == "index" for kind, _ in parts):
        return None
    used = builtins.sum(1 for kind, v in parts if v is not Ellipsis)
    if used > x.dim():
        raise IndexError(f"too many indices for tensor of dimension {x.dim()}")
    basic, dims, tensors = [], [], []
    for kind, v in parts:
        if kind == "basic" and v is Ellipsis:
            basic.extend([slice(None)] * (x.dim() - used))
        elif kind == "index":
            dims.append(len(basic))
            tensors.append(v)
            basic.append(slice(None))
        else:
            basic.append(v)
    basic.extend([slice(None)] * (x.dim() - len(basic)))
    return basic, dims, tensors


def _is_mask(k):
    return isinstance(k, Tensor) and k.dtype is torch.bool or (isinstance(k, list) and k and builtins.all(isinstance(v, bool) for v in k))


def _new_axes(x, key):
    """A key with index tensors and None, as NumPy reads it: each None a `:` over a new axis of size 1. So x gains
    those axes (a view: the flat offsets stay) and the key names them with `:`, which keeps index tensors that
    a None separates apart, as PyTorch does."""
    if not builtins.any(k is None for k in key):
        return x, key
    if builtins.sum(1 for k in key if k is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    width = [k.dim() if isinstance(k, Tensor) and _is_mask(k) else 0 if k is None or k is Ellipsis else 1 for k in key]
    if builtins.sum(width) > x.dim():
        raise IndexError(f"too many indices for tensor of dimension {x.dim()}")
    shape, spelled, d = [], [], 0
    for k, n in zip(key, width):
        if k is Ellipsis:
            n = x.dim() - builtins.sum(width)
            spelled.extend([slice(None)] * n)
        else:
            spelled.append(slice(None) if k is None else k)
        shape.extend([1] if k is None else x.shape[d:d + n])
        d += n
    return x.view(shape + list(x.shape[d:])), tuple(spelled)


def _nonzero(mask):
    """The index tensors of a boolean mask's True entries, one per dim of the mask (row-major order)."""
    flat = mask.view(-1)._values()
    shape = list(mask.shape)
    columns = [[] for _ in shape]
    for i, v in enumerate(flat):
        if v:
            for d in range(len(shape) - 1, -1, -1):
                columns[d].append(i % shape[d])
                i //= shape[d]
    return [torch.tensor(c, dtype=torch.int64) for c in columns]


def _get_advanced(x, basic, dims, tensors):
    """x[key] with index tensors: the basic part first (ints drop their dims), then the gather."""
    starts, steps, lengths, drops, _ = _basic(x, tuple(basic))
    v = x
    # (an int on a dim of size 1 takes all of it, but still drops the dim)
    if drops or any(s != 0 or st != 1 or n != size for s, st, n, size in zip(starts, steps, lengths, x.shape)):
        dropped = set(drops)
        spec = starts + steps + lengths + [1 if d in dropped else 0 for d in range(len(starts))]
        v = _op("slice", x._h, *spec, dt=x._dtype, fn="SelectBackward0" if drops else "SliceBackward0")
    shift = [builtins.sum(1 for d in drops if d < p) for p in dims]
    return _op("index_nd", v._h, _js([p - s for p, s in zip(dims, shift)]), torch._bridge.to_js([t._h for t in tensors]),
               dt=x._dtype)


_int = builtins.int


def _plain_ints(key):
    """The key as a tuple when it is only plain ints (`x[3]`, `Xb[k, j]`), else None: the commonest index in a
    learner's loops, given a path that skips the general one's work."""
    if type(key) is _int:
        return (key,)
    if type(key) is tuple:
        for k in key:
            if type(k) is not _int:
                return None
        return key
    return None


def _truth(key):
    """A key that is one bool (`x[True]`, a 0-d mask): True or False; else None."""
    if isinstance(key, bool):
        return key
    if isinstance(key, Tensor) and key.dtype is torch.bool and key.dim() == 0:
        return key.item()
    return None


_TENSORS = (Tensor, _Block)


def _int_key(key):
    """`ix` of `dC[ix]` (a 0-dim integer tensor, `ix = Xb[k, j]`) or of `x[ix, 1]` (int64 there) as the int it
    holds: PyTorch reads the same values."""
    i = int_of(key)  # the lecture's loop: a block of Xb, read without a call (torch/_block.py)
    if i is not None:
        return i
    if type(key) in _TENSORS:
        dt = key._dtype or key.dtype
        return key.item() if dt is not torch.bool and not dt.is_floating_point and key.dim() == 0 else key
    if type(key) is tuple:
        for k in key:
            if type(k) in _TENSORS:
                return tuple(k.item() if type(k) in _TENSORS and k.dtype is torch.int64 and k.dim() == 0 else k
                             for k in key)
    return key


def getitem(x, key):
    asked = key
    # _plain_ints(key), written out: `Xb[k, j]`, `dC[ix]` and `demb[k, j]` come here 96 times a training step each
    kind = type(key)
    if kind is tuple:
        ints = key
        for k in key:
            if type(k) is not _int:
                ints = None
                break
    else:
        ints = (key,) if kind is _int else None
    if ints is None:
        i = int_of(key)  # `dC[ix]`: the int ix holds, asked first (hundreds a step; _int_key would ask it too)
        if i is not None:
            ints = (i,)
        else:
            key = _int_key(key)
            ints = _plain_ints(key)
    shape = x._shape if x._shape is not None else x.shape
    if ints is not None and ints and shape:
        b = block(x, ints, x._dtype or x.dtype)
        if b is not None:  # where autograd cannot see it: made when something reads it (torch/_block.py)
            b._key = asked
            return b
        # The core checks the ints (IndexError as PyTorch's) and picks the block: one call.
        r = _op("select", x._h, *ints, dt=x._dtype, fn="SelectBackward0")
        r._shape = Size(shape[len(ints):])
        return r
    truth = _truth(key)
    if truth is not None:  # a new leading dim of size 1, or of size 0
        r = getitem(x, None)
        return r if truth else getitem(r, slice(0, 0))
    if x.dim() == 0 and not builtins.all(k is None or k is Ellipsis for k in (key if isinstance(key, tuple) else (key,))):
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    idx = _as_index_tensor(key) if not isinstance(key, tuple) else None
    if idx is not None:  # (a 0-dim one was read as its int already: _int_key)
        try:
            if x.dim() == 2 and x.dtype.is_floating_point:
                return _op("embedding", x._h, idx._h)
            return _op("index", x._h, idx._h, dt=x._dtype)
        except (RuntimeError, IndexError):
            # The row ops take indices in [0, n): negative ones (or out of range) go the general way, which
            # counts from the end as PyTorch does, or raises its IndexError.
            return _get_advanced(x, *_advanced(x, (idx,)))
    if not isinstance(key, tuple):
        key = (key,)
    if builtins.any(isinstance(k, (Tensor, list, range)) for k in key):
        if builtins.any(isinstance(k, Tensor) and k.dim() == 0 for k in key):
            return getitem(x, tuple(k.item() if isinstance(k, Tensor) and k.dim() == 0 else k for k in key))
        x, key = _new_axes(x, key)
        idx = _pick_pair(x, key) if x.dtype.is_floating_point else None  # the pick op reads floats
        if idx is not None:
            try:
                return _op("pick", x._h, idx._h)
            except (RuntimeError, IndexError):  # negative columns (or out of range): as for rows above
                pass
        return _get_advanced(x, *_advanced(x, key))
    starts, steps, lengths, drops, out_shape = _basic(x, key)
    # One list across to the core, not four: each conversion is a call of its own.
    dropped = set(drops)
    spec = starts + steps + lengths + [1 if d in dropped else 0 for d in range(len(starts))]
    r = _op("slice", x._h, *spec, dt=x._dtype, fn="SelectBackward0" if drops else "SliceBackward0")
    # The slice's shape is known here: asking the core for it would cost a call per index (a loop over
    # `Xb[k, j]` makes hundreds).
    sliced = [n for d, n in enumerate(lengths) if d not in dropped]
    r._shape = Size(sliced)
    if sliced != out_shape:
        r = _op("view", r._h, *out_shape, dt=x._dtype, fn="UnsqueezeBackward0")
        r._shape = Size(out_shape)
    return r


def _offsets(x, key):
    """A handle to the flat offsets that `x[key] = v` writes."""
    idx = _as_index_tensor(key) if not isinstance(key, tuple) else None
    if idx is not None:  # (a 0-dim one was read as its int already: _int_key)
        try:
            return _call(core.rowOffsets, x._h, idx._h)
        except (RuntimeError, IndexError):  # negative or out of range: as in getitem
            key = (idx,)
    if not isinstance(key, tuple):
        key = (key,)
    if builtins.any(isinstance(k, (Tensor, list, range)) for k in key):
        x, key = _new_axes(x, key)
        idx = _pick_pair(x, key)
        if idx is not None:
            try:
                return _call(core.pickOffsets, x._h, idx._h)
            except (RuntimeError, IndexError):  # negative columns (or out of range): the general way
                pass
        basic, dims, tensors = _advanced(x, key)
        starts, steps, lengths, _, _ = _basic(x, tuple(basic))
        return _call(core.indexOffsets, x._h, _js(starts), _js(steps), _js(lengths), _js(dims),
                     torch._bridge.to_js([t._h for t in tensors]))
    starts, steps, lengths, _, _ = _basic(x, tuple(k for k in key if k is not None))
    return _call(core.sliceOffsets, x._h, _js(starts), _js(steps), _js(lengths))


def _indices_ok(key):
    """Whether the key's index tensors are integers and, with its lists, broadcast together (masks aside)."""
    shape = []
    for k in key if isinstance(key, tuple) else (key,):
        if isinstance(k, Tensor) and k.dtype.is_floating_point:
            return False
        if isinstance(k, (list, range)) or (isinstance(k, Tensor) and k.dim() and k.dtype is not torch.bool):
            s = list(k.shape) if isinstance(k, Tensor) else [len(k)]
            n = max(len(shape), len(s))
            a, b = [1] * (n - len(shape)) + shape, [1] * (n - len(s)) + s
            if any(p != q and p != 1 and q != 1 for p, q in zip(a, b)):
                return False
            shape = [max(p, q) if p != 1 and q != 1 else p * q for p, q in zip(a, b)]
    return True


def setitem(x, key, value):
    """x[key] = value: written in place, or, on a tensor autograd tracks, as an index_put op whose result
    takes over the Python object (PyTorch's in-place index_put_ as seen from outside)."""
    if type(value) is _Block and value._base is x:
        # `dC[ix] += v` writing dC[ix] back: its block already holds the sum (a view written into itself). The
        # very key it was read with selects it still, unless the write could have changed the key's own values:
        # an int can't change, nor an integer block of another dtype's storage than x's (dC's ix, a block of Xb).
        k = value._key
        if k is key and (type(k) is _int or (type(k) is _Block and k._dtype is not value._dtype)):
            return
        ints = _plain_ints(key)
        if ints is None:
            ints = _plain_ints(_int_key(key))
        if ints is not None and (value._ints == ints or is_block_of(value, x, ints)):
            return
    if not isinstance(value, (Tensor, int, float, bool)):
        value = torch.tensor(value)
    ints = _plain_ints(key)
    if ints is None:
        key = _int_key(key)
        ints = _plain_ints(key)
    if ints is not None and ints and x.shape and x.dtype in _STORED_AS_IS:
        # Plain ints on a tensor autograd does not track: one call writes the block they select, when the value
        # has its shape (or is a number); a tracked tensor, or a value that must broadcast, goes the general way.
        is_tensor = isinstance(value, Tensor)
        if _write_ints(x._h, value._h if is_tensor else float(value), is_tensor, *ints):
            return
    truth = _truth(key)
    if truth is not None:  # x[True] = v writes all of x; x[False] = v nothing
        if isinstance(key, Tensor) and isinstance(value, Tensor) and value.dtype is not x.dtype:  # an index_put
            word = torch._tensor._type_word
            raise RuntimeError(f"Index put requires the source and destination dtypes match, got {word(x.dtype)} for "
                               f"the destination and {word(value.dtype)} for the source.")
        if truth:
            setitem(x, Ellipsis, value)
        return
    # PyTorch checks, in order: integer index tensors that broadcast (IndexError), the dtypes, then the bounds
    single_mask = isinstance(key, Tensor) and key.dtype is torch.bool and isinstance(value, Tensor) and value.numel() == 1
    if isinstance(value, Tensor) and value.dtype is not x.dtype and not single_mask and _indices_ok(key) and builtins.any(
            isinstance(k, (list, range)) or (isinstance(k, Tensor) and (k.dim() or k.dtype is torch.bool))
            for k in (key if isinstance(key, tuple) else (key,))):
        word = torch._tensor._type_word
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got {word(x.dtype)} for "
                           f"the destination and {word(value.dtype)} for the source.")
    offsets = torch._wrap(_offsets(x, key), torch.int64)
    if x.dtype is torch.bool:  # stored as 0/1 integers: any nonzero value writes True
        value = value != 0 if isinstance(value, Tensor) else bool(value)
    if isinstance(value, Tensor) and value.dim():
        # The writes take the value element by element: one that broadcasts is expanded to the indexed shape first.
        # The lecture's `dlogits[range(n), Yb] -= 1` indexes one element a row, n of them: no need to read them.
        if type(key) is tuple and _pick_pair(x, key) is not None:
            target = [x.shape[0]]
        else:
            with torch.no_grad():
                target = list(getitem(x, key).shape)
        try:
            while value.dim() > len(target) and value.shape[0] == 1:  # leading 1s of the value go, as in PyTorch
                value = value[0]
            value = value if list(value.shape) == target else value.expand(target)
        except RuntimeError:
            if _advanced(x, key if isinstance(key, tuple) else (key,)) is None:
                raise
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(value.shape)} cannot be broadcast to "
                               f"indexing result of shape {target}") from None
    tracked = _GRAD[0] and (x.requires_grad or (isinstance(value, Tensor) and value.requires_grad))
    if not tracked:
        if isinstance(value, Tensor):
            _write_at(x._h, offsets._h, value._h, True)
        else:
            _write_at(x._h, offsets._h, float(value), False)
        return
    if x.is_leaf and x.requires_grad:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    v = value if isinstance(value, Tensor) else torch.tensor(float(value), dtype=x.dtype)
    if not v.dtype.is_floating_point:
        v = v._cast(x.dtype)
    # PyTorch writes through a view for ints, slices and None (its grad_fn CopySlices), and index_put_s for
    # index tensors and lists
    advanced = builtins.any(isinstance(k, (list, range)) or (isinstance(k, Tensor) and (k.dim() or k.dtype is torch.bool))
                            for k in (key if isinstance(key, tuple) else (key,)))
    r = _op("index_put", x._h, offsets._h, v._h, True, fn="IndexPutBackward0" if advanced else _COPY_SLICES)
    torch._adopt(x, r)


_COPY_SLICES = "torch::autograd::CopySlices"  # (its name(); printed as CopySlices: _tensor._GradFn)


Tensor.__getitem__ = getitem
Tensor.__setitem__ = setitem
