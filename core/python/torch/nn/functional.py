"""torch.nn.functional: one_hot, softmax, log_softmax, cross_entropy, and the registry's pointwise ops it has."""
import torch
from torch import _op, _unsupported


def relu(input, inplace=False):
    if inplace:
        raise _unsupported("F.relu(inplace=True)")
    return input.relu()


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False):
    if padding_idx is not None or max_norm is not None or scale_grad_by_freq or sparse:
        raise _unsupported("F.embedding with padding_idx, max_norm, scale_grad_by_freq or sparse")
    r = weight[input]
    r._fn = "EmbeddingBackward0"
    return r


def linear(input, weight, bias=None):
    r = input @ weight.T
    if bias is not None:
        r = r + bias
    if input.dim() == 2:
        r._fn = "AddmmBackward0" if bias is not None else "MmBackward0"
    return r


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05):
    """Composed: (x − mean) / sqrt(var + eps) over the last len(normalized_shape) dims, then weight and bias."""
    shape = [normalized_shape] if isinstance(normalized_shape, int) else list(normalized_shape)
    if list(input.shape[input.dim() - len(shape):]) != shape:
        raise RuntimeError(f"Given normalized_shape={shape}, expected input with shape [*, {', '.join(map(str, shape))}], "
                           f"but got input of size{list(input.shape)}")
    dims = tuple(range(input.dim() - len(shape), input.dim()))
    mean = input.mean(dims, keepdim=True)
    var = input.var(dims, unbiased=False, keepdim=True)
    r = (input - mean) / (var + eps).sqrt()
    if weight is not None:
        r = r * weight
    if bias is not None:
        r = r + bias
    r._fn = "NativeLayerNormBackward0"
    return r


def one_hot(tensor, num_classes=-1):
    if tensor.dtype is not torch.int64:
        raise RuntimeError("one_hot is only applicable to index tensor.")
    if num_classes == -1:
        num_classes = tensor.max().item() + 1 if tensor.numel() else 0
    return _op("one_hot", tensor._h, int(num_classes), dt=torch.float32).long()


def softmax(input, dim=None, dtype=None):
    if dim is None:
        raise _unsupported("F.softmax without dim")
    return input.softmax(dim)


def log_softmax(input, dim=None, dtype=None):
    if dim is None:
        raise _unsupported("F.log_softmax without dim")
    return input.log_softmax(dim)


def cross_entropy(input, target, weight=None, reduction="mean", ignore_index=-100, label_smoothing=0.0):
    if weight is not None:
        raise _unsupported("F.cross_entropy with weight")
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if input.dim() != 2 or target.dim() != 1:
        raise _unsupported(f"F.cross_entropy of shapes {list(input.shape)} and {list(target.shape)} (only [N, C] and [N])")
    if target.shape[0] != input.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size ({target.shape[0]}).")
    if reduction == "mean" and label_smoothing == 0.0:
        return _op("cross_entropy", input._h, target._h)
    # As PyTorch composes them: nll_loss of log_softmax, and with label smoothing the mean over classes mixed in.
    logp = input.log_softmax(1)
    nll = -logp[torch.arange(input.shape[0]), target]
    nll = nll if reduction == "none" else nll.sum() if reduction == "sum" else nll.mean()
    nll._fn = "NllLossBackward0"
    if label_smoothing == 0.0:
        return nll
    smooth = -logp.sum(1)
    smooth = smooth if reduction == "none" else smooth.sum() if reduction == "sum" else smooth.mean()
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / input.shape[1])


def _deprecated(name):
    def function(input):
        import warnings
        warnings.warn(f"nn.functional.{name} is deprecated. Use torch.{name} instead.", UserWarning, stacklevel=2)
        return getattr(torch, name)(input)

    function.__name__ = name
    return function


# The registry's float pointwise ops that torch.nn.functional has too (`F.tanh`), all deprecated there in 1.13.
for _name, _entry in torch._SURFACE["unary"].items():
    if _entry["functional"]:
        globals()[_name] = _deprecated(_name)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise _unsupported(f"torch.nn.functional.{name}")
