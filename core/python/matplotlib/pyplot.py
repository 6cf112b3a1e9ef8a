"""matplotlib.pyplot as the app sees it: imshow, plot and hist become figures (heatmap, line chart,
histogram) recorded by the runtime; every other call (title, legend, grid, text, scatter, colorbar, axis, show,
style.use, …) is accepted and does nothing, and `rcParams` is a settings dictionary as in matplotlib."""
import _bp_runtime as _rt
from matplotlib import rcParams  # noqa: F401  (plt.rcParams is matplotlib.rcParams, as in matplotlib)


def _values(x):
    import torch
    if isinstance(x, torch.Tensor):
        return x.detach().float().tolist(), list(x.shape)
    if isinstance(x, (list, tuple, range)):
        flat = [float(v) if not isinstance(v, (list, tuple)) else v for v in x]
        return flat, [len(flat)]
    return [float(x)], [1]


def _record(kind, **data):
    cell, line = _rt.loc()
    _rt.figure(kind, cell, line, data)


def figure(*args, **kwargs):
    _rt.FIGURE_BREAK[0] = True
    return _Anything()


def imshow(x, *args, cmap=None, **kwargs):
    values, shape = _values(x)
    _record("heatmap", values=values, shape=shape, cmap=cmap)
    return _Anything()


def plot(*args, **kwargs):
    series = [a for a in args if not isinstance(a, str)]
    if len(series) >= 2:
        xs, _ = _values(series[0])
        ys, _ = _values(series[1])
    elif series:
        ys, _ = _values(series[0])
        xs = list(range(len(ys)))
    else:
        return [_Anything()]
    _record("line", x=xs, y=ys, label=kwargs.get("label"))
    return [_Anything()]


def hist(x, bins=10, *args, **kwargs):
    values, shape = _values(x)
    flat = _flatten(values)
    _record("histogram", values=flat, bins=bins if isinstance(bins, int) else len(bins) - 1)
    return None


def _flatten(v):
    out = []
    for x in v:
        if isinstance(x, list):
            out.extend(_flatten(x))
        else:
            out.append(x)
    return out


def subplots(*args, **kwargs):
    _rt.FIGURE_BREAK[0] = True
    return _Anything(), _Anything()


class _Anything:
    """What pyplot returns (figures, axes, images): every attribute and call is accepted."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if name in ("imshow", "plot", "hist"):
            return globals()[name]
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __getitem__(self, key):
        return self

    def __iter__(self):
        return iter([self, self])


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    # A function, a submodule (plt.style, plt.cm) or an object: _Anything is callable and has every attribute.
    return _Anything()
