"""torch.nn: functional, init, Module and Parameter (module.py), and the layers and containers of layers.py."""
import torch
from torch.nn import functional, init  # noqa: F401
from torch.nn.module import Module, Parameter  # noqa: F401
from torch.nn.layers import (BatchNorm1d, CrossEntropyLoss, Dropout, Embedding, Flatten, GELU, Identity, LayerNorm, Linear,  # noqa: F401
                             ModuleList, MSELoss, ReLU, Sequential, Sigmoid, Tanh)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise torch._unsupported(f"torch.nn.{name}")
