"""The core's bridge (core/notebook/bridge.ts) as Python sees it, with each function looked up once.

Reading an attribute of a JavaScript object from Python costs a round trip through Pyodide's proxy (tens
of microseconds); calling an already bound function costs a few. Ops are called tens of thousands of
times in a training loop, so every function is bound on first use and kept.
"""
from _bpcore import core as _proxy


class _Bound:
    def __getattr__(self, name):
        fn = getattr(_proxy, name)
        setattr(self, name, fn)
        return fn


core = _Bound()
