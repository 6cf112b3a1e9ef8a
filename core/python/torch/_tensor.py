"""torch.Tensor: a handle to a core tensor, with PyTorch's methods, promotion, in-place ops and errors. Each op
goes to the core through `_op`; grad_fn names and the float pointwise ops come from the core's op registry."""
import builtins
import json
import math
import weakref
from array import array
from collections import namedtuple

from torch._bridge import (_Scalar, _assign, _bool, _call, _dead, _float, _int, _js, _python_error, _release_dead, _rt,
                           _unsupported, core, to_js, JsException)
from torch._bridge import _inplace as _inplace_call, _rename_in_place
from torch._dtypes import (_ARRAY_CODE, _BY_HANDLE, _STORED_AS_IS, _TYPE_WORD, _bool_dtype, _kind, _promote_int, _result_type, Size, dtype,
                           float32, float64, int8, int16, int32, int64)
from torch._grad_mode import _GRAD, SKIP_BACKWARD, no_grad
from torch import _stl_order

# --- tensors -------------------------------------------------------------------------------------------

# `t.grad` returns the same object every time, as PyTorch's does (op results are always new handles).
_grads = weakref.WeakValueDictionary()
_retained = weakref.WeakSet()

# The grad_fn class behind every `core.op` key, and the float pointwise ops exposed by themselves, read from the
# core's op registry (core/ops) once: each op is defined there with all of its readings.
_SURFACE = json.loads(core.surface())
GRAD_FN = _SURFACE["gradFn"]
_GRAD_FN_GET = GRAD_FN.get
_core_op = core.op


class _GradFn:
    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name

    def __repr__(self):
        # (C++ classes of autograd's own, as CopySlices, print without their namespace, which name() gives)
        return f"<{self._name.rpartition('::')[2]} object at {hex(id(self))}>"


def _wrap(h, dt=None, fn=None):
    t = Tensor.__new__(Tensor)
    t._h = h
    t._dtype = dt
    t._shape = None
    t._fn = fn
    t._named = False
    return t


def _op(name, *args, dt=None, fn=None):
    # Runs the core's op `name` (placed at the learner's line when autograd may record it) and wraps its result:
    # every op of a learner's loop comes here, and a call is a call more.
    ran = _OPS_RAN
    ran[0] = True
    # Under no_grad nothing becomes part of a graph, so where it ran does not matter (and costs a frame walk).
    if _GRAD[0]:
        cell, line = _rt.loc()
        if ran[1] and cell >= 0:
            # A statement ended since the core last heard: a line below 0 says so (−1 − line).
            ran[1] = False
            line = -1 - line
    else:
        cell, line = -1, 0
    try:
        h = _core_op(name, cell, line, *args)
    except JsException as e:
        raise _python_error(e) from None
    finally:
        if len(_dead) >= 256:
            _release_dead()
    if h < 0:
        # The core made big tensors since the last release: dead ones (a 146 MB temporary, say) go now.
        h = -1 - h
        _release_dead()
    t = _new_tensor(Tensor)
    t._h = h
    t._dtype = dt
    t._shape = None
    t._fn = fn or _GRAD_FN_GET(name)
    t._named = False
    return t


# The runtime's list (the same object for torch's whole life): [0] says an op ran since the last assignment.
_OPS_RAN = _rt.OPS_RAN


def _in_one_call(dt, other):
    """(kind, value) of `other` for the core's one-call in-place op on a tensor of dtype dt: a tensor of dt ("t" and
    its handle), a Python float ("f") or an int in int32's range ("i"); None where Python's general way must do it."""
    if dt not in _STORED_AS_IS:
        return None
    kind = type(other)
    if kind is Tensor:
        return ("t", other._h) if (other._dtype or other.dtype) is dt else None
    if kind is _float:
        return ("f", other)
    if kind is _int and -2147483648 <= other <= 2147483647:
        return ("i", other)
    return None


def _shape_args(size, what):
    if len(size) == 1 and isinstance(size[0], (tuple, list, Size)):
        size = tuple(size[0])
    for d in size:
        if isinstance(d, Tensor):
            d = d.item()
        if not isinstance(d, _int) or isinstance(d, _bool):
            raise TypeError(f"{what}(): argument 'size' must be tuple of ints, but found element of type {type(d).__name__}")
        if d < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {d}: {list(size)}")
    return [_int(d) for d in size]


def _scalar(x):
    if isinstance(x, Tensor):
        return None
    if isinstance(x, _Scalar):
        return x
    return None


def _arithmetic(op, reverse=False):
    """The operator method for op (`a + b` is Tensor.__add__): _binary's commonest cases (two float tensors of one
    dtype, a float tensor and a number) in the method itself, as a learner's loop runs dozens a step."""
    with_number = ("r" if reverse else "") + op + "_s"

    def method(self, other):
        kind = type(other)
        if kind is Tensor:
            dt = self._dtype or self.dtype
            if dt.is_floating_point and (other._dtype or other.dtype) is dt:
                return _op(op, other._h, self._h, dt=dt) if reverse else _op(op, self._h, other._h, dt=dt)
        elif kind is _float or kind is _int:
            dt = self._dtype or self.dtype
            if dt.is_floating_point:
                return _op(with_number, self._h, _float(other), dt=dt)
        return self._binary(op, other, reverse)

    return method


