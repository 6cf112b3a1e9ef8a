"""torch.nn's Module and Parameter. A Parameter is a plain Tensor marked as one (`_param`): the runtime names, checks
and draws it like any tensor. A module's parameters, buffers and submodules live in `_parameters`, `_buffers` and
`_modules` as in PyTorch, and are mirrored as ordinary attributes, so the runtime finds `model.fc.weight` by walking
attributes; a model called from the learner's code names its parameters in the graph. It prints as PyTorch prints.
"""
import sys

import torch
from torch import _unsupported


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
            torch._rt.name_later(p._h, root + "".join(f"[{k}]" if k.isdigit() else f".{k}" for k in name.split(".")))

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


Module.__module__ = "torch.nn.modules.module"


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
