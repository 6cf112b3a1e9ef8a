"""A stand-in for matplotlib: pyplot calls are accepted and recorded as figures the app draws."""


def use(*args, **kwargs):
    pass


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _ignored


def _ignored(*args, **kwargs):
    return None
