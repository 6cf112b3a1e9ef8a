"""A `torch` for Backprop Studio's Python, backed by the app's TypeScript tensor core.

Every Tensor holds an integer handle to a core tensor, and every op is forwarded to the core
(core/notebook/bridge.ts), which stays the one implementation of values, gradients and broadcasting.
Only what backprop-ninja notebooks use is here; anything else raises NotImplementedError naming the
call, never a silent wrong value. Semantics, errors and printing follow PyTorch 1.13.
"""
# One module per concern; this one gathers their public names into `torch` (and the private ones that
# _index.py, _print.py, torch.nn and the runtime use).
from torch._bridge import NotSupported, _call, _js, _rt, _unsupported, core  # noqa: F401
from torch._dtypes import Size, _bool_dtype, dtype, float32, float64, int8, int16, int32, int64  # noqa: F401
from torch._grad_mode import (SKIP_BACKWARD, _GRAD, _set_grad, enable_grad, inference_mode,  # noqa: F401
                              is_grad_enabled, no_grad, set_grad_enabled)
from torch import _generators
from torch._generators import Generator, default_generator, initial_seed, manual_seed  # noqa: F401
from torch._tensor import (GRAD_FN, Tensor, _SURFACE, _adopt, _op, _unary, _wrap,  # noqa: F401
                           return_types)
from torch._factories import (arange, bincount, empty, full, histc, histogram, linspace, multinomial, ones, ones_like, rand, randint, randn, randperm,  # noqa: F401
                              tensor, zeros, zeros_like)
from torch._functions import (abs, add, sub, mul, div, all, bmm, cumsum, allclose, amax, amin, any, logsumexp, where, tril, triu, relu,  # noqa: F401
                              masked_fill, clamp, clip, permute, transpose, flatten, unflatten, split, chunk,
                              squeeze, unsqueeze, reshape, gather, scatter, sort, nonzero, argsort, topk, argmax, cat, clone, equal, is_tensor, log_softmax,  # noqa: F401
                              matmul, max, mean, min, mm, numel, set_printoptions, softmax, stack, std, sum,
                              unbind, var)

__version__ = "1.13.0"

# As in PyTorch, the public classes say they are torch's (the runtime recognises tensors by it).
for _cls in (Tensor, dtype, Size, Generator):
    _cls.__module__ = "torch"

# torch.<name> of the registry's float pointwise ops (torch.tanh, torch.sigmoid, ...), made in _tensor.py.
for _name, _entry in _SURFACE["unary"].items():
    globals()[_name] = _unary(_name, _entry["key"])[1]


def _reset():
    """Called between runs in one interpreter: fresh generators, nothing retained, grad mode on."""
    global default_generator
    default_generator = _generators.reset()
    from torch import _tensor
    from torch._bridge import _dead
    _tensor._retained.clear()
    _tensor._grads.clear()
    _dead.clear()
    _GRAD[0] = True
    core.setGradEnabled(True)


# dtype names that shadow builtins are bound last, so the code above keeps Python's float/int/bool.
float = float32
double = float64
long = int64
int = int32
short = int16
bool = _bool_dtype

from torch import _index  # noqa: E402,F401  (binds Tensor.__getitem__ and __setitem__)
from torch import nn, optim  # noqa: E402
from torch.nn import functional  # noqa: E402


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise _unsupported(f"torch.{name}")
