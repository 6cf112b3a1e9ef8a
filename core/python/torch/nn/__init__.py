"""torch.nn: functional, init, and the Module, Parameter, layers and containers of modules.py."""
import torch
from torch.nn import functional, init  # noqa: F401
from torch.nn.modules import (BatchNorm1d, Dropout, Embedding, Flatten, GELU, Identity, LayerNorm, Linear, Module,  # noqa: F401
                              ModuleList, Parameter, ReLU, Sequential, Sigmoid, Tanh)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise torch._unsupported(f"torch.nn.{name}")
