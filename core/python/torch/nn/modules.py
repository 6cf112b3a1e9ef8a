"""torch.nn's Module and Parameter, the layers the course's later lectures use, and the containers, composed in
Python from the ops torch already has (so the graph and the player see the primitive ops). Initialisation draws
from the generator as PyTorch 1.13's layers do (nn/init.py), and a model prints as PyTorch prints it.

A Parameter is a plain Tensor marked as one (`_param`): the runtime names, checks and draws it like any tensor.
A module's parameters, buffers and submodules live in `_parameters`, `_buffers` and `_modules` as in PyTorch,
and are mirrored as ordinary attributes, so the runtime finds `model.fc.weight` by walking attributes.
"""
import math
import sys

import torch
from torch import _unsupported
from torch.nn import functional as F, init


class _ParameterType(type):
    def __instancecheck__(cls, x):
        return isinstance(x, torch.Tensor) and getattr(x, "_param", False)


class Parameter(metaclass=_ParameterType):
    """nn.Parameter(data): a leaf sharing data's values that requires grad (isinstance(p, nn.Parameter) holds)."""

    def __new__(cls, data=None, requires_grad=True):
        p = (torch.empty(0) if data is None else data).detach()
        p._param = True
        p.requires_grad_(requires_grad)
        return p


Parameter.__module__ = "torch.nn.parameter"

# Module methods of PyTorch's that are not here: calling one says so, rather than AttributeError.
_MISSING = {"state_dict", "load_state_dict", "cuda", "half", "bfloat16", "to_empty", "register_forward_hook",
            "register_forward_pre_hook", "register_full_backward_hook", "register_backward_hook", "share_memory",
            "get_submodule", "get_parameter", "get_buffer"}


# How deep in module calls Python is: only the outermost call, from the learner's code, names parameters.
_calls = [0]


