"""torch's dtypes, how a `dtype=` argument is read, how integer dtypes promote, and torch.Size.

The core stores every integer dtype (and bool) in its int64 storage (Int32Array); the narrower integer dtypes
are PyTorch's names, kept on the Python tensor and carried through ops by the promotion below.
"""
import builtins
import math

from torch._bridge import _bool, _float, _int, _unsupported

class dtype:
    __slots__ = ("name", "is_floating_point", "core", "itemsize")

    def __init__(self, name, is_floating_point, core_name, itemsize):
        self.name = name
        self.is_floating_point = is_floating_point
        self.core = core_name
        self.itemsize = itemsize

    def __repr__(self):
        return "torch." + self.name


float32 = dtype("float32", True, "float32", 4)
float64 = dtype("float64", True, "float64", 8)
int64 = dtype("int64", False, "int64", 8)
int32 = dtype("int32", False, "int32", 4)
int16 = dtype("int16", False, "int16", 2)
int8 = dtype("int8", False, "int8", 1)
_bool_dtype = dtype("bool", False, "bool", 1)
# The dtypes whose values the core stores as they are (bool, int8 and int16 live in its int64s, narrowed by
# Python): the core's one-call reads, writes and in-place ops take only these.
_STORED_AS_IS = (float32, float64, int32, int64)
# The core's dtype from a handle's last two bits (core/notebook/bridge.ts numbers handles so).
_BY_HANDLE = (float32, float64, int64)
_ARRAY_CODE = {"float32": "f", "float64": "d", "int64": "i", "int32": "i", "int16": "i", "int8": "i", "bool": "i"}
# PyTorch's names in messages ("Long") and in Tensor.type() ("torch.LongTensor").
_TYPE_WORD = {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int", "int16": "Short",
              "int8": "Char", "bool": "Bool"}


def _result_type(*operands):
    """torch.result_type of tensors and Python numbers: the highest kind (bool < int < float) decides; within
    it, dimensioned tensors before 0-d ones before Python numbers, and the wider dtype of that group wins (a
    Python number alone gives its kind's default: int64, float32)."""
    parts = []
    for x in operands:
        if isinstance(x, _bool):
            parts.append((2, _bool_dtype))
        elif isinstance(x, _int):
            parts.append((2, int64))
        elif isinstance(x, _float):
            parts.append((2, float32))
        else:
            parts.append((0 if x.dim() else 1, x.dtype))
    kind = builtins.max(_kind(d) for _, d in parts)
    top = [(p, d) for p, d in parts if _kind(d) == kind]
    first = builtins.min(p for p, _ in top)
    return builtins.max((d for p, d in top if p == first), key=lambda d: d.itemsize)


def _kind(d):
    return 2 if d.is_floating_point else 0 if d is _bool_dtype else 1


def _promote_int(a, b):
    """The dtype of integer (or bool) arithmetic between a and b (a Tensor or a Python int), as torch.result_type."""
    return _result_type(a, b)


def _dtype_arg(d, default):
    if d is None:
        return default
    if d is _float:
        return float32
    if d is _int:
        return int64
    if d is _bool:
        return _bool_dtype
    if isinstance(d, dtype):
        return d
    raise _unsupported(f"dtype {d!r}")


class Size(tuple):
    def __repr__(self):
        return "torch.Size([" + ", ".join(str(d) for d in self) + "])"

    __str__ = __repr__

    def numel(self):
        return math.prod(self)
