"""Work done aside, in a forked child process, while this process goes on with other work.

`make` lays out and writes the talking points and the annex in one child while this process
fits the brief to one page, and makes the three DOCX files (which need only the HTML) in
another. `aside(work)` starts `work()` in a child forked from this process (which has
everything `work` needs already in memory: records, templates, WeasyPrint and its fonts) and
returns a `Started` handle: `result()` gives the value, `cancel()` ends the child when the
value is no longer wanted (this process failed meanwhile), so no child outlives its work.
Where there is no second CPU or no fork (Windows, macOS, where frameworks do not survive
fork), or in a batch worker (batch mode already keeps every CPU busy), `result()` just runs
`work()`. If the child fails in any way, the work is done again here, so an error is raised
exactly as if there had been no child (at the cost of doing the work twice).

The child leaves with os._exit: it runs no exit handlers and no finalizers, so it cannot
remove what this process still uses (WeasyPrint's font files) or flush its buffers twice.
What a child must not share with this process it sets up for itself through `in_children`
(render/weasy.py gives it its own folder of font files), and removes before it leaves.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import warnings
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


ChildSetup = Callable[[], Callable[[], None]]
_CHILD_SETUPS: list[ChildSetup] = []


def in_children(setup: ChildSetup) -> None:
    """Have every child of `aside` call `setup()` before its work, and the function that
    returns after it (os._exit runs no exit handlers)."""
    if setup not in _CHILD_SETUPS:
        _CHILD_SETUPS.append(setup)


class Started(Generic[T]):
    """Work started by `aside`: `result()` once for its value; `cancel()` when not wanted."""

    def __init__(self, work: Callable[[], T], pid: int | None = None, read_end: int = -1):
        self._work = work
        self._pid = pid
        self._read_end = read_end

    def result(self) -> T:
        if self._pid is None:
            return self._work()
        with os.fdopen(self._read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if os.waitstatus_to_exitcode(status) == 0 and payload:
            try:
                value: T = pickle.loads(payload)
                return value
            except Exception:
                pass
        return self._work()  # the child failed: here, the same result or the same error

    def cancel(self) -> None:
        """End the child, if it is still there; its work is dropped."""
        if self._pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
        os.close(self._read_end)
        self._pid = None


def aside(work: Callable[[], T]) -> Started[T]:
    """Start work() in a child process where that helps (see the module docstring)."""
    if not forks():
        return Started(work)
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns of fork with threads (rich's spinner)
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child
        status = 1
        cleanups: list[Callable[[], None]] = []
        try:
            os.close(read_end)
            cleanups = [setup() for setup in _CHILD_SETUPS]
            payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            for cleanup in cleanups:
                with contextlib.suppress(Exception):
                    cleanup()
            os._exit(status)
    os.close(write_end)
    return Started(work, pid, read_end)


def forks() -> bool:
    """Whether `aside` does its work in a child process here."""
    import multiprocessing

    return (
        hasattr(os, "fork")
        and sys.platform.startswith("linux")
        and (os.cpu_count() or 1) > 1
        and multiprocessing.parent_process() is None
    )