class Module:
    training = True

    def __init__(self):
        for name in ("_parameters", "_buffers", "_modules"):
            object.__setattr__(self, name, {})
        object.__setattr__(self, "training", True)

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args, **kwargs):
        if not _calls[0]:
            self._name_parameters(sys._getframe(1).f_globals)
        _calls[0] += 1
        try:
            return self.forward(*args, **kwargs)
        finally:
            _calls[0] -= 1

    def _name_parameters(self, scope):
        """Gives the graph the learner's names for the parameters of a model called from their code:
        `model[0].weight`, `model.layers[1].bias`, from the global the model is bound to."""
        unnamed = [(n, p) for n, p in self.named_parameters() if not p._named]
        root = next((k for k, v in scope.items() if v is self and not k.startswith("_")), None) if unnamed else None
        for name, p in unnamed if root is not None else ():
            p._named = True
            torch.core.name(p._h, root + "".join(f"[{k}]" if k.isdigit() else f".{k}" for k in name.split(".")))

    # attributes: parameters, buffers and submodules are registered as they are assigned
    def _registry(self, name):
        d = self.__dict__.get(name)
        if d is None:
            what = {"_parameters": "parameters", "_modules": "module", "_buffers": "buffers"}[name]
            raise AttributeError(f"cannot assign {what} before Module.__init__() call")
        return d

    def _forget(self, name):
        for registry in ("_parameters", "_buffers", "_modules"):
            self.__dict__.get(registry, {}).pop(name, None)

    def __setattr__(self, name, value):
        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            registry = self._registry("_parameters")
            self._forget(name)
            registry[name] = value
        elif isinstance(value, Module):
            registry = self._registry("_modules")
            self._forget(name)
            registry[name] = value
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{_typename(value)}' as parameter '{name}' "
                                "(torch.nn.Parameter or None expected)")
            params[name] = None
        elif name in self.__dict__.get("_modules", {}):
            if value is not None:
                raise TypeError(f"cannot assign '{_typename(value)}' as child module '{name}' "
                                "(torch.nn.Module or None expected)")
            self._modules[name] = None
        elif name in self.__dict__.get("_buffers", {}):
            if value is not None and not isinstance(value, torch.Tensor):
                raise TypeError(f"cannot assign '{_typename(value)}' as buffer '{name}' "
                                "(torch.Tensor or None expected)")
            self._buffers[name] = value
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        self._forget(name)
        object.__delattr__(self, name)

    def __getattr__(self, name):
        if name in _MISSING:
            raise _unsupported(f"nn.Module.{name}")
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def register_parameter(self, name, param):
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                            "(torch.nn.Parameter or None required)")
        self._forget(name)
        self._registry("_parameters")[name] = param
        object.__setattr__(self, name, param)

    def register_buffer(self, name, tensor, persistent=True):
        self._forget(name)
        self._registry("_buffers")[name] = tensor
        object.__setattr__(self, name, tensor)

    def add_module(self, name, module):
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{_typename(module)} is not a Module subclass")
        self._forget(name)
        self._registry("_modules")[name] = module
        object.__setattr__(self, name, module)

    register_module = add_module

    # walking the tree
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        memo = set() if memo is None else memo
        if self in memo and remove_duplicate:
            return
        memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is not None:
                yield from module.named_modules(memo, prefix + ("." if prefix else "") + name, remove_duplicate)

    def modules(self):
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        seen = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self):
        for _, module in self.named_children():
            yield module

    def _named_members(self, registry, prefix, recurse):
        seen = set()
        modules = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for module_prefix, module in modules:
            for name, value in getattr(module, registry).items():
                if value is None or id(value) in seen:
                    continue
                seen.add(id(value))
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(self, prefix="", recurse=True):
        yield from self._named_members("_parameters", prefix, recurse)

    def parameters(self, recurse=True):
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True):
        yield from self._named_members("_buffers", prefix, recurse)

    def buffers(self, recurse=True):
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    # modes and gradients
    def train(self, mode=True):
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=False):
        """PyTorch 1.13's default zeroes each gradient in place; set_to_none=True drops them."""
        for p in self.parameters():
            _zero_grad(p, set_to_none)

    def apply(self, fn):
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def to(self, *args, **kwargs):
        if any(isinstance(a, torch.dtype) for a in args) or "dtype" in kwargs:
            raise _unsupported("nn.Module.to(dtype)")
        return self

    def cpu(self):
        return self

    # printing, as PyTorch prints a module
    def extra_repr(self):
        return ""

    def _get_name(self):
        return type(self).__name__

    def __repr__(self):
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({name}): " + _indent(repr(module), 2) for name, module in self._modules.items()]
        lines = extra_lines + child_lines
        body = ""
        if lines:
            body = extra_lines[0] if len(extra_lines) == 1 and not child_lines else "\n  " + "\n  ".join(lines) + "\n"
        return f"{self._get_name()}({body})"

    def __dir__(self):
        return sorted(set(dir(type(self))) | set(self.__dict__))


def _typename(v):
    """torch.typename: a tensor's type(), else the class with its module (builtins bare)."""
    if isinstance(v, torch.Tensor):
        return v.type()
    module = getattr(v, "__module__", None)
    prefix = f"{module}." if module not in (None, "builtins") else ""
    return prefix + getattr(v, "__qualname__", getattr(v, "__name__", type(v).__name__))


def _indent(text, spaces):
    first, *rest = text.split("\n")
    return "\n".join([first] + [" " * spaces + line for line in rest])


def _zero_grad(p, set_to_none):
    if p.grad is None:
        return
    if set_to_none:
        p.grad = None
    else:
        p.grad.zero_()


# --- layers ------------------------------------------------------------------------------------------------

