#!/usr/bin/env python3
"""Runs a notebook's code cells in order in one namespace, as `backprop-studio run` does (IPython's `%`/`!` lines
blanked, matplotlib accepted and not drawn), so PyTorch can be timed on the same .ipynb file. The cells are read
and matplotlib is stood in for by the PyTorch fixtures' maker (tests/fixtures/notebooks/make_notebook_fixtures.py),
so the benchmark runs a notebook exactly as the fixtures were made.

Usage: /usr/bin/python3 bench/run_notebook.py NOTEBOOK.ipynb
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "fixtures", "notebooks"))
import make_notebook_fixtures as fixtures  # noqa: E402


def main(path):
    fixtures.fake_matplotlib()
    import torch
    torch.set_num_threads(1)
    ns = {"__name__": "__main__"}
    for i, (_, src) in enumerate(fixtures.cells_of(path)):
        exec(compile(src, f"<cell {i + 1}>", "exec"), ns)


if __name__ == "__main__":
    main(sys.argv[1])
