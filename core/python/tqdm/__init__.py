"""tqdm as notebooks use it (`for i in tqdm(range(n))`, `trange`, `tqdm(total=…)` with `update`,
`set_description`, `set_postfix`, `tqdm.write`): it iterates and counts as tqdm does, and instead of drawing a
bar on stderr it tells the app how far the loop is, through the runtime's `__bp_progress__(done, total, label)`
hook when there is one (the notebook bar shows it), at most ten times a second and once at the end."""
import builtins
import sys
import time

__all__ = ["tqdm", "trange"]
__version__ = "4.66.0 (Backprop Studio)"

_INTERVAL = 0.1  # seconds between progress reports, as tqdm's default mininterval


def _report(done, total, label):
    hook = getattr(builtins, "__bp_progress__", None)
    if hook is not None:
        hook(done, total, label)


class tqdm:
    def __init__(self, iterable=None, desc=None, total=None, leave=True, file=None, ncols=None, mininterval=0.1,
                 maxinterval=10.0, miniters=None, ascii=None, disable=False, unit="it", unit_scale=False,
                 dynamic_ncols=False, smoothing=0.3, bar_format=None, initial=0, position=None, postfix=None,
                 unit_divisor=1000, write_bytes=False, lock_args=None, nrows=None, colour=None, delay=0, **kwargs):
        if total is None and iterable is not None:
            try:
                total = len(iterable)
            except (TypeError, AttributeError):
                total = None
        self.iterable = iterable
        self.desc = desc or ""
        self.total = total
        self.n = initial
        self.disable = disable
        self.leave = leave
        self.unit = unit
        self.postfix = postfix
        self._last = 0.0
        self._closed = False

    def __iter__(self):
        if self.iterable is None:
            raise TypeError("'tqdm' object is not iterable")
        try:
            for item in self.iterable:
                yield item
                self.update(1)
        finally:
            self.close()

    def __len__(self):
        if self.total is not None:
            return int(self.total)
        return len(self.iterable)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __bool__(self):
        return True

    def update(self, n=1):
        self.n += n
        now = time.monotonic()
        if not self.disable and now - self._last >= _INTERVAL:
            self._last = now
            _report(self.n, self.total, self.desc)
        return True

    def close(self):
        if self._closed:
            return
        self._closed = True
        if not self.disable:
            _report(self.n, self.total, self.desc)

    def refresh(self, *args, **kwargs):
        return True

    def clear(self, *args, **kwargs):
        pass

    def reset(self, total=None):
        self.n = 0
        if total is not None:
            self.total = total
        self._closed = False

    def set_description(self, desc=None, refresh=True):
        self.desc = desc or ""

    def set_description_str(self, desc=None, refresh=True):
        self.desc = desc or ""

    def set_postfix(self, ordered_dict=None, refresh=True, **kwargs):
        items = dict(ordered_dict or {}, **kwargs)
        self.postfix = ", ".join(f"{k}={v}" for k, v in items.items())

    def set_postfix_str(self, s="", refresh=True):
        self.postfix = str(s)

    def display(self, *args, **kwargs):
        return True

    @classmethod
    def write(cls, s, file=None, end="\n", nolock=False):
        (file or sys.stdout).write(s + end)

    @property
    def format_dict(self):
        return {"n": self.n, "total": self.total, "desc": self.desc, "unit": self.unit, "postfix": self.postfix}


def trange(*args, **kwargs):
    return tqdm(range(*args), **kwargs)
