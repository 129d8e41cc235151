"""Work done aside, in a forked child process, while this process goes on with other work.

A pack's documents are laid out beside each other: the DOCX files (which need only the HTML)
in one child, the talking points and the annex in others while the brief is fitted to one
page (build.py; a cold `make` does all its layouts in a child of its own, render/early.py,
which forks its own children). `aside(work)` starts `work()` in a child forked from this
process (which has everything `work` needs already in memory: records, templates, WeasyPrint
and its fonts) and returns a `Started` handle: `result()` gives the value, `cancel()` ends
the child when the value is no longer wanted (this process failed meanwhile), so no child
outlives its work.
Where there is no second CPU or no fork (Windows, macOS, where frameworks do not survive
fork), in a batch worker (batch mode already keeps every CPU busy), or when the fork fails,
`result()` just runs `work()`. If the child fails in any way, the work is done again here,
so an error is raised exactly as if there had been no child (at the cost of doing the work
twice).

The child leaves with os._exit: it runs no exit handlers and no finalizers, so it cannot
remove what this process still uses (WeasyPrint's font files) or flush its buffers twice,
and Ctrl-C ends it at once (this process cleans up: a child's own children's font folders
are inside its own). A child's child ends with its parent (PR_SET_PDEATHSIG), and holds
no pipe of its parent's. What a child must not share with this
process is prepared here, just before the fork, through `for_each_child` (render/engine.py
gives each child its own folder of font files), and removed here once the child is gone.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from briefgen import budget

T = TypeVar("T")

# prepare() runs here just before a fork and gives (in_child, after): in_child() runs in the
# child before its work; after() runs here once the child has ended, however it ended.
Preparation = Callable[[], tuple[Callable[[], None], Callable[[], None]]]
_PREPARATIONS: list[Preparation] = []


def for_each_child(prepare: Preparation) -> None:
    """Have `aside` call `prepare()` before each fork (see `Preparation`)."""
    if prepare not in _PREPARATIONS:
        _PREPARATIONS.append(prepare)


class Started(Generic[T]):
    """Work started by `aside`: `result()` once for its value; `cancel()` when not wanted."""

    def __init__(
        self,
        work: Callable[[], T],
        pid: int | None = None,
        read_end: int = -1,
        afters: list[Callable[[], None]] | None = None,
        inbox: Inbox | None = None,
    ):
        self._work = work
        self._pid = pid
        self._read_end = read_end
        self._afters = afters or []
        self._inbox = inbox

    def result(self) -> T:
        if self._pid is None:
            return self._work()
        read_end, self._read_end = self._read_end, -1  # closed with `pipe`, whatever happens
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._ended()
        if os.waitstatus_to_exitcode(status) == 0 and payload:
            try:
                value: T = pickle.loads(payload)
                return value
            except Exception:
                pass
        return self._work()  # the child failed: here, the same result or the same error

    def cancel(self, grace: float = 0.0) -> None:
        """End the child, if it is still there; its work is dropped. With a `grace` (s), it
        is asked first (SIGTERM, which unwinds it: render/engine.py), so that it can end
        children of its own; it is killed if still there after that long."""
        if self._pid is None:
            return
        if not (grace > 0 and _ended_within(self._pid, grace)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):  # already waited for
                os.waitpid(self._pid, 0)
        if self._read_end >= 0:
            os.close(self._read_end)
            self._read_end = -1
        self._ended()

    def _ended(self) -> None:
        self._pid = None
        if self._inbox is not None:  # never sent: the child is gone, and so is its pipe
            self._inbox._close("_write_end")
        afters, self._afters = self._afters, []
        run_all(afters)


class Inbox:
    """What work started aside waits for from this process, once it has it: `send(value)`
    here (once), `receive()` in the work, which waits for it. A child reads it from a pipe,
    length first, so that another child holding a copy of the pipe's write end (forked
    meanwhile) cannot keep it waiting; work done here (no child, or the child failed) gets
    the value sent."""

    def __init__(self) -> None:
        self._sent: list[Any] = []
        self._read_end = self._write_end = -1
        self._forward: Callable[[Any], None] | None = None

    def send(self, value: Any) -> None:
        self._sent.append(value)
        if self._forward is not None:
            self._forward(value)
        write_end, self._write_end = self._write_end, -1
        if write_end < 0:
            return
        _OPEN_WRITE_ENDS.discard(write_end)
        # A value that cannot be sent, or a child that is gone (a broken pipe), leaves the
        # child without it: its work is then done here, with the value sent.
        try:
            with contextlib.suppress(Exception):
                write_frame(write_end, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        finally:
            os.close(write_end)

    def forward(self, to: Callable[[Any], None]) -> None:
        """Have `send(value)` call `to(value)` too, here: for work on the value that is
        not waiting for it in a child (render/workers.py)."""
        self._forward = to

    def receive(self) -> Any:
        if self._read_end >= 0:  # in the child
            read_end, self._read_end = self._read_end, -1
            try:
                payload = read_frame(read_end)
            finally:
                os.close(read_end)
            return pickle.loads(payload)
        if not self._sent:
            raise RuntimeError("receive() before send()")
        return self._sent[0]

    def _open(self) -> None:
        self._read_end, self._write_end = os.pipe()
        _OPEN_WRITE_ENDS.add(self._write_end)
        with contextlib.suppress(Exception):  # a brief's HTML in one write, where Linux allows
            import fcntl

            fcntl.fcntl(self._write_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)

    def _close(self, end: str) -> None:
        descriptor = getattr(self, end)
        if descriptor >= 0:
            _OPEN_WRITE_ENDS.discard(descriptor)
            os.close(descriptor)
            setattr(self, end, -1)


# The write ends of the inboxes this process has yet to send to: a child forked meanwhile
# closes its copies (it sends nothing).
_OPEN_WRITE_ENDS: set[int] = set()


def write_frame(end: int, payload: bytes) -> None:
    """`payload` through a pipe, its length first (read_frame reads it)."""
    data = memoryview(len(payload).to_bytes(8, "big") + payload)
    while data:
        data = data[os.write(end, data) :]


def read_frame(end: int) -> bytes:
    """What write_frame sent through the pipe, read unbuffered, so that what follows in the
    pipe is left there; EOFError if the pipe ends first."""
    return _read_exactly(end, int.from_bytes(_read_exactly(end, 8), "big"))


def _read_exactly(end: int, size: int) -> bytes:
    parts, left = [], size
    while left:
        part = os.read(end, min(left, 1 << 20))
        if not part:
            raise EOFError("nothing was sent")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def aside(work: Callable[[], T], inbox: Inbox | None = None, yielding: bool = False) -> Started[T]:
    """Start work() in a child process where that helps (see the module docstring); work
    may wait for what this process sends it through `inbox`. A `yielding` child gives way
    to the other processes of the pack where more run than there are CPUs: its work is short
    beside the longest."""
    if not forks():
        return Started(work)
    try:
        prepared = prepare_children()
    except Exception:  # nothing to fork with: the work is done here, when asked
        return Started(work)
    with forking:  # no other child forked meanwhile takes these pipes' ends
        try:
            read_end, write_end = os.pipe()
        except OSError:
            run_all([after for _, after in prepared])
            return Started(work)
        try:
            if inbox is not None:
                inbox._open()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            run_all([after for _, after in prepared])
            return Started(work)
        try:
            with warnings.catch_warnings():  # Python 3.12+ warns of fork with threads (rich's)
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            if inbox is not None:
                inbox._close("_read_end")
                inbox._close("_write_end")
            run_all([after for _, after in prepared])
            return Started(work)
        if pid == 0:  # the child: it leaves through os._exit, whatever happens
            status = 1
            try:
                os.close(read_end)
                become_child(write_end, prepared, yielding)
                budget.in_child()  # the run's deadline: timers are not inherited across fork
                payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        if inbox is not None:
            inbox._close("_read_end")
    return Started(work, pid, read_end, [after for _, after in prepared], inbox)


def prepare_children() -> list[tuple[Callable[[], None], Callable[[], None]]]:
    """What each child must have of its own (`for_each_child`), made here before a fork:
    (in_child, after) pairs; on a failure, what was made is removed and it is raised."""
    prepared: list[tuple[Callable[[], None], Callable[[], None]]] = []
    try:
        for prepare in _PREPARATIONS:
            prepared.append(prepare())
    except Exception:
        run_all([after for _, after in prepared])
        raise
    return prepared


def become_child(
    result_end: int,
    prepared: list[tuple[Callable[[], None], Callable[[], None]]],
    yielding: bool,
    lasting: bool = False,
) -> None:
    """Set up a child just forked, in the child: `result_end` is the pipe it answers
    through. A `lasting` child (render/workers.py) outlives its parent's thread that forked
    it, so it does not end with that thread (it leaves when its parent closes its pipe)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # Forked where ending was deferred (ending_deferred): it may be asked to end.
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    global _IN_CHILD, _RESULT_END, forking
    forking = threading.Lock()  # its parent's, held by the thread that forked it
    if _IN_CHILD and not lasting:  # a child's child: it ends with its parent, which waits
        _end_with_parent()
    if _RESULT_END >= 0:  # its parent's pipe to its own parent is not its to hold
        with contextlib.suppress(OSError):
            os.close(_RESULT_END)
    _IN_CHILD, _RESULT_END = True, result_end
    if yielding:
        with contextlib.suppress(OSError):
            os.nice(YIELDING_NICENESS)
    # The child inherits everything its parent holds: the collector leaves all that alone,
    # rather than walk it (and so copy its pages) each time a layout's objects set off a
    # full collection. Its own garbage is freed as ever.
    gc.freeze()
    for inherited in list(_OPEN_WRITE_ENDS):  # its own inbox's too
        with contextlib.suppress(OSError):
            os.close(inherited)
    _OPEN_WRITE_ENDS.clear()
    for in_child, _ in prepared:
        in_child()