class Tensor:
    # `_param`, set only on torch.nn.Parameter's tensors (unset reads as False), marks a module's parameter.
    # `_grad_seen`: the tensor `.grad` returned last; `_data_seen`: `.data`'s (see there). Both unset until asked.
    __slots__ = ("_h", "_dtype", "_shape", "_fn", "_named", "_param", "_grad_seen", "_data_seen", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise _unsupported("torch.Tensor(...)  (use torch.tensor(...))")

    def __del__(self):
        # Released after the next bridge call, not now: a temporary (`x.view(-1)._h`) dies while its handle
        # is still an argument on its way to the core.
        _dead.add(self._h)

    def _name_as(self, name):
        """Gives this tensor the learner's name, which the core hears when it next reads names (_rt.name_later)."""
        _rt.name_later(self._h, name)

    # facts
    @property
    def dtype(self):
        if self._dtype is None:
            self._dtype = _BY_HANDLE[self._h & 3]  # (its core dtype: bool, int8/16/32 always set _dtype)
        return self._dtype

    @property
    def shape(self):
        if self._shape is None:
            self._shape = Size(core.shape(self._h).to_py())
        return self._shape

    def size(self, dim=None):
        return self.shape if dim is None else self.shape[_norm_dim(dim, self.dim())]

    def dim(self):
        # The handle's bits 2–4 hold the rank (core/notebook/bridge.ts): no call to ask the shape, up to 6 dims.
        if self._shape is None:
            rank = (self._h >> 2) & 7
            if rank < 7:
                return rank
        return len(self.shape)

    @property
    def ndim(self):
        return self.dim()

    def numel(self):
        return math.prod(self.shape)

    nelement = numel

    @property
    def is_floating(self):
        return self.dtype.is_floating_point

    def is_floating_point(self):
        return self.dtype.is_floating_point

    @property
    def device(self):
        return "cpu"

    @property
    def is_leaf(self):
        return _bool(core.isLeaf(self._h))

    @property
    def requires_grad(self):
        return _bool(core.requiresGrad(self._h))

    @requires_grad.setter
    def requires_grad(self, on):
        _call(core.setRequiresGrad, self._h, _bool(on))

    def requires_grad_(self, on=True):
        self.requires_grad = on
        return self

    @property
    def grad_fn(self):
        if core.isLeaf(self._h):
            return None
        return _GradFn(self._fn or "Backward0")

    @property
    def grad(self):
        g = core.grad(self._h)
        if g < 0:
            if not self.is_leaf and self not in _retained:
                import warnings
                warnings.warn(
                    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute "
                    "won't be populated during autograd.backward(). If you indeed want the .grad field to be populated "
                    "for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor.", UserWarning, stacklevel=2)
            return None
        try:
            t = self._grad_seen
            if t._h == g:  # the update loop's `p.grad`, as the step before: no weak dictionary to ask
                return t
        except AttributeError:  # (never asked before)
            pass
        t = _grads.get(g)
        if t is None:
            _dead.discard(g)
            t = _grads[g] = _wrap(g, self.dtype)
        self._grad_seen = t
        return t

    @grad.setter
    def grad(self, g):
        if g is not None and not isinstance(g, Tensor):
            raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type {type(g).__name__}")
        core.setGrad(self._h, -1 if g is None else g._h)

    def retain_grad(self):
        if SKIP_BACKWARD[0]:
            return
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if not self.is_leaf:
            _retained.add(self)

    @property
    def retains_grad(self):
        return self in _retained

    def backward(self, gradient=None, retain_graph=None):
        if SKIP_BACKWARD[0]:
            return
        if gradient is not None:
            raise _unsupported("backward(gradient=...)")
        cell, line = _rt.loc()
        _rt.resolve_pending()
        # The tensors Python let go of since the last release go now: this backward spends the graph before it
        # (core/notebook/spent-graphs.ts), whose results the pool takes at once only if the core knows them
        # released. Otherwise the next steps' ops find the pool empty and make fresh arrays, which only the
        # collector frees: the memory of a long training loop rose and fell by tens of MB.
        _release_dead()
        alive = [t._h for t in _retained]
        _call(core.backward, self._h, to_js(alive), cell, line, _bool(retain_graph))

    @property
    def data(self):
        # The update loop's `p.data += -lr * p.grad` reads p.data, adds into it, and assigns it back: the tensor made
        # the step before serves again while p and it are as they were (it shares p's storage), and assigning it back
        # has nothing to copy. (PyTorch makes a new one each time; only `p.data is p.data` could tell.)
        try:
            h, d, dh = self._data_seen
            if h == self._h and d._h == dh:
                return d
        except AttributeError:  # (never read before)
            pass
        d = _op("detach", self._h, dt=self._dtype)
        self._data_seen = (self._h, d, d._h)
        return d

    @data.setter
    def data(self, other):
        try:
            h, d, dh = self._data_seen
            if other is d and h == self._h and d._h == dh:
                return  # p's own storage: written in place already
        except AttributeError:
            pass
        _assign(self._h, other._h, True)

    def detach(self):
        return _op("detach", self._h, dt=self._dtype)

    # values
    def _values(self):
        code = _ARRAY_CODE[self.dtype.core if self.dtype is not _bool_dtype else "bool"]
        raw = core.toBytes(self._h).to_py()
        values = array(code, bytes(raw)).tolist()
        if self.dtype is _bool_dtype:
            values = [v != 0 for v in values]
        return values

    def item(self):
        v = _call(core.item, self._h)  # (the core raises PyTorch's error for a tensor of other than one element)
        dt = self._dtype or self.dtype
        if dt is _bool_dtype:
            return v != 0
        return _float(v) if dt.is_floating_point else _int(v)

    def tolist(self):
        return _nest(self._values(), list(self.shape))

    def __float__(self):
        return _float(self.item())

    def __int__(self):
        return _int(self.item())

    def __index__(self):
        if self.dtype.is_floating_point or self.numel() != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return _int(self.item())

    def __bool__(self):
        if self.numel() != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return _bool(self.item())

    def __len__(self):
        if self.dim() == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def __iter__(self):
        if self.dim() == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self.shape[0]))

    def __hash__(self):
        return id(self)

    def __repr__(self):
        from torch._print import tensor_repr
        return ("Parameter containing:\n" if getattr(self, "_param", False) else "") + tensor_repr(self)

    __str__ = __repr__

    def __format__(self, spec):
        if self.dim() == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    # conversions
    def float(self):
        return self if self.dtype is float32 else self._cast(float32)

    def double(self):
        return self if self.dtype is float64 else self._cast(float64)

    def long(self):
        return self if self.dtype is int64 else self._cast(int64)

    def int(self):
        return self if self.dtype is int32 else self._cast(int32)

    def short(self):
        return self if self.dtype is int16 else self._cast(int16)

    def char(self):
        return self if self.dtype is int8 else self._cast(int8)

    def bool(self):
        return self != 0

    def to(self, *args, **kwargs):
        target = kwargs.get("dtype")
        for a in args:
            if isinstance(a, dtype):
                target = a
        if target is None:
            return self
        return {float32: self.float, float64: self.double, int64: self.long}.get(target, lambda: self._cast(target))()

    def cpu(self):
        return self

    def _cast(self, dt):
        if dt is _bool_dtype:
            return self != 0
        if self.is_floating and dt.is_floating_point:
            return _op("to_copy", self._h, dt.core, dt=dt)
        if self.dtype is _bool_dtype and not dt.is_floating_point:
            return _wrap(_call(core.op, "cast", -1, 0, self._h, dt.core), dt)
        return _op("cast", self._h, dt.core, dt=dt)

    def type(self, dt=None):
        if dt is None:
            return f"torch.{_TYPE_WORD[self.dtype.name]}Tensor"
        return self.to(dt)

    # arithmetic
    def _binary(self, op, other, reverse=False):
        # (The commonest cases, two float tensors of one dtype and a float tensor with a number, are the operator
        # methods' own: _arithmetic.)
        s = _scalar(other)
        if s is None and not isinstance(other, Tensor):
            return NotImplemented
        if self.dtype is _bool_dtype and (isinstance(s, _bool) or (isinstance(other, Tensor) and other.dtype is _bool_dtype)):
            return _bool_binary(op, self, other, reverse)
        if op == "sub" and (self.dtype is _bool_dtype or isinstance(s, _bool)
                            or (isinstance(other, Tensor) and other.dtype is _bool_dtype)):
            raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
                               "invert a mask, use the `~` or `logical_not()` operator instead.")
        if s is not None:
            if self.is_floating:
                return _op(("r" if reverse else "") + op + "_s", self._h, _float(s))
            if isinstance(s, _float) or op == "div":
                return self.float()._binary(op, other, reverse)
            a, b = (s, self) if reverse else (self, s)
            return _int_arith(op, a, b)
        a, b = (other, self) if reverse else (self, other)
        if a.is_floating and b.is_floating:
            if a.dtype is not b.dtype:  # a 0-d float64 does not widen a float32 tensor: torch.result_type
                dt = _result_type(a, b)
                a, b = (t if t.dtype is dt else t._cast(dt) for t in (a, b))
            return _op(op, a._h, b._h)
        if not a.is_floating and not b.is_floating and op != "div":
            return _int_arith(op, a, b)
        fa = a if a.is_floating else a._cast(b.dtype if b.is_floating else float32)
        fb = b if b.is_floating else b._cast(a.dtype if a.is_floating else float32)
        return _op(op, fa._h, fb._h)

    __add__ = _arithmetic("add")
    __radd__ = _arithmetic("add", True)
    __sub__ = _arithmetic("sub")
    __rsub__ = _arithmetic("sub", True)
    __mul__ = _arithmetic("mul")
    __rmul__ = _arithmetic("mul", True)
    __truediv__ = _arithmetic("div")
    __rtruediv__ = _arithmetic("div", True)

    def __floordiv__(self, o):
        if self.is_floating or isinstance(o, _float) or (isinstance(o, Tensor) and o.is_floating):
            raise _unsupported("// on floating point tensors")
        return _int_arith("floordiv", self, o)

    def __mod__(self, o):
        if self.is_floating or isinstance(o, _float) or (isinstance(o, Tensor) and o.is_floating):
            raise _unsupported("% on floating point tensors")
        return _int_arith("mod", self, o)

    def __pow__(self, e):
        if isinstance(e, Tensor):
            if e.numel() == 1 and not e.requires_grad:
                e = e.item()
            else:
                raise _unsupported("tensor ** tensor")
        if not isinstance(e, _Scalar):
            return NotImplemented
        if not self.is_floating:
            if isinstance(e, _int) and e >= 0:
                dt = _result_type(self, e)  # a bool tensor's power is int64
                return _int_arith("pow", self if self.dtype is dt else self._cast(dt), e)
            if isinstance(e, _int):
                raise RuntimeError("Integers to negative integer powers are not allowed.")
            return self.float() ** e
        return _op("pow", self._h, _float(e))

    def __rpow__(self, base):
        if not isinstance(base, (_int, _float)) or isinstance(base, _bool) or base <= 0:
            raise _unsupported("scalar ** tensor with a base that is not a positive number")
        x = self if self.is_floating else self._cast(float32)
        return _op("rpow_s", x._h, _float(base))

    def __neg__(self):
        if self.dtype is _bool_dtype:
            raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
                               "invert a mask, use the `~` or `logical_not()` operator instead.")
        if not self.is_floating:
            return _int_arith("mul", self, -1)
        return _op("neg", self._h)

    def __invert__(self):
        if self.dtype is _bool_dtype:
            return self._compare("eq", 0)
        if self.is_floating:
            raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
        return _int_arith("sub", -1, self)

    def _logical(self, op, other, reverse=False):
        """& | ^ of bool tensors (and Python bools): logical and, or, xor."""
        o = other if isinstance(other, Tensor) else tensor(other) if isinstance(other, _bool) else None
        if o is None or self.dtype is not _bool_dtype or o.dtype is not _bool_dtype:
            if not isinstance(other, (Tensor, _int)):
                return NotImplemented
            for t in (self, other):
                if isinstance(t, Tensor) and t.is_floating:
                    raise RuntimeError(f'"bitwise_{op}_cpu" not implemented for \'{_type_word(t.dtype)}\'')
            return _int_arith(op, self, other)  # integers: bitwise, promoted as torch.result_type
        if op == "xor":
            return self._compare("ne", o)
        return _int_arith("mul" if op == "and" else "add", self._cast(int64), o._cast(int64)) != 0

    def __and__(self, o): return self._logical("and", o)
    def __rand__(self, o): return self._logical("and", o)
    def __or__(self, o): return self._logical("or", o)
    def __ror__(self, o): return self._logical("or", o)
    def __xor__(self, o): return self._logical("xor", o)
    def __rxor__(self, o): return self._logical("xor", o)

    def __pos__(self):
        return self

    def __abs__(self):
        return self.abs()

    def __matmul__(self, o):
        if not isinstance(o, Tensor):
            return NotImplemented
        a, b = self.dim(), o.dim()
        if not a or not b:
            raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {a}D and {b}D")
        dt = self.dtype
        if dt is not o.dtype:
            raise RuntimeError(f"expected scalar type {_type_word(dt)} but found {_type_word(o.dtype)}")
        if dt is _bool_dtype:
            raise RuntimeError(f'"{"dot" if a == 1 and b == 1 else "addmm_impl_cpu_"}" not implemented for \'Bool\'')
        if not dt.is_floating_point:
            # Integer products carry no gradient: computed in float64 (exact below 2**53) and cast back.
            with no_grad():
                return (self.double() @ o.double())._cast(dt)
        if (a == 1 and b > 2) or (a > 2 and b == 1):
            return _batched_matmul(self, o)  # a vector against a batch: composed (the core's matmul takes matrices)
        # PyTorch's (1.13) names for each pairing of ranks
        fn = "MmBackward0" if a == 2 and b == 2 else "UnsafeViewBackward0" if a > 2 or b > 2 else \
            "MvBackward0" if a == 2 else "SqueezeBackward3" if b == 2 else "DotBackward0"
        if a == 2 and b > 2:
            fn = "CloneBackward0"  # torch computes it as (oᵀ @ selfᵀ)ᵀ, made contiguous
        return _op("matmul", self._h, o._h, dt=dt, fn=fn)

    def __rmatmul__(self, o):
        return NotImplemented

    # in place
    def _inplace(self, op, other):
        # The commonest case in one call (`dC[ix] += v`, `p.data -= lr * g`): the core does it when autograd
        # tracks neither operand and the other is a number or a tensor of self's dtype; else the way below.
        args = _in_one_call(self._dtype or self.dtype, other)
        if args is not None and _inplace_call(op, self._h, *args):
            return self
        if self.requires_grad and _GRAD[0] and self.is_leaf:
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
        # With a gradient (self's, or other's: PyTorch then makes self a non-leaf that requires grad) the op runs
        # out of place, as autograd needs the old value; the Python object (and the learner's name for it) moves
        # to the result, which is what PyTorch's in-place op looks like from outside.
        tracked = _GRAD[0] and (self.requires_grad or (isinstance(other, Tensor) and other.requires_grad))
        if tracked or not _GRAD[0]:
            r = self._binary(op, other)  # (already under no_grad, as a training loop's update is: no switch to make)
        else:
            with no_grad():
                r = self._binary(op, other)
        if r is NotImplemented:
            return NotImplemented
        # Broadcasting may only widen the other operand (a number, or a tensor known to have self's shape, cannot).
        if isinstance(other, Tensor) and not (other._shape is not None and other._shape == self._shape) \
                and r.shape != self.shape:
            raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the broadcast shape {list(r.shape)}")
        if _kind(r.dtype) > _kind(self.dtype):  # float into an int tensor, int into a bool one
            raise RuntimeError(f"result type {_type_word(r.dtype)} can't be cast to the desired output type "
                               f"{_type_word(self.dtype)}")
        if not tracked:
            _assign(self._h, r._h, True)
            return self
        # self keeps its dtype (a float32 tensor += a float64 one stays float32)
        return _adopt(self, r if r.dtype is self.dtype else r._cast(self.dtype))

    def __iadd__(self, o): return self._inplace("add", o)
    def __isub__(self, o): return self._inplace("sub", o)
    def __imul__(self, o): return self._inplace("mul", o)
    def __itruediv__(self, o): return self._inplace("div", o)
    def _fused(self, a, b):
        """self + a·b rounded once, as PyTorch's `add(alpha=)` and `addcmul` kernels compute it (an FMA); None where
        autograd must see the ops, or the operands are not float tensors of self's dtype and shape."""
        tensors = [t for t in (self, a, b) if isinstance(t, Tensor)]
        if (_GRAD[0] and builtins.any(t.requires_grad for t in tensors)) or not isinstance(a, Tensor) or \
                builtins.any(t.dtype is not self.dtype or t.shape != self.shape for t in tensors) or not self.is_floating:
            return None
        bt = isinstance(b, Tensor)
        return _wrap(_call(core.op, "fma", -1, 0, a._h, b._h if bt else _float(b), bt, self._h), self.dtype)

    def _assign_fused(self, a, b, fallback):
        r = self._fused(a, b)
        if r is None:
            return self._inplace("add", fallback())
        _assign(self._h, r._h, True)
        return self

    def add_(self, o, alpha=1):
        return self._inplace("add", o) if alpha == 1 else self._assign_fused(o, alpha, lambda: o * alpha)

    def sub_(self, o, alpha=1):
        return self._inplace("sub", o) if alpha == 1 else self._assign_fused(o, -alpha, lambda: o * -alpha)

    def add(self, o, alpha=1):
        r = self._fused(o, alpha) if alpha != 1 else None
        return r if r is not None else self + (o if alpha == 1 else o * alpha)

    def sub(self, o, alpha=1):
        r = self._fused(o, -alpha) if alpha != 1 else None
        return r if r is not None else self - (o if alpha == 1 else o * alpha)

    def mul(self, o): return self * o
    def div(self, o): return self / o

    def addcmul_(self, tensor1, tensor2, value=1):
        scaled = tensor1 * value if value != 1 else tensor1
        return self._assign_fused(scaled, tensor2, lambda: scaled * tensor2)

    def addcdiv_(self, tensor1, tensor2, value=1):
        return self._inplace("add", (tensor1 * value if value != 1 else tensor1) / tensor2)
    def mul_(self, o): return self._inplace("mul", o)
    def div_(self, o): return self._inplace("div", o)

    def _writable(self, what):
        if self.requires_grad and _GRAD[0]:
            if self.is_leaf:
                raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
            raise _unsupported(f"{what} on a tensor that autograd tracks")

    def zero_(self):
        return self.fill_(0)

    def fill_(self, value):
        self._writable("fill_")
        _assign(self._h, _float(value), False)
        return self

    def copy_(self, src):
        self._writable("copy_")
        _assign(self._h, src._h, True)
        return self

    def normal_(self, mean=0, std=1, *, generator=None):
        if std < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
        return self._draw(core.normal, "normal_", "normal_kernel_cpu", mean, std, generator)

    def uniform_(self, from_=0, to=1, *, generator=None):
        if from_ > to:
            raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={from_:g} > to={to:g}")
        return self._draw(core.uniform, "uniform_", "check_uniform_bounds", from_, to, generator)

    def bernoulli_(self, p=0.5, *, generator=None):
        """1 where a double uniform draw is below p, as PyTorch's CPU bernoulli_distribution<double> (one draw each)."""
        if isinstance(p, Tensor):
            raise _unsupported("Tensor.bernoulli_ with a tensor of probabilities")
        if not 0 <= p <= 1:
            raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p:g}")
        self._writable("bernoulli_")
        from torch._generators import _gen
        g = _gen(generator, "Tensor.bernoulli_")
        u = _wrap(_call(core.uniform, g, _js(self.shape), 0.0, 1.0, "float64"), float64)
        _assign(self._h, (u < p)._cast(self.dtype if self.dtype is not _bool_dtype else int64)._h, True)
        return self

    def _draw(self, draw, what, kernel, a, b, generator):
        """Fills self from the generator in place, as torch's CPU kernels draw (core/random/torch-generator.ts)."""
        if not self.is_floating:
            raise RuntimeError(f"\"{kernel}\" not implemented for '{_type_word(self.dtype)}'")
        self._writable(what)
        from torch._generators import _gen
        g = _gen(generator, f"Tensor.{what}")
        r = _wrap(_call(draw, g, _js(self.shape), _float(a), _float(b), self.dtype.core), self.dtype)
        _assign(self._h, r._h, True)
        return self

    def index_add_(self, dim, index, source):
        self._writable("index_add_")
        with no_grad():
            r = self.index_add(dim, index, source)
        _assign(self._h, r._h, True)
        return self

    # gather / scatter: index tensors along one dim, the others taken position by position
    def _along(self, dim, index, what):
        """The key x[a0, ..., index, ..., ak] that gather and scatter read or write: aranges over the other dims,
        shaped to broadcast with index, and index at dim."""
        if not isinstance(index, Tensor) or index.is_floating or index.dtype is _bool_dtype:
            raise RuntimeError(f"{what}(): Expected dtype int64 for index")
        d = _norm_dim(dim, self.dim())
        if index.dim() != self.dim():
            raise RuntimeError(f"Index tensor must have the same number of dimensions as {'input' if what == 'gather' else 'self'} tensor")
        key = []
        for i, n in enumerate(index.shape):
            if i == d:
                key.append(index)
            else:
                if n > self.shape[i]:
                    raise RuntimeError(f"Size does not match at dimension {i} expected index {list(index.shape)} to be smaller "
                                       f"than self {list(self.shape)} apart from dimension {d}")
                key.append(tensor(list(range(n)), dtype=int64).view([n if j == i else 1 for j in range(self.dim())]))
        return tuple(key)

    def gather(self, dim, index):
        r = self[self._along(dim, index, "gather")]
        r._fn = "GatherBackward0"
        return r

    def _order(self, dim, row_order, m=None):
        """The indices row_order gives each slice along dim (m of them; all by default)."""
        d = _norm_dim(dim, self.dim())
        x = self.detach()
        moved = x.transpose(d, -1) if d != self.dim() - 1 and self.dim() > 1 else x
        n = moved.shape[-1] if moved.dim() else 1
        flat = moved.reshape(-1)._values()
        rows = [flat[i:i + n] for i in range(0, len(flat), n)] if n else []
        shape = list(moved.shape)
        if shape:
            shape[-1] = n if m is None else m
        idx = tensor([j for r in rows for j in row_order(r)], dtype=int64).view(shape)
        return (idx.transpose(d, -1) if d != self.dim() - 1 and self.dim() > 1 else idx), d

    @staticmethod
    def _sorting(descending, stable):
        """A row's sort order: PyTorch's std::sort (ties as it leaves them), or stable; NaN above every number."""
        if not stable:
            return lambda r: _stl_order.sorted_indices(r, descending)
        if descending:
            return lambda r: sorted(range(len(r)), key=lambda j: (0, 0.0) if r[j] != r[j] else (1, -r[j]))
        return lambda r: sorted(range(len(r)), key=lambda j: (1, 0.0) if r[j] != r[j] else (0, r[j]))

    def sort(self, dim=-1, descending=False, stable=False):
        idx, d = self._order(dim, Tensor._sorting(descending, stable))
        values = self.gather(d, idx) if self.dim() else self.clone()
        values._fn = "SortBackward0"
        return return_types.sort(values, idx)

    def argsort(self, dim=-1, descending=False, stable=False):
        return self._order(dim, Tensor._sorting(descending, stable))[0]

    def topk(self, k, dim=-1, largest=True, sorted=True):
        if self.dtype is _bool_dtype:
            raise RuntimeError('"topk_cpu" not implemented for \'Bool\'')
        d = _norm_dim(dim, self.dim())
        if k > (self.shape[d] if self.dim() else 1) or k < 0:
            raise RuntimeError("selected index k out of range")
        idx, d = self._order(dim, lambda r: _stl_order.topk_indices(r, k, largest, sorted), k)
        values = self.gather(d, idx)
        values._fn = "TopkBackward0"
        return return_types.topk(values, idx)

    def bincount(self, weights=None, minlength=0):
        from torch._factories import bincount
        return bincount(self, weights, minlength)

    def histc(self, bins=100, min=0, max=0):
        from torch._factories import histc
        return histc(self, bins, min, max)

    def scatter_(self, dim, index, src=None, value=None, reduce=None):
        if reduce is not None:
            raise _unsupported(f"Tensor.scatter_(reduce={reduce!r})")
        src = value if src is None else src
        self._writable("scatter_")
        key = self._along(dim, index, "scatter")
        if isinstance(src, Tensor):
            if src.dim() != index.dim():
                raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
            src = src[tuple(slice(0, n) for n in index.shape)]
        from torch._index import setitem
        setitem(self, key, src)
        return self

    def scatter(self, dim, index, src=None, value=None, reduce=None):
        if self.requires_grad or (isinstance(src, Tensor) and src.requires_grad):
            raise _unsupported("Tensor.scatter on tensors that require grad")
        return self.clone().scatter_(dim, index, src, value, reduce)

    def index_add(self, dim, index, source):
        """Along any dim of any rank: the core adds rows of a 2-D [size, rest] view, so dim is moved first and
        the rest flattened (ints and bools added in float64, exact below 2**53, and cast back)."""
        d = _norm_dim(dim, self.dim())
        if index.dim() > 1 or source.dim() != self.dim() or any(
                a != b for i, (a, b) in enumerate(zip(self.shape, source.shape)) if i != d) or (
                source.dim() and source.shape[d] != index.numel()):
            raise RuntimeError(f"index_add_(): Expected self.dim() == source.dim() and the shapes to agree except at "
                               f"dim {d}, got {list(self.shape)} and {list(source.shape)}")
        x, src = (self, source) if self.is_floating else (self.double(), source.double())
        flat = self.dim() != 2 or d != 0  # the lecture's dC.index_add_(0, ...) stays one op in the graph
        if flat:
            x, src = (x.reshape(1), src.reshape(1)) if not self.dim() else (x.transpose(0, d), src.transpose(0, d))
            moved = list(x.shape)
            x, src = x.reshape(moved[0], -1), src.reshape(src.shape[0], -1)
        r = _op("index_add", x._h, 0, index.view(-1)._h, src._h)
        if flat:
            r = r.reshape(moved)
            r = r.reshape(list(self.shape)) if not self.dim() else r.transpose(0, d)
            r._fn = "IndexAddBackward0"
        return r if self.is_floating else r.to(self.dtype)

    def nonzero(self, as_tuple=False):
        from torch._index import _nonzero
        columns = _nonzero((self.detach() != 0).reshape(-1) if not self.dim() else self.detach() != 0)
        if as_tuple:
            return tuple(columns)
        rows = [v for row in zip(*(c.tolist() for c in columns)) for v in row] if self.dim() else []
        # A 0-d tensor has one row per nonzero and no columns, as in PyTorch.
        return tensor(rows, dtype=int64).view(columns[0].numel(), self.dim())

    # comparisons (bool results, no gradient)
    def _compare(self, op, other):
        if isinstance(other, Tensor):
            return _wrap(_call(core.op, "compare", -1, 0, op, self._h, True, other._h, True), _bool_dtype)
        if isinstance(other, _Scalar):
            return _wrap(_call(core.op, "compare", -1, 0, op, self._h, True, _float(other), False), _bool_dtype)
        return NotImplemented

    def __eq__(self, o): return self._compare("eq", o)
    def __ne__(self, o): return self._compare("ne", o)
    def __lt__(self, o): return self._compare("lt", o)
    def __le__(self, o): return self._compare("le", o)
    def __gt__(self, o): return self._compare("gt", o)
    def __ge__(self, o): return self._compare("ge", o)

    # pointwise (the float ones the registry lists are added below the class, see _unary)
    def abs(self):
        if not self.is_floating:
            return _int_arith("abs", self, 0)
        return _op("abs", self._h)

    def pow(self, e):
        return self ** e

    def cumsum(self, dim, dtype=None):
        if dtype is not None:
            from torch._dtypes import _dtype_arg
            return self.to(_dtype_arg(dtype, None)).cumsum(dim)
        d = _norm_dim(dim, self.dim())
        if self.is_floating:
            return _op("cumsum", self._h, d)
        # Integer (and bool) running sums are int64, as PyTorch's; float64 holds the core's int32 range exactly.
        with no_grad():
            return _op("cumsum", self.double()._h, d).long()

    def softmax(self, dim):
        return self._softmax("softmax", dim)

    def log_softmax(self, dim):
        return self._softmax("log_softmax", dim)

    def _softmax(self, name, dim):
        d = _norm_dim(dim, self.dim())
        if not self.is_floating:
            last = d == builtins.max(self.dim() - 1, 0)
            kernel = f"{name}_lastdim_kernel_impl" if last else "softmax_kernel_impl"  # PyTorch names it so for both
            raise RuntimeError(f'"{kernel}" not implemented for \'{_type_word(self.dtype)}\'')
        return _op(name, self._h, _int(dim))

    # reductions
    def sum(self, dim=None, keepdim=False, dtype=None, keepdims=None):
        keepdim = _keep(keepdim, keepdims)
        x = self if self.is_floating or dtype is not None else self._cast(int64)
        if not x.is_floating:
            return _int_sum(x, dim, keepdim)
        return _reduce(x, "sum", dim, keepdim, "SumBackward0", "SumBackward1")

    def mean(self, dim=None, keepdim=False, keepdims=None):
        keepdim = _keep(keepdim, keepdims)
        if not self.is_floating:
            raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: " + _type_word(self.dtype))
        return _reduce(self, "mean", dim, keepdim, "MeanBackward0", "MeanBackward1")

    def max(self, dim=None, keepdim=False, keepdims=None):
        return self._extremum("max", dim, _keep(keepdim, keepdims))

    def min(self, dim=None, keepdim=False, keepdims=None):
        return self._extremum("min", dim, _keep(keepdim, keepdims))

    def _extremum(self, which, dim, keepdim):
        x = self if self.is_floating else self._cast(float32)
        if isinstance(dim, Tensor):
            raise _unsupported(f"torch.{which}imum of two tensors (Tensor.{which}(other))")
        if dim is None:
            if x.numel() == 0:
                raise RuntimeError(f"{which}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
            r = _op("a" + which, x._h, None, False, fn=("MaxBackward1" if which == "max" else "MinBackward1"))
            return r if self.is_floating else r._cast(self.dtype)
        d = _norm_dim(dim, x.dim())
        _nonempty(x, which, (dim,))
        values = _op(which, x._h, d, _bool(keepdim))
        indices = _wrap(_call(core.op, "arg" + which, -1, 0, x._h, d, _bool(keepdim)), int64)
        if not self.is_floating:
            values = values._cast(self.dtype)
        return (return_types.max if which == "max" else return_types.min)(values, indices)

    # selection by a mask (torch.where and what is made of it)
    def masked_fill(self, mask, value):
        # The result keeps self's dtype: the value is cast to it (-1.5 fills an int tensor with -1, 0.5 a bool with True).
        if isinstance(value, Tensor):
            value = value._cast(self.dtype)
        elif self.dtype is _bool_dtype:
            value = _bool(value)
        elif not self.is_floating:
            value = _int(value)
        return _where(mask, value, self, "MaskedFillBackward0")

    def masked_fill_(self, mask, value):
        self._writable("masked_fill_")
        with no_grad():
            r = self.masked_fill(mask, value)
        _assign(self._h, r._h, True)
        return self

    def _triangle(self, diagonal, lower):
        if self.dim() < 2:
            raise RuntimeError(f"{'tril' if lower else 'triu'}: input tensor must have at least 2 dimensions")
        rows, cols = self.shape[-2], self.shape[-1]
        offset = tensor(list(range(cols))).view(1, cols) - tensor(list(range(rows))).view(rows, 1)
        keep = offset <= diagonal if lower else offset >= diagonal
        zero = False if self.dtype is _bool_dtype else 0  # of self's kind, so the dtype stays
        return _where(keep, self, zero, "TrilBackward0" if lower else "TriuBackward0")

    def tril(self, diagonal=0):
        return self._triangle(_int(diagonal), True)

    def triu(self, diagonal=0):
        return self._triangle(_int(diagonal), False)

    def relu(self):
        if self.dtype is _bool_dtype:
            raise RuntimeError("Boolean inputs not supported for relu")
        return _where(self > 0, self, 0, "ReluBackward0")

    def clamp(self, min=None, max=None):
        if min is None and max is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        r = self
        if min is not None:
            r = _where(r < min, min, r, "ClampBackward1")
        if max is not None:
            r = _where(r > max, max, r, "ClampBackward1")
        return r

    clip = clamp

    def clamp_min(self, min):
        r = self.clamp(min=min)
        r._fn = "ClampMinBackward0"
        return r

    def clamp_max(self, max):
        r = self.clamp(max=max)
        r._fn = "ClampMaxBackward0"
        return r

    def amax(self, dim=(), keepdim=False):
        return self._even_extremum("amax", dim, keepdim)

    def amin(self, dim=(), keepdim=False):
        return self._even_extremum("amin", dim, keepdim)

    def _even_extremum(self, name, dim, keepdim):
        x = self if self.is_floating else self._cast(float32)
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        if not dims:  # every dim, named (None is x.max()'s, whose gradient treats NaN its own way)
            r = _op(name, x._h, _js(list(range(x.dim()))), _bool(keepdim))
        else:
            norm = sorted({_norm_dim(d, x.dim()) for d in dims})
            if len(norm) != len(dims):
                raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
            _nonempty(x, name, dims)
            r = _op(name, x._h, _js(norm), _bool(keepdim))
        return r if self.is_floating else r._cast(self.dtype)

    def argmax(self, dim=None, keepdim=False):
        if self.dtype is _bool_dtype and (dim is None or not self.dim() or self.shape[_norm_dim(dim, self.dim())] != 1):
            raise RuntimeError('"argmax_cpu" not implemented for \'Bool\'')  # (a dim of size 1 needs no kernel)
        if dim is None and not self.numel():
            raise IndexError("argmax(): Expected reduction dim to be specified for input.numel() == 0.")
        x = self if self.is_floating else self._cast(float32)
        if dim is None:
            return _wrap(_call(core.op, "argmax", -1, 0, x.view(-1)._h, 0, False), int64)
        d = _norm_dim(dim, x.dim())
        _nonempty(x, "argmax", (dim,))
        return _wrap(_call(core.op, "argmax", -1, 0, x._h, d, _bool(keepdim)), int64)

    def var(self, dim=None, unbiased=True, keepdim=False, correction=None, keepdims=None):
        keepdim = _keep(keepdim, keepdims)
        if correction is not None:
            unbiased = correction == 1
        if isinstance(dim, _bool):
            unbiased, dim = dim, None
        if not self.is_floating:
            raise RuntimeError("std and var only support floating point and complex dtypes")
        if dim is None:
            r = _var_all(self, unbiased, False)
            if r is not None:
                return r
            return _op("var", self.view(-1)._h, 0, False, _bool(unbiased))
        if isinstance(dim, (tuple, list)):
            return _var_dims(self, dim, unbiased, keepdim)
        return _op("var", self._h, _norm_dim(dim, self.dim()), _bool(keepdim), _bool(unbiased))

    def logsumexp(self, dim, keepdim=False):
        x = self if self.is_floating else self._cast(float32)
        dims = sorted({_norm_dim(d, x.dim()) for d in (dim if isinstance(dim, (tuple, list)) else (dim,))})
        # The max is a constant for the gradient, as PyTorch's is: d logsumexp = softmax, exactly.
        with no_grad():
            m = x.amax(dims, keepdim=True)
        r = (x - m).exp().sum(tuple(dims), keepdim=True).log() + m
        r = r if keepdim else r.view([n for i, n in enumerate(x.shape) if i not in dims])
        r._fn = "LogsumexpBackward0"
        return r

    def std(self, dim=None, unbiased=True, keepdim=False, correction=None, keepdims=None):
        if dim is None and correction is None and self.is_floating:
            r = _var_all(self, unbiased, True)
            if r is not None:
                return r
        r = self.var(dim, unbiased, keepdim, correction, keepdims).sqrt()
        r._fn = "StdBackward0"
        return r

    def all(self):
        return tensor(builtins.all(self.view(-1)._values()))

    def any(self):
        return tensor(builtins.any(self.view(-1)._values()))

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        from torch._functions import allclose
        return allclose(self, other, rtol, atol, equal_nan)

    # shape
    def view(self, *shape):
        shape = _shape_or_infer(shape)
        return _op("view", self._h, *shape, dt=self._dtype)

    def reshape(self, *shape):
        shape = _shape_or_infer(shape)
        return _op("view", self._h, *shape, fn="ReshapeAliasBackward0", dt=self._dtype)

    def view_as(self, other):
        return self.view(other.shape)

    def unsqueeze(self, dim):
        d = _norm_dim(dim, self.dim() + 1)
        s = list(self.shape)
        s.insert(d, 1)
        return _op("view", self._h, *s, fn="UnsqueezeBackward0", dt=self._dtype)

    def squeeze(self, dim=None):
        s = list(self.shape)
        if dim is None:
            s = [d for d in s if d != 1]
        else:
            d = _norm_dim(dim, self.dim())
            if s[d] == 1:
                del s[d]
        return _op("view", self._h, *s, fn="SqueezeBackward0", dt=self._dtype)

    def flatten(self, start_dim=0, end_dim=-1):
        if self.dim() == 0:
            return self.reshape(1)
        s, e = _norm_dim(start_dim, self.dim()), _norm_dim(end_dim, self.dim())
        if s > e:
            raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
        if s == e:
            return self
        shape = list(self.shape)
        return self.reshape(shape[:s] + [math.prod(shape[s:e + 1])] + shape[e + 1:])

    def unflatten(self, dim, sizes):
        d = _norm_dim(dim, self.dim())
        shape = list(self.shape)
        return self.view(shape[:d] + list(sizes) + shape[d + 1:])

    def permute(self, *dims):
        dims = _shape_or_infer(dims)
        if len(dims) != self.dim():
            raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the length of "
                               f"the desired ordering of dimensions i.e. input.dim() = {self.dim()} is not equal to len(dims) = {len(dims)}")
        norm = [_norm_dim(d, self.dim()) for d in dims]
        if len(set(norm)) != len(norm):
            raise RuntimeError("permute(): duplicate dims are not allowed.")
        return _op("permute", self._h, _js(norm), dt=self._dtype)

    def transpose(self, dim0, dim1):
        order = list(range(self.dim()))
        a, b = _norm_dim(dim0, self.dim()), _norm_dim(dim1, self.dim())
        order[a], order[b] = order[b], order[a]
        r = self.permute(order)
        r._fn = "TransposeBackward0"
        return r

    swapaxes = transpose

    def expand(self, *sizes):
        sizes = _shape_or_infer(sizes)
        lead = len(sizes) - self.dim()
        if lead < 0:
            raise RuntimeError(f"expand(torch.FloatTensor{{{list(self.shape)}}}, size={sizes}): the number of sizes provided "
                               f"({len(sizes)}) must be greater or equal to the number of dimensions in the tensor ({self.dim()})")
        shape = [self.shape[i - lead] if n == -1 and i >= lead else n for i, n in enumerate(sizes)]
        for i, n in enumerate(self.shape):
            if n != 1 and n != shape[i + lead]:
                raise RuntimeError(f"The expanded size of the tensor ({shape[i + lead]}) must match the existing size ({n}) at "
                                   f"non-singleton dimension {i + lead}.  Target sizes: {sizes}.  Tensor sizes: {list(self.shape)}")
        x = self.view([1] * lead + list(self.shape)) if lead else self
        if list(x.shape) == shape:
            return x
        return _op("expand", x._h, *shape, dt=self._dtype, fn="ExpandBackward0")

    def expand_as(self, other):
        return self.expand(other.shape)

    def repeat(self, *sizes):
        sizes = _shape_or_infer(sizes)
        if len(sizes) < self.dim():
            raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
        shape = [1] * (len(sizes) - self.dim()) + list(self.shape)
        spread = builtins.sum(([1, n] for n in shape), [])
        tiled = builtins.sum(([r, n] for r, n in zip(sizes, shape)), [])
        r = self.reshape(spread).expand(tiled).reshape([r * n for r, n in zip(sizes, shape)])
        r._fn = "RepeatBackward0"
        return r

    def split(self, split_size, dim=0):
        d = _norm_dim(dim, self.dim())
        n = self.shape[d]
        sizes = list(split_size) if isinstance(split_size, (list, tuple)) else \
            [builtins.min(split_size, n - i) for i in range(0, n, split_size)] if split_size > 0 else [n]
        if builtins.sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size at dimension "
                               f"{d}), but got split_sizes={sizes}")
        out, at = [], 0
        for s in sizes:
            piece = self[(slice(None),) * d + (slice(at, at + s),)]
            piece._fn = "SplitWithSizesBackward0" if isinstance(split_size, (list, tuple)) else "SplitBackward0"
            out.append(piece)
            at += s
        return tuple(out)

    def chunk(self, chunks, dim=0):
        d = _norm_dim(dim, self.dim())
        n = self.shape[d]
        if n == 0:  # as PyTorch: `chunks` empty pieces
            return tuple(self[(slice(None),) * d + (slice(0, 0),)] for _ in range(chunks))
        return self.split(builtins.max(1, -(-n // chunks)), dim)

    @property
    def T(self):
        if self.dim() != 2:
            if self.dim() < 2:
                return self
            return self.permute(list(range(self.dim()))[::-1])
        return _op("transpose", self._h, fn="PermuteBackward0", dt=self._dtype)

    def t(self):
        if self.dim() < 2:
            return self
        if self.dim() > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self.dim()}D")
        return _op("transpose", self._h, dt=self._dtype)

    def clone(self):
        return _op("clone", self._h, dt=self._dtype)

    def contiguous(self):
        return self

    # indexing
    # __getitem__ and __setitem__ are torch._index's getitem and setitem (bound there, as they import torch).

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise _unsupported(f"Tensor.{name}")


_new_tensor = Tensor.__new__


def _var_all(x, unbiased, root):
    """x.var() over every element (x.std() with `root`) in one call, where autograd does not see it (`(lr *
    p.grad).std()` in a training loop: no flat view made, var and sqrt in the core); None where it does."""
    if _GRAD[0] and x.requires_grad:
        return None
    return _op("var_all", x._h, _bool(unbiased), _bool(root), dt=x._dtype)


def _unary(name, key):
    """Tensor.<name>() and torch.<name>(x) of a float pointwise op of the registry: integer and bool inputs are
    computed in float32, as PyTorch promotes them."""
    def method(self):
        x = self if self.is_floating else self._cast(float32)
        return _op(key, x._h)

    def function(input):
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
        return method(input)

    method.__name__ = function.__name__ = name
    return method, function


for _name, _entry in _SURFACE["unary"].items():
    setattr(Tensor, _name, _unary(_name, _entry["key"])[0])


def _adopt(t, r):
    """t takes over r's core tensor (and the learner's name for t moves with it): an in-place op done out of place."""
    _rename_in_place(t._h, r._h)
    old = t._h
    t._h, t._fn, t._shape, t._dtype = r._h, r._fn, r._shape, r._dtype
    r._h = old
    return t


def _type_word(dt):
    return _TYPE_WORD[dt.name]


def _keep(keepdim, keepdims):
    return _bool(keepdims if keepdims is not None else keepdim)


def _norm_dim(dim, rank):
    dim = _int(dim)
    r = builtins.max(rank, 1)
    if dim < -r or dim >= r:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {dim})")
    return dim + r if dim < 0 else dim


def _reduce(x, name, dim, keepdim, fn_all, fn_dim):
    if dim is None:
        return _op(name, x._h, None, False, fn=fn_all)
    if isinstance(dim, (tuple, list)):
        dims = sorted((_norm_dim(d, x.dim()) for d in dim), reverse=True)
        if name == "mean":
            n = math.prod(x.shape[d] if x.dim() else 1 for d in dims)
            r = x.sum(tuple(dims), keepdim) / n
            r._fn = fn_dim
            return r
        r = x
        for d in dims:
            r = _op(name, r._h, d, _bool(keepdim), fn=fn_dim)
        return r
    return _op(name, x._h, _norm_dim(dim, x.dim()), _bool(keepdim), fn=fn_dim)


def _batched_matmul(a, b):
    """a @ b with batch dims that broadcast (the core multiplies 2-D matrices, and N-D by 2-D): every product
    a[..., i, k] * b[..., k, j] broadcast, summed over k; a 1-D side is a row (or column) dropped after."""
    x = a.unsqueeze(0) if a.dim() == 1 else a
    y = b.unsqueeze(-1) if b.dim() == 1 else b
    if x.shape[-1] != y.shape[-2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{y.shape[0] if y.dim() > 2 else 1}, {x.shape[-1]}] but got: "
                           f"[{y.shape[0] if y.dim() > 2 else 1}, {y.shape[-2]}].")
    r = (x.unsqueeze(-1) * y.unsqueeze(-3)).sum(-2)
    r = r.squeeze(-2) if a.dim() == 1 else r
    r = r.squeeze(-1) if b.dim() == 1 else r
    r._fn = "CloneBackward0" if a.dim() == 2 else "UnsafeViewBackward0"  # PyTorch's names for these paths
    return r


