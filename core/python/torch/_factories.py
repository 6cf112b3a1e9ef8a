"""Tensor factories: torch.tensor from nested data, zeros/ones/full/empty(_like), arange, and the random ones on
torch's generators (randn, rand, randint, multinomial)."""
import builtins
import itertools
import math
from fractions import Fraction
from array import array

from torch._bridge import _Scalar, _bool, _call, _float, _int, _js, _unsupported, core, to_js
from torch._dtypes import _ARRAY_CODE, _TYPE_WORD, _bool_dtype, _dtype_arg, float32, int64
from torch._generators import _gen
from torch._tensor import Tensor, _narrow, _shape_args, _wrap

_SEQUENCES = frozenset((list, tuple))
_NUMBERS = frozenset((_int, _float, _bool))


def _regular(data):
    """(shape, flat values) of nested lists/tuples of numbers with a regular shape, level by level; None otherwise.
    (Checked a level at a time with set(map(...)), which loops in C: `torch.tensor(X)` of a dataset's 182,000
    rows would otherwise run a Python loop over each of them.)"""
    shape, level = [], [data]
    while level and isinstance(level[0], (list, tuple)):
        n = len(level[0])
        if not set(map(type, level)) <= _SEQUENCES or set(map(len, level)) != {n}:
            if not builtins.all(isinstance(x, (list, tuple)) and len(x) == n for x in level):
                return None
        shape.append(n)
        level = list(itertools.chain.from_iterable(level))
    if not set(map(type, level)) <= _NUMBERS and not builtins.all(isinstance(v, _Scalar) for v in level):
        return None
    return shape, level


def _inferred_dtype(values):
    """torch.tensor's dtype for these numbers: bool if all are, int64 if all are ints (bools among them), else float32."""
    kinds = set(map(type, values))
    if not kinds <= _NUMBERS:  # subclasses of int or float: ask each
        kinds = {_bool if isinstance(v, _bool) else _int if isinstance(v, _int) else _float for v in values}
    if not values or _float in kinds:
        return float32
    return _bool_dtype if kinds == {_bool} else int64


def _flatten(data, shape, out, depth=0):
    if isinstance(data, Tensor):
        values = data._values()
        if depth == len(shape):
            shape.extend(data.shape)
        out.extend(values)
        return
    if isinstance(data, (list, tuple)):
        if depth == len(shape):
            shape.append(len(data))
        elif shape[depth] != len(data):
            raise ValueError(f"expected sequence of length {shape[depth]} at dim {depth} (got {len(data)})")
        for x in data:
            _flatten(x, shape, out, depth + 1)
        return
    if isinstance(data, _Scalar):
        if depth != len(shape):
            raise ValueError("expected a sequence, got a number")
        out.append(data)
        return
    raise TypeError(f"Could not infer dtype of {type(data).__name__}")


def _from_values(values, shape, dt):
    code = _ARRAY_CODE[dt.core if dt is not _bool_dtype else "bool"]
    try:
        buf = array(code, values)
    except OverflowError:
        raise _unsupported("integer values beyond 32 bits") from None
    except TypeError:
        buf = array(code, [_float(v) if dt.is_floating_point else _int(v) for v in values])
    h = _call(core.fromBytes, to_js(buf.tobytes()), _js(shape), "int64" if dt is _bool_dtype else dt.core)
    return _narrow(_wrap(h, dt))


def tensor(data, dtype=None, device=None, requires_grad=False):
    if isinstance(data, Tensor):
        import warnings
        warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or "
                      "sourceTensor.clone().detach().requires_grad_(True), rather than torch.tensor(sourceTensor).",
                      UserWarning, stacklevel=2)
    fast = _regular(data) if isinstance(data, (list, tuple)) else None
    if fast is not None:
        shape, values = fast
    else:
        shape, values = [], []
        _flatten(data, shape, values)
    if dtype is None:
        dt = data.dtype if isinstance(data, Tensor) else _inferred_dtype(values)
    else:
        dt = _dtype_arg(dtype, float32)
    t = _from_values(values, shape, dt)
    if requires_grad:
        t.requires_grad = True
    return t


