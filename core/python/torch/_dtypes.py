"""torch's dtypes (float32, float64, int64, bool), how a `dtype=` argument is read, and torch.Size."""
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
_bool_dtype = dtype("bool", False, "bool", 1)
_BY_CORE = {"float32": float32, "float64": float64, "int64": int64}
_ARRAY_CODE = {"float32": "f", "float64": "d", "int64": "i", "bool": "i"}


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