def _nonempty(x, name, dims):
    """PyTorch's error for a max/min-like reduction over a dim of size 0 (an empty result has no value to give)."""
    for d in dims:
        if x.dim() and x.shape[_norm_dim(d, x.dim())] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _where(cond, a, b, fn="WhereBackward0"):
    """torch.where(cond, a, b): a and b tensors or Python numbers, promoted together as torch.result_type."""
    if not isinstance(cond, Tensor) or cond.dtype is not _bool_dtype:
        raise RuntimeError("where expected condition to be a boolean tensor, but got a tensor with dtype "
                           + (_type_word(cond.dtype) if isinstance(cond, Tensor) else type(cond).__name__))
    dt = _result_type(a, b)
    at, bt = (x._cast(dt) if isinstance(x, Tensor) else tensor(x, dtype=dt) for x in (a, b))
    if not dt.is_floating_point:
        # Integer selections carry no gradient: computed in float64 (exact) and cast back.
        with no_grad():
            # (held in names: a temporary's handle may be released by the next bridge call, here bt.double())
            ad, bd = at.double(), bt.double()
            r = _op("where", cond._h, ad._h, bd._h)
        return r._cast(dt)
    r = _op("where", cond._h, at._h, bt._h)
    r._fn = fn
    return r


def _var_dims(x, dims, unbiased, keepdim):
    """var over several dims. Adjacent dims (BatchNorm's (0, 1) on 3-D input) are one dim of a view, so the
    core's var computes it, as PyTorch does; others are composed from primitives (the mean squared deviation)."""
    ds = sorted({_norm_dim(d, x.dim()) for d in dims})
    shape = list(x.shape)
    out = [1 if i in ds else n for i, n in enumerate(shape)] if keepdim else [n for i, n in enumerate(shape) if i not in ds]
    if ds == list(range(ds[0], ds[-1] + 1)):
        lead, mid, tail = math.prod(shape[:ds[0]]), math.prod(shape[ds[0]:ds[-1] + 1]), math.prod(shape[ds[-1] + 1:])
        r = _op("var", x.view(lead, mid, tail)._h, 1, True, _bool(unbiased)).view(out)
    else:
        n = math.prod(shape[d] for d in ds)
        centred = x - x.mean(tuple(ds), keepdim=True)
        r = (centred * centred).sum(tuple(ds), keepdim=keepdim) / builtins.max(0, n - 1 if unbiased else n)
    r._fn = "VarBackward0"
    return r