def _factory(values_fn, size, dtype, requires_grad, what, default=None):
    shape = _shape_args(size, what)
    dt = _dtype_arg(dtype, default or float32)
    t = values_fn(shape, dt)
    if requires_grad:
        t.requires_grad = True
    return t


def _full(shape, value, dt):
    return _narrow(_wrap(_call(core.full, _js(shape), _float(value), "int64" if dt is _bool_dtype else dt.core), dt))


def zeros(*size, dtype=None, device=None, requires_grad=False):
    return _factory(lambda s, dt: _full(s, 0, dt), size, dtype, requires_grad, "zeros")


def ones(*size, dtype=None, device=None, requires_grad=False):
    return _factory(lambda s, dt: _full(s, 1, dt), size, dtype, requires_grad, "ones")


def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    default = float32 if isinstance(fill_value, _float) else int64 if isinstance(fill_value, _int) else float32
    return _factory(lambda s, dt: _full(s, fill_value, dt), (size,), dtype, requires_grad, "full", default)


def zeros_like(t, dtype=None, requires_grad=False):
    return zeros(t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad)


def ones_like(t, dtype=None, requires_grad=False):
    return ones(t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad)


def empty(*size, dtype=None, device=None, requires_grad=False):
    return zeros(*size, dtype=dtype, requires_grad=requires_grad)


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False):
    if end is None:
        start, end = 0, start
    ints = builtins.all(isinstance(v, _int) for v in (start, end, step))
    dt = _dtype_arg(dtype, int64 if ints else float32)
    return _wrap(_call(core.arange, start, end, step, dt.core), dt)


def _random(kind, size, generator, dtype, requires_grad):
    dt = _dtype_arg(dtype, float32)
    if not dt.is_floating_point:
        raise RuntimeError(f'"{"normal_kernel_cpu" if kind == "randn" else "check_uniform_bounds"}" not implemented for \'{_TYPE_WORD[dt.name]}\'')
    shape = _shape_args(size, kind)
    g = _gen(generator, f"torch.{kind}")
    draw = core.normal if kind == "randn" else core.uniform
    t = _wrap(_call(draw, g, _js(shape), 0, 1, dt.core), dt)
    if requires_grad:
        t.requires_grad = True
    return t


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False):
    return _random("randn", size, generator, dtype, requires_grad)


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False):
    return _random("rand", size, generator, dtype, requires_grad)


def randint(*args, generator=None, dtype=None, device=None, requires_grad=False, low=None, high=None, size=None):
    args = list(args)
    if size is None:
        size = args.pop()
    if high is None:
        high = args.pop() if args else None
    if low is None:
        low = args.pop() if args else 0
    if high is None:
        raise TypeError("randint() missing required argument 'high'")
    shape = _shape_args((size,), "randint")
    g = _gen(generator, "torch.randint")
    return _wrap(_call(core.randint, g, _int(low), _int(high), _js(shape)), int64)


def randperm(n, generator=None, dtype=None, device=None, requires_grad=False):
    if dtype is not None and _dtype_arg(dtype, int64) is not int64:
        raise _unsupported(f"torch.randperm with dtype={dtype!r}")
    g = _gen(generator, "torch.randperm")
    return _wrap(_call(core.randperm, g, _int(n)), int64)


def _f32(v):
    """v rounded to float32, as a float32 kernel's every step is."""
    return array("f", [v])[0]


def _fma32(a, b, c):
    """float32 a·b + c rounded once, as an FMA instruction: a·b of float32s is exact in a double, and the double
    sum can only mislead the float32 rounding when it lands on a float32 midpoint, where its remainder decides."""
    p = a * b
    s = p + c
    v = s - p
    err = (p - (s - v)) + (c - v)
    r = _f32(s)
    if err == 0 or r == s or _f32(2 * s - r) != 2 * s - r:
        return r
    return _f32(math.nextafter(s, math.inf if err > 0 else -math.inf))


