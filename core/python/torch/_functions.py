"""The torch.* functions that are not factories: cat, stack, reductions and friends as functions of a tensor."""
import builtins

from torch._bridge import _bool, _call, _float, _unsupported, core, to_js
from torch._dtypes import _result_type, float64
from torch._grad_mode import no_grad
from torch._tensor import Tensor, _norm_dim, _op, _where

def cat(tensors, dim=0, _fn=None):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    if not builtins.all(isinstance(t, Tensor) for t in tensors):
        raise TypeError("expected Tensor as element 0 in argument 0, but got " + type(tensors[0]).__name__)
    if not builtins.all(t.is_floating for t in tensors):
        dt = _result_type(*tensors)
        if dt.is_floating_point:
            tensors = [t if t.dtype is dt else t._cast(dt) for t in tensors]
        else:
            # Integers and bools carry no gradient: joined in float64 (exact below 2**53) and cast back.
            with no_grad():
                return cat([t.double() for t in tensors], dim)._cast(dt)
    d = _norm_dim(dim, tensors[0].dim())
    return _op("cat", to_js([t._h for t in tensors]), d, fn=_fn)


def stack(tensors, dim=0):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for i, t in enumerate(tensors[1:], 1):
        if t.shape != tensors[0].shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(tensors[0].shape)} at entry 0 "
                               f"and {list(t.shape)} at entry {i}")
    d = _norm_dim(dim, tensors[0].dim() + 1)
    return cat([t.unsqueeze(d) for t in tensors], d, _fn="StackBackward0")


def unbind(x, dim=0):
    d = _norm_dim(dim, x.dim())
    return tuple(x[(slice(None),) * d + (i,)] for i in range(x.shape[d]))


def is_tensor(x):
    return isinstance(x, Tensor)


def numel(x):
    return x.numel()


def abs(x): return x.abs()
def softmax(x, dim): return x.softmax(dim)
def log_softmax(x, dim): return x.log_softmax(dim)
def matmul(a, b): return a @ b
def mm(a, b): return a @ b


def bmm(input, mat2):
    for name, t in (("batch1", input), ("batch2", mat2)):
        if t.dim() != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")
    if mat2.shape[0] != input.shape[0] or mat2.shape[1] != input.shape[2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{input.shape[0]}, "
                           f"{input.shape[2]}] but got: [{mat2.shape[0]}, {mat2.shape[1]}].")
    if not (input.is_floating and mat2.is_floating):
        raise _unsupported("torch.bmm of integer tensors")
    return _op("bmm", input._h, mat2._h)


def clone(x): return x.clone()
def argmax(x, dim=None, keepdim=False): return x.argmax(dim, keepdim)
def cumsum(input, dim, dtype=None): return input.cumsum(dim, dtype)
def add(input, other, alpha=1): return input.add(other, alpha=alpha)
def sub(input, other, alpha=1): return input.sub(other, alpha=alpha)
def mul(input, other): return input * other
def div(input, other): return input / other


def sum(x, dim=None, keepdim=False, dtype=None):
    return x.sum(dim, keepdim, dtype)


def mean(x, dim=None, keepdim=False):
    return x.mean(dim, keepdim)


def max(x, dim=None, keepdim=False):
    return x.max(dim, keepdim)


def min(x, dim=None, keepdim=False):
    return x.min(dim, keepdim)


def var(x, dim=None, unbiased=True, keepdim=False):
    return x.var(dim, unbiased, keepdim)


def std(x, dim=None, unbiased=True, keepdim=False):
    return x.std(dim, unbiased, keepdim)


def amax(input, dim=(), keepdim=False):
    return input.amax(dim, keepdim)


def amin(input, dim=(), keepdim=False):
    return input.amin(dim, keepdim)


def logsumexp(input, dim, keepdim=False):
    return input.logsumexp(dim, keepdim)


def where(condition, input, other):
    return _where(condition, input, other)


def tril(input, diagonal=0): return input.tril(diagonal)
def triu(input, diagonal=0): return input.triu(diagonal)
def relu(input): return input.relu()
def masked_fill(input, mask, value): return input.masked_fill(mask, value)


def clamp(input, min=None, max=None):
    return input.clamp(min, max)


clip = clamp


def permute(input, dims): return input.permute(dims)
def transpose(input, dim0, dim1): return input.transpose(dim0, dim1)
def flatten(input, start_dim=0, end_dim=-1): return input.flatten(start_dim, end_dim)
def unflatten(input, dim, sizes): return input.unflatten(dim, sizes)
def split(tensor, split_size_or_sections, dim=0): return tensor.split(split_size_or_sections, dim)
def chunk(input, chunks, dim=0): return input.chunk(chunks, dim)
def squeeze(input, dim=None): return input.squeeze(dim)
def unsqueeze(input, dim): return input.unsqueeze(dim)
def reshape(input, shape): return input.reshape(shape)


def gather(input, dim, index): return input.gather(dim, index)
def scatter(input, dim, index, src=None, value=None): return input.scatter(dim, index, src, value)


def sort(input, dim=-1, descending=False, stable=False): return input.sort(dim, descending, stable)
def argsort(input, dim=-1, descending=False, stable=False): return input.argsort(dim, descending, stable)
def nonzero(input, *, as_tuple=False): return input.nonzero(as_tuple=as_tuple)
def topk(input, k, dim=-1, largest=True, sorted=True): return input.topk(k, dim, largest, sorted)


def all(x):
    return x.all()


def any(x):
    return x.any()


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    if equal_nan:
        raise _unsupported("allclose(equal_nan=True)")
    return _bool(_call(core.allclose, input._h, other._h, _float(rtol), _float(atol)))


def equal(a, b):
    return a.shape == b.shape and _bool((a == b).all())


def set_printoptions(**kwargs):
    raise _unsupported("torch.set_printoptions")
