"""A statement of the live check that loops endlessly would hold the worker forever: loops in the learner's
code are watched (sys.monitoring's JUMP events, on their code objects only) and stopped after a time limit.
(A loop in C never jumps in Python: the page ends the worker for those.)"""
import sys
import time
import types

from .session import S


_TOOL_NAME = "backprop-studio time limit"


class StatementTooLong(Exception):
    pass


def _on_jump(code, offset, dest):
    S.watch["count"] += 1
    if S.watch["count"] & 1023 == 0 and time.monotonic() > S.watch["deadline"]:
        raise StatementTooLong(f"this statement ran for more than {S.watch['limit']:g} s and was stopped: is a loop endless?")


def watch(code):
    """Watches the loops of `code` (and of the functions and classes it defines)."""
    mon = getattr(sys, "monitoring", None)
    if mon is None:
        return
    # The tool id is claimed again when it is no longer ours: a later run in the same interpreter frees every
    # tool id it did not start with (core/notebook/fresh-python.ts) while an earlier exercise session goes on.
    if S.watch["tool"] is None or mon.get_tool(S.watch["tool"]) != _TOOL_NAME:
        S.watch["tool"] = None
        for tool in range(5, 0, -1):
            if mon.get_tool(tool) is None:
                mon.use_tool_id(tool, _TOOL_NAME)
                mon.register_callback(tool, mon.events.JUMP, _on_jump)
                S.watch["tool"] = tool
                break
        else:
            return
    stack = [code]
    while stack:
        c = stack.pop()
        mon.set_local_events(S.watch["tool"], c, mon.events.JUMP)
        stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))


def start_clock():
    """The statement about to run may take the time limit from now."""
    S.watch["deadline"] = time.monotonic() + S.watch["limit"]


def set_time_limit(seconds):
    S.watch["limit"] = float(seconds)