def _linspace_values(start, end, steps, single):
    """PyTorch's CPU linspace: the first half counts up from start, the second down from end, so both ends are
    exact. Its kernel (GCC fuses `start + step * i` into an FMA there) fills blocks of two vectors (8 floats or 4
    doubles each), each from its first value plus j·step, and the tail one by one."""
    r = _f32 if single else _float
    start, end = r(start), r(end)
    if steps == 1:
        return [start]
    step = r(r(end - start) / (steps - 1))
    half = steps // 2
    fma = _fma32 if single else lambda a, b, c: _float(Fraction(a) * b + Fraction(c))

    def at(i):
        return fma(step, i, start) if i < half else fma(-step, steps - i - 1, end)

    lanes = 8 if single else 4
    vector_end = steps - steps % (2 * lanes)
    out = []
    for p in range(0, vector_end, lanes):
        base = at(p)
        out.extend(r(base + r(step * j)) for j in range(lanes))
    out.extend(at(i) for i in range(vector_end, steps))
    return out


def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    dt = _dtype_arg(dtype, float32)
    if not dt.is_floating_point:
        raise _unsupported(f"torch.linspace with dtype={dt!r}")
    steps = _int(steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    t = _from_values(_linspace_values(_float(start), _float(end), steps, dt is float32) if steps else [], [steps], dt)
    if requires_grad:
        t.requires_grad = True
    return t


def histogram(input, bins=100, *, range=None, weight=None, density=False):
    """torch.histogram with a number of equal bins over the data's range (or `range`), as its CPU kernel counts:
    a bin by linear interpolation, checked against the edges, the last bin closed."""
    from torch._tensor import return_types
    if not isinstance(bins, _int) or weight is not None:
        raise _unsupported("torch.histogram with explicit bin edges or weights")
    if not input.is_floating:
        raise RuntimeError(f"torch.histogram: input tensor and bins tensors should have the same dtype, but got input {input.dtype} and bins {input.dtype}")
    single = input.dtype is float32
    r = _f32 if single else _float
    values = input.detach().view(-1)._values()
    lo, hi = (r(range[0]), r(range[1])) if range is not None else \
        (r(builtins.min(values)), r(builtins.max(values))) if values else (0.0, 0.0)
    if lo == hi:
        lo, hi = r(lo - 0.5), r(hi + 0.5)
    edges = _linspace_values(lo, hi, bins + 1, single)
    hist = [0.0] * bins
    for v in values:
        if not (lo <= v <= hi):
            continue
        pos = _int(r(r(r(v - lo) * bins) / r(hi - lo)))
        pos = builtins.min(pos, bins - 1)
        if pos > 0 and v < edges[pos]:
            pos -= 1
        elif pos < bins - 1 and v >= edges[pos + 1]:
            pos += 1
        hist[pos] += 1.0
    if density:
        total = builtins.sum(hist)
        # As PyTorch: divided by the count, then by each bin's width, each step rounded.
        hist = [r(r(h / total) / r(edges[i + 1] - edges[i])) if total else _float("nan") for i, h in enumerate(hist)]
    return return_types.histogram(_from_values(hist, [bins], input.dtype), _from_values(edges, [bins + 1], input.dtype))


def histc(input, bins=100, min=0, max=0):
    """torch.histc: the counts of torch.histogram over [min, max] (the data's range when both are 0)."""
    lo, hi = _float(min), _float(max)
    if lo == hi == 0:
        values = input.detach().view(-1)._values()
        lo, hi = (builtins.min(values), builtins.max(values)) if values else (0.0, 0.0)
    if lo > hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    return histogram(input, bins, range=(lo, hi)).hist


def bincount(input, weights=None, minlength=0):
    if weights is not None:
        raise _unsupported("torch.bincount with weights")
    if input.dim() != 1 or input.is_floating:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    values = input._values()
    if values and builtins.min(values) < 0:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    counts = [0] * builtins.max(_int(minlength), (builtins.max(values) + 1) if values else 0)
    for v in values:
        counts[v] += 1
    return _from_values(counts, [len(counts)], int64)


def multinomial(input, num_samples, replacement=False, generator=None):
    if input.dim() not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    g = _gen(generator, "torch.multinomial")
    return _wrap(_call(core.multinomial, g, input.float()._h, _int(num_samples), _bool(replacement)), int64)