class Linear(Module):
    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(torch.empty(out_features, in_features, dtype=dtype))
        if bias:
            self.bias = Parameter(torch.empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        # PyTorch's: kaiming_uniform_ with a = √5 (a bound of 1/√fan_in), then the bias within the same bound.
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class Embedding(Module):
    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
                 scale_grad_by_freq=False, sparse=False, _weight=None, device=None, dtype=None):
        super().__init__()
        if padding_idx is not None or max_norm is not None or scale_grad_by_freq or sparse:
            raise _unsupported("nn.Embedding with padding_idx, max_norm, scale_grad_by_freq or sparse")
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.padding_idx = None
        if _weight is None:
            self.weight = Parameter(torch.empty(num_embeddings, embedding_dim, dtype=dtype))
            init.normal_(self.weight)
        else:
            self.weight = Parameter(_weight)

    def forward(self, input):
        return F.embedding(input, self.weight)

    def extra_repr(self):
        return f"{self.num_embeddings}, {self.embedding_dim}"


class LayerNorm(Module):
    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, device=None, dtype=None):
        super().__init__()
        self.normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(torch.ones(self.normalized_shape, dtype=dtype))
            self.bias = Parameter(torch.zeros(self.normalized_shape, dtype=dtype))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class BatchNorm1d(Module):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None,
                 dtype=None):
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = Parameter(torch.ones(num_features, dtype=dtype))
            self.bias = Parameter(torch.zeros(num_features, dtype=dtype))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", torch.zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", torch.ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", torch.tensor(0))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)

    def forward(self, input):
        if input.dim() not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {input.dim()}D input)")
        if self.momentum is None:
            raise _unsupported("nn.BatchNorm1d(momentum=None)")
        batch_stats = self.training or not self.track_running_stats
        if self.training and self.track_running_stats:
            self.num_batches_tracked += 1
        return F.batch_norm(input, self.running_mean if not self.training or self.track_running_stats else None,
                            self.running_var if not self.training or self.track_running_stats else None,
                            self.weight, self.bias, batch_stats, self.momentum, self.eps)

    def extra_repr(self):
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"track_running_stats={self.track_running_stats}")


def _activation(name, fn, doc):
    cls = type(name, (Module,), {"forward": lambda self, input: fn(input), "__doc__": doc})
    cls.__module__ = __name__
    return cls


Tanh = _activation("Tanh", torch.tanh, "nn.Tanh(): torch.tanh elementwise.")
ReLU = _activation("ReLU", torch.relu, "nn.ReLU(): torch.relu elementwise.")
Sigmoid = _activation("Sigmoid", torch.sigmoid, "nn.Sigmoid(): torch.sigmoid elementwise.")


class GELU(Module):
    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class Dropout(Module):
    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Flatten(Module):
    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Identity(Module):
    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


# --- containers --------------------------------------------------------------------------------------------

def _index(i, n):
    if not -n <= i < n:
        raise IndexError(f"index {i} is out of range")
    return i + n if i < 0 else i


class _Container(Module):
    """What Sequential and ModuleList share: their modules in order, named by position when appended."""
    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self


class Sequential(_Container):
    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], dict):
            for name, module in args[0].items():
                self.add_module(name, module)
        else:
            for i, module in enumerate(args):
                self.add_module(str(i), module)

    def forward(self, input):
        for module in self._modules.values():
            input = module(input)
        return input

    def __getitem__(self, idx):
        modules = list(self._modules.items())
        if isinstance(idx, slice):
            return Sequential(dict(modules[idx]))
        return modules[_index(idx, len(modules))][1]


class ModuleList(_Container):
    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __getitem__(self, idx):
        modules = list(self._modules.values())
        if isinstance(idx, slice):
            return ModuleList(modules[idx])
        return modules[_index(idx, len(modules))]

    def __setitem__(self, idx, module):
        self.add_module(str(_index(idx, len(self))), module)

    def extend(self, modules):
        for module in modules:
            self.append(module)
        return self

    def insert(self, index, module):
        modules = list(self._modules.values())
        modules.insert(index, module)
        for name in list(self._modules):
            delattr(self, name)
        self.extend(modules)


# nn.X classes say they are torch's, as PyTorch's print in errors and type().
for _cls in (Module, Linear, Embedding, LayerNorm, BatchNorm1d, GELU, Dropout, Flatten, Identity, Sequential, ModuleList):
    _cls.__module__ = "torch.nn.modules"
