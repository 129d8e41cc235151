"""Work done aside, in a forked child process, while this process goes on with other work.

`make` lays out and writes the talking points and the annex in one child while this process
fits the brief to one page, and makes the three DOCX files (which need only the HTML) in
another. `aside(work)` starts `work()` in a child forked from this process (which has
everything `work` needs already in memory: records, templates, WeasyPrint and its fonts) and
returns a function that gives its result. Where there is no second CPU or no fork (Windows,
macOS, where frameworks do not survive fork), or in a batch worker (batch mode already keeps
every CPU busy), the function just runs `work()` when asked. If the child fails in any way,
the work is done again here, so an error is raised exactly as if there had been no child.

The child leaves with os._exit: it runs no exit handlers and no finalizers, so it cannot
remove what this process still uses (WeasyPrint's font files) or flush its buffers twice.
"""

from __future__ import annotations

import os
import pickle
import sys
import warnings
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def aside(work: Callable[[], T]) -> Callable[[], T]:
    """Start work() in a child process where that helps; call the result to get its value."""
    if not forks():
        return work
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns of fork with threads (rich's spinner)
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child
        status = 1
        try:
            os.close(read_end)
            payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def result() -> T:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0 and payload:
            try:
                value: T = pickle.loads(payload)
                return value
            except Exception:
                pass
        return work()  # the child failed: here, the same result or the same error

    return result


def forks() -> bool:
    """Whether `aside` does its work in a child process here."""
    import multiprocessing

    return (
        hasattr(os, "fork")
        and sys.platform.startswith("linux")
        and (os.cpu_count() or 1) > 1
        and multiprocessing.parent_process() is None
    )