def keep_from_children(write_end: int, kept: bool = True) -> None:
    """A pipe's write end that children forked from now on must not hold (they close it),
    so that its reader sees its end when this process closes it; `kept=False` once closed."""
    if kept:
        _OPEN_WRITE_ENDS.add(write_end)
    else:
        _OPEN_WRITE_ENDS.discard(write_end)


@contextlib.contextmanager
def ending_deferred() -> Iterator[None]:
    """A request to end (SIGTERM) waits until the block is done: for forking children whose
    handles must be known before this process unwinds, so that it can end them."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _ended_within(pid: int, seconds: float) -> bool:
    """Ask the child to end (SIGTERM) and wait for it at most that long; True once ended."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # already waited for
            return True
        if done:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.005)


def run_all(actions: list[Callable[[], None]]) -> None:
    """Each action, whatever the others do (the `after`s of `prepare_children`)."""
    for action in actions:
        with contextlib.suppress(Exception):
            action()


# Held from a child's pipes being made to their ends closed here, around its fork: a child
# forked by another thread meanwhile would hold them too.
forking = threading.Lock()

# Whether this process is a child `aside` forked, and the write end of its result's pipe.
_IN_CHILD = False
_RESULT_END = -1

# How far a yielding child steps back: enough for the scheduler to run the longest work
# first, while the child still runs on any CPU left idle.
YIELDING_NICENESS = 5


def _end_with_parent() -> None:
    """Have the kernel end this process (SIGKILL) when its parent ends, however it ends."""
    with contextlib.suppress(Exception):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


def forks() -> bool:
    """Whether `aside` does its work in a child process here."""
    import multiprocessing

    return (
        hasattr(os, "fork")
        and sys.platform.startswith("linux")
        and (os.cpu_count() or 1) > 1
        and multiprocessing.parent_process() is None
    )