def _bool_binary(op, a, b, reverse=False):
    """bool with bool stays bool, as PyTorch computes it: + is or, * is and; − is refused; / goes to float."""
    if op == "sub":
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    if op == "div":
        return a.float()._binary("div", b if isinstance(b, Tensor) else _float(b), reverse)
    bi = b._cast(int64) if isinstance(b, Tensor) else _int(b)
    return _int_arith(op, a._cast(int64), bi) != 0


def _int_arith(op, a, b):
    if op == "abs":
        if a.dtype is _bool_dtype:
            raise RuntimeError('"abs_cpu" not implemented for \'Bool\'')
        return a - (a < 0)._cast(a.dtype) * a * 2
    if op == "pow":
        r = a
        for _ in range(b - 1):
            r = _int_arith("mul", r, a)
        return r if b > 0 else ones_like(a)
    if op == "div":
        raise AssertionError("int division goes through float")
    at, bt = isinstance(a, Tensor), isinstance(b, Tensor)
    h = _call(core.op, "int_arith", -1, 0, op, a._h if at else _int(a), at, b._h if bt else _int(b), bt)
    return _narrow(_wrap(h, _promote_int(a, b)))


def _narrow(t):
    """int8 and int16 values live in the core's wider integers: wrapped to their width, as PyTorch's overflow."""
    return t._cast(t.dtype) if t.dtype is int8 or t.dtype is int16 else t


def _int_sum(x, dim, keepdim):
    if dim is None:
        return tensor(builtins.sum(x.view(-1)._values()))
    # Summed in float64, exact for the int32 range the core stores integers in, then back to int64.
    with no_grad():
        return x.double().sum(dim, keepdim).long()


def _shape_or_infer(shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list, Size)):
        shape = tuple(shape[0])
    return [_int(d) for d in shape]


def _nest(flat, shape):
    if not shape:
        return flat[0]
    if len(shape) == 1:
        return flat
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def _return_type(name, fields=("values", "indices")):
    base = namedtuple(name, fields)

    def __repr__(self):
        inner = ",\n".join(f"{f}={getattr(self, f)!r}" for f in fields)
        return f"torch.return_types.{name}(\n{inner})"

    return type(name, (base,), {"__slots__": (), "__repr__": __repr__, "__module__": "torch.return_types"})


class return_types:
    max = _return_type("max")
    min = _return_type("min")
    histogram = _return_type("histogram", ("hist", "bin_edges"))
    sort = _return_type("sort")
    topk = _return_type("topk")



# Factories build Tensors, and Tensor methods build tensors with them: imported last, once Tensor exists.
from torch._factories import ones_like, tensor  # noqa: E402
