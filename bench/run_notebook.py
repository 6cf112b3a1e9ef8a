#!/usr/bin/env python3
"""Runs a notebook's code cells in order in one namespace, as `backprop-studio run` does (IPython's `%`/`!` lines
blanked, matplotlib accepted and not drawn), so PyTorch can be timed on the same .ipynb file.

Usage: /usr/bin/python3 bench/run_notebook.py NOTEBOOK.ipynb
"""
import json
import re
import sys
import types

MAGIC = re.compile(r"^\s*[%!]")


class _Anything:
    def __getattr__(self, name):
        return self

    def __call__(self, *a, **k):
        return self

    def __iter__(self):
        return iter([self, self])

    def __getitem__(self, key):
        return self

    def __setitem__(self, key, value):
        pass


def main(path):
    for name in ("matplotlib", "matplotlib.pyplot"):
        module = types.ModuleType(name)
        module.__getattr__ = lambda attr: _Anything()
        sys.modules[name] = module
    sys.modules["matplotlib"].pyplot = sys.modules["matplotlib.pyplot"]
    import torch
    torch.set_num_threads(1)
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    ns = {"__name__": "__main__"}
    for i, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        src = "\n".join("" if MAGIC.match(line) else line for line in src.split("\n"))
        exec(compile(src, f"<cell {i + 1}>", "exec"), ns)


if __name__ == "__main__":
    main(sys.argv[1])
