"""Everything the runtime remembers about the run in progress, in one object with one reset.

A host that runs several notebooks in one interpreter also re-imports the runtime for each
(core/notebook/fresh-python.ts), so a run starts from a new Session; `reset` is the one place that says
what a run starts with, and the containers `torch` and `matplotlib` hold (`state`, `ops_ran`,
`figure_break`) keep their identity across it.
"""
import builtins
import sys
import types

from _bp_core import core
from pyodide.ffi import to_js


# What loc() found, by code object: _NOT_LEARNERS for code that is not the learner's, else {instruction
# offset: (cell, line)}. Asking a frame for its line walks the code's line table from its start (a cell's loop
# body is hundreds of instructions, and autograd asks for every op); the instruction a frame is at names the
# same place every time. Forgotten when a file of the learner's code is declared (its lines may count
# differently) and at each run.
_PLACES = {}
_NOT_LEARNERS = object()


class Session:
    def __init__(self):
        self.state = {}
        self.ops_ran = [False, False]
        self.figure_break = [False]
        # The names the learner gave tensors that the core has not heard yet, flat: handle, name, handle, name...
        self.names = []
        self.reset("ipynb")

    def reset(self, kind):
        """A new run: the learner's globals start empty, as in a fresh kernel."""
        # "ipynb" (cells, each its own file) or "py" (one file): how lines count.
        self.kind = kind
        # `torch.manual_seed` was called: the global generator's draws are the notebook's own.
        self.state.clear()
        self.state["global_seeded"] = False
        # [0]: set by torch whenever it forwards an op: only then does an assignment end a statement for the core.
        # [1]: a statement ended that the core has not heard of yet: torch tells it with its next op (a
        # call of its own per assignment would cost as much as an op in a learner's loop).
        self.ops_ran[0] = self.ops_ran[1] = False
        self.names.clear()
        _PLACES.clear()
        # The next figure starts a new one (plt.figure()).
        self.figure_break[0] = False
        # filename → function(line) → cell index, for every file of the learner's code
        self.files = {}
        # filename → {line: first line of the statement it belongs to}
        self.stmt = {}
        # (cell, line) → the statement's text without comments
        self.texts = {}
        self.figures = []
        # (cell, line) already told about an unseeded draw
        self.noted = set()
        # `d<name>` global → every (cell, line) that assigned it
        self.dnames = {}
        # (`d<name>`, cell, line) → the tensor last bound there: what a run's blame judges that line by
        self.dvalues = {}
        # tensors assigned to an attribute of an object not yet reachable from the learner's globals
        self.pending = []
        self.path_cache = {}
        # True while exercise mode re-runs a cell (not in a plain run, which stops where Python stops).
        self.exercise = False
        # exercise mode: the globals before each exercise cell, and the cell being checked
        self.saved = {}
        self.plan = {}
        # the live check's time limit on one statement (watchdog.py)
        self.watch = {"tool": None, "deadline": 0.0, "limit": 10.0, "count": 0}
        # exercise 4's compiled training step (training.py)
        self.train = {}
        # when loop progress last crossed to the host
        self.progress = {"at": 0.0}
        # this run's torch, once imported
        self.torch = []
        module = types.ModuleType("__main__")
        sys.modules["__main__"] = module
        self.main = module.__dict__
        self.main["__builtins__"] = builtins


S = Session()

def name_later(h, name):
    """Names handle h's tensor for the core, which hears it with the others when something reads names (a graph, a
    check: flush_names): a training loop names dozens of tensors a step, and a call across for each cost as much
    as an op."""
    pending = S.names
    pending += (h, name)
    if len(pending) >= 8192:
        flush_names()


def flush_names():
    """Tells the core every name given since it last heard, in the order given (the first name a tensor gets is its
    name); tensors already let go of are skipped there."""
    pending = S.names
    if pending:
        handles, names = pending[0::2], pending[1::2]
        pending.clear()
        core.nameAll(to_js(handles), to_js(names))


# The classes of torch's tensors, which torch adds when it is imported (they stay while it does, across runs):
# the hook after an assignment asks `value.__class__ in` this set, a fifth of what asking for the class's name
# cost (a dataset loop binds names hundreds of thousands of times).
TENSOR_CLASSES = set()
# torch's `x[i] op= y[j]` in one step (torch/_block.py's item_update), which the hook for such statements asks first.
ITEM_UPDATE = [None]


def forget_places():
    _PLACES.clear()


def loc():
    """(cell, line) of the innermost frame running the learner's code, or (-1, 0)."""
    f = sys._getframe(2)
    while f is not None:
        code = f.f_code
        # By id (a code object's hash is computed from its whole bytecode, every time), with the code itself kept,
        # so that the id is not another's.
        known = _PLACES.get(id(code))
        if known is not None and known[0] is code:
            places = known[1]
        else:
            if len(_PLACES) > 4096:  # a session compiling cells over and over (the live check)
                _PLACES.clear()
            places = {} if code.co_filename in S.files else _NOT_LEARNERS
            _PLACES[id(code)] = (code, places)
        if places is not _NOT_LEARNERS:
            at = f.f_lasti
            place = places.get(at)
            if place is None:
                fn = code.co_filename
                line = f.f_lineno or 0
                line = S.stmt[fn].get(line, line)
                place = places[at] = (S.files[fn](line), line)
            return place
        f = f.f_back
    return -1, 0


def where(cell, line):
    """`cell 9, line 4` (or `line 4` in a .py), worded by the app (core/notebook/coords.ts), which counts cells
    as the cell list shows them."""
    return core.place(cell, line)


def torch():
    """This run's torch (each run imports its own: a poisoned one never reaches the next notebook)."""
    if not S.torch:
        import torch as t
        S.torch.append(t)
    return S.torch[0]


def is_tensor(v):
    return type(v).__name__ == "Tensor" and type(v).__module__ == "torch"
