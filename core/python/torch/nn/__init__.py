"""torch.nn: only `functional` (the learner writes their own layer classes, as in makemore)."""
import torch
from torch.nn import functional, init  # noqa: F401


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise torch._unsupported(f"torch.nn.{name} (write your own layer class, as makemore does)")
