"""A stand-in for matplotlib: pyplot calls are accepted and recorded as figures the app draws."""


class RcParams(dict):
    """matplotlib.rcParams: settings are kept (`rcParams['figure.figsize'] = (8, 4)`) and change nothing."""

    def update(self, *args, **kwargs):
        dict.update(self, *args, **kwargs)


rcParams = RcParams()
rcdefaults = rcParams.clear


def use(*args, **kwargs):
    pass


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    if name == "pyplot":
        import matplotlib.pyplot as plt
        return plt
    from matplotlib.pyplot import _Anything
    return _Anything()
