"""torch.nn.functional: one_hot, softmax, log_softmax, cross_entropy, and the registry's pointwise ops it has."""
import torch
from torch import _op, _unsupported


def relu(input, inplace=False):
    if inplace:
        raise _unsupported("F.relu(inplace=True)")
    return input.relu()


def gelu(input, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    if not input.is_floating:
        raise RuntimeError(f"\"GeluKernelImpl\" not implemented for '{torch._tensor._type_word(input.dtype)}'")
    return _op("gelu", input._h, approximate)


def dropout(input, p=0.5, training=True, inplace=False):
    """PyTorch 1.13's CPU dropout: input · (bernoulli(1 − p) / (1 − p)), its noise drawn on the generator's stream."""
    if p < 0 or p > 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if inplace:
        raise _unsupported("F.dropout(inplace=True)")
    if not training or p == 0 or input.numel() == 0:
        return input
    if p == 1:
        return input * torch.zeros((), dtype=input.dtype)
    noise = torch.empty(input.shape, dtype=input.dtype).bernoulli_(1 - p)
    return input * (noise / (1 - p))


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


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05):
    """Composed: over every dim but 1, batch statistics when training (the running ones updated as PyTorch's:
    momentum·batch + (1 − momentum)·running, the variance unbiased), the running ones otherwise."""
    dims = tuple(d for d in range(input.dim()) if d != 1)
    shape = [1, input.shape[1]] + [1] * (input.dim() - 2)
    if training:
        n = input.numel() // input.shape[1]
        if n <= 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {input.shape}")
        mean = input.mean(dims, keepdim=True)
        var = input.var(dims, unbiased=False, keepdim=True)
        if running_mean is not None:
            with torch.no_grad():
                running_mean.copy_(mean.view(-1) * momentum + running_mean * (1 - momentum))
                running_var.copy_(input.var(dims, unbiased=True).view(-1) * momentum + running_var * (1 - momentum))
    else:
        mean, var = running_mean.view(shape), running_var.view(shape)
    r = (input - mean) / (var + eps).sqrt()
    if weight is not None:
        r = r * weight.view(shape)
    if bias is not None:
        r = r + bias.view(shape)
    r._fn = "NativeBatchNormBackward0"
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


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Composed: the squared difference, then its mean or sum (reduction='none' keeps it)."""
    if size_average is not None or reduce is not None:
        raise _unsupported("F.mse_loss with size_average or reduce")
    if target.shape != input.shape:
        import warnings
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the same "
                      "size.", UserWarning, stacklevel=2)
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    d = input - target
    r = d * d
    r = r.mean() if reduction == "mean" else r.sum() if reduction == "sum" else r
    r._fn = "MseLossBackward0"
    return r


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
