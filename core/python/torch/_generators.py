"""torch.Generator on the core's bit-exact copy of PyTorch's CPU generator, and the global default one."""
from torch._bridge import _call, _int, _rt, _unsupported, core

_DEFAULT_SEED = 67280421310721  # what a fresh torch.Generator() starts from


class Generator:
    def __init__(self, device="cpu"):
        self._seed = _DEFAULT_SEED
        self._g = core.newGenerator(_DEFAULT_SEED)
        self._global = False

    def manual_seed(self, seed):
        seed = _int(seed)
        _call(core.seed, self._g, seed)
        self._seed = seed
        if self._global:
            _rt.STATE["global_seeded"] = True
        return self

    def initial_seed(self):
        return self._seed

    def seed(self):
        raise _unsupported("Generator.seed()")


def _make_default_generator():
    g = Generator()
    g._global = True
    # Like PyTorch, the global generator starts from a seed that differs on every run until manual_seed.
    import random as _random
    s = _random.SystemRandom().getrandbits(52)
    _call(core.seed, g._g, s)
    g._seed = s
    return g


default_generator = _make_default_generator()


def reset():
    """A fresh global generator for the next run (torch._reset binds it as torch.default_generator too)."""
    global default_generator
    default_generator = _make_default_generator()
    return default_generator


def manual_seed(seed):
    return default_generator.manual_seed(seed)


def initial_seed():
    return default_generator.initial_seed()


def _gen(generator, what):
    if generator is None:
        if not _rt.STATE["global_seeded"]:
            _rt.unseeded_draw(what)
        return default_generator._g
    if not isinstance(generator, Generator):
        raise TypeError(f"{what}(): argument 'generator' must be torch.Generator, not {type(generator).__name__}")
    return generator._g
