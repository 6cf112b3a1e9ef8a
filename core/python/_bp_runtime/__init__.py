"""The notebook runner's Python half (core/notebook/run.ts is the other), one module per concern:

- session.py: the one Session holding everything a run remembers, with its one reset;
- runner.py: compiling cells with the hooks added, running them, errors as Python prints them;
- hooks.py: what the compiled cells call (names for tensors, cmp checks, loop progress, figures);
- exercise.py: exercise mode, re-running a backward cell statement by statement;
- watchdog.py: the live check's time limit on a statement;
- training.py: exercise 4, training with the learner's own backward pass.

Each cell is compiled with hooks added to its syntax tree: after every assignment,
`__bp_assigned__` tells the core the learner's name for the tensor just bound (`hprebn`, `layers[0].out`);
every call of the notebook's `cmp(label, dt, t)` goes through `__bp_cmp__`, which hands the pair to the
core as a check before calling the learner's own function; and `x[i] += y[j]` (names and numbers only) is one
call of `__bp_aug_item__`, which torch may do in one step. Line numbers are kept as the learner wrote
them, so tracebacks and checks point at their lines (the file's line for .py, the cell's for .ipynb).

What is imported here is the runtime's whole surface: the host's calls (RuntimeModule in run.ts, kept equal
by a test) and what torch and matplotlib read.
"""
import builtins
import os
import sys

import _bp_imports

from .exercise import (analyze, blank_cell, cmp_pairs, drop_states_after, exercise_begin, exercise_end,
                       exercise_step, has_state, int_constants, save_state)
from .hooks import (_assigned, _aug_item, _cmp, _range, dname_bindings, dname_candidates, figure, figures_json, progress,
                    resolve_pending, unseeded_draw)
from .runner import compile_cell, register_file, run_code
from .session import ITEM_UPDATE, S, TENSOR_CLASSES, flush_names, loc, name_later, where
from .training import assigning_cells, train_begin, train_steps
from .watchdog import set_time_limit

# What torch and matplotlib hold: the session's own containers, the same objects across resets.
STATE = S.state
OPS_RAN = S.ops_ran
FIGURE_BREAK = S.figure_break


def reset(kind):
    """A new run: the session forgets everything, and the learner's code gets the hooks it calls."""
    S.reset(kind)
    builtins.__bp_assigned__ = _assigned
    builtins.__bp_ops_ran__ = S.ops_ran
    builtins.__bp_tensor_classes__ = TENSOR_CLASSES
    builtins.__bp_cmp__ = _cmp
    builtins.__bp_aug_item__ = _aug_item
    _bp_imports.install()
    builtins.__bp_range__ = _range
    # The tqdm shim reports its loops here; the host shows the running loop's progress.
    builtins.__bp_progress__ = progress
    # os._exit would end the interpreter itself (a fatal error in Pyodide): it stops the notebook instead.
    os._exit = _exit
    if "torch" in sys.modules:
        sys.modules["torch"]._reset()


def _exit(status=0):
    raise SystemExit(status)


__all__ = ["STATE", "OPS_RAN", "FIGURE_BREAK", "TENSOR_CLASSES", "ITEM_UPDATE", "reset", "loc", "where", "name_later", "flush_names", "figure", "unseeded_draw", "resolve_pending",
           "register_file", "compile_cell", "run_code", "figures_json", "dname_candidates", "dname_bindings", "analyze",
           "save_state", "has_state", "drop_states_after", "exercise_begin", "exercise_step",
           "exercise_end", "set_time_limit", "int_constants", "cmp_pairs", "blank_cell", "assigning_cells",
           "train_begin", "train_steps"]
