"""Layout workers: children of the web app that stay, and lay out each pack's documents.

A child forked for one document and ended once it is laid out (render/aside.py) starts with
no memory of its own: it copies each page it shares with its parent as it first writes to
it, and each page it allocates is new to it. On the seeds' US annex that is 11,000 page
faults, and the annex's layout and writing take 0.30-0.35 s of CPU in such a child against
0.25 s in a process that has laid out documents before. A long-running process (the web
app) therefore keeps two workers (`keep()`), forked from it once WeasyPrint is warmed up, and
feeds them each pack's documents through pipes:

- the first takes the longest document, the one that ends the pack;
- the second gives way to it (nice) and takes the other documents and their DOCX files.

A job is a module-level function and its argument, sent pickled, as plain data; its answer
comes back the same way. Whatever goes wrong with a worker (it is gone, it failed, its
answer cannot be read) leaves the job to the `fallback` given with it, run here, so the
result is the same or the error is; that worker is ended, and a new one is forked for the
next job. A job no longer wanted while its worker is still at it (`cancel()`) ends the
worker too. A worker leaves when this process closes its pipe, which every other child
closes at once (aside.keep_from_children), so workers end with this process however it
ends; one that has done JOBS_PER_WORKER jobs is replaced, so that what a long-lived layout
process gathers stays bounded. Each job runs in a budget of its own (budget.py), with the
time the pack had left when it was sent.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from briefgen import budget
from briefgen.render import aside

T = TypeVar("T")

JOBS_PER_WORKER = 200
LONGEST, OTHERS = 0, 1  # which worker: the first does not yield to the others, the second does


class Pending(Generic[T]):
    """A job sent to a worker: `result()` once, or `cancel()` (the Started protocol)."""

    def __init__(self, worker: Worker | None, job: Job, fallback: Callable[[], T]) -> None:
        self._worker = worker
        self._job = job
        self._fallback = fallback

    def result(self) -> T:
        worker, self._worker = self._worker, None
        if worker is not None:
            try:
                answered, value = worker.answer(self._job)
            except BaseException:  # interrupted while waiting: the worker may be mid-answer
                worker.end(self._job)
                raise
            if answered:
                result: T = value
                return result
            # A worker that failed a job starts afresh, as a child forked for it would.
            worker.end(self._job)
        return self._fallback()  # here: the same result, or the same error

    def cancel(self, grace: float = 0.0) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:  # still at it, or its answer unread: it starts afresh
            worker.end(self._job)


# A job's worker process (the how-manieth its Worker started) and its number there.
Job = tuple[int, int]


class Worker:
    """One long-lived child at a time, and its two pipes.

    A job is written to the worker only once it has answered the one before, and its answer
    read: the worker then waits for it, so neither side can be left writing to a pipe the
    other does not read (a job and an answer may each be larger than a pipe holds). Jobs
    sent meanwhile wait here, in order."""

    def __init__(self, yielding: bool) -> None:
        self.yielding = yielding
        self.pid: int | None = None
        self.started = 0  # worker processes started so far: a job's answer is its process's
        self.jobs = self.answers = -1
        self.afters: list[Callable[[], None]] = []
        self.numbered = 0  # jobs given to the current process
        self.queued: deque[tuple[int, bytes]] = deque()  # jobs not written to it yet
        self.busy: int | None = None  # the job it is at, written and not answered
        self.unclaimed: dict[int, tuple[bool, Any]] = {}  # answers read before asked for
        self.lock = threading.RLock()

    def send(self, function: Callable[[Any], Any], argument: Any) -> Job | None:
        """Give the worker a job, forking it first if needed (or a new one, for one that
        has done its share and has nothing left to answer); None if it cannot be given."""
        with self.lock:
            idle = self.busy is None and not self.queued and not self.unclaimed
            if self.pid is not None and self.numbered >= JOBS_PER_WORKER and idle:
                self._end()
            if self.pid is None and not self._start():
                return None
            number = self.numbered
            try:
                job = (number, function, argument, budget.seconds_left())
                payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # not picklable: the job is done here
                return None
            self.numbered += 1
            self.queued.append((number, payload))
            self._write_next()
            return self.started, number

    def answer(self, job: Job) -> tuple[bool, Any]:
        """(True, value) from the worker for that job; (False, None) when the job failed
        there, or its worker is gone (then ended here)."""
        process, number = job
        with self.lock:
            while number not in self.unclaimed:
                if process != self.started or self.pid is None or self.busy is None:
                    return False, None  # ended since, or its job lost with a worker gone
                try:
                    (answered, done), value = pickle.loads(aside.read_frame(self.answers))
                except Exception:  # gone
                    self._end()
                    return False, None
                self.unclaimed[answered] = (done, value)
                self.busy = None
                self._write_next()
            return self.unclaimed.pop(number)

    def _write_next(self) -> None:
        """Write the next job waiting here, if the worker has answered the one before."""
        if self.busy is not None or not self.queued or self.pid is None:
            return
        number, payload = self.queued.popleft()
        try:
            aside.write_frame(self.jobs, payload)
        except OSError:  # the worker is gone: its jobs are done here
            self._end()
            return
        self.busy = number

    def end(self, job: Job | None = None) -> None:
        """End the worker process now, whatever it is doing, and remove what was made for
        it; with a `job`, only if that job's process is the current one."""
        pid = self.pid
        if job is None and pid is not None:  # first: a thread waiting on its pipes is freed
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with self.lock:
            if job is not None and job[0] != self.started:
                return
            self._end()

    def _end(self) -> None:
        pid, self.pid = self.pid, None
        self.busy = None
        self.queued.clear()
        self.unclaimed.clear()
        for end in (self.jobs, self.answers):
            if end >= 0:
                with contextlib.suppress(OSError):
                    os.close(end)
        aside.keep_from_children(self.jobs, kept=False)
        self.jobs = self.answers = -1
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        afters, self.afters = self.afters, []
        aside.run_all(afters)

    def _start(self) -> bool:
        try:
            prepared = aside.prepare_children()
        except Exception:
            return False
        ends: list[int] = []
        with aside.forking:  # no other child forked meanwhile takes these pipes' ends
            try:
                jobs_read, jobs_write = os.pipe()
                ends += [jobs_read, jobs_write]
                answers_read, answers_write = os.pipe()
                ends += [answers_read, answers_write]
                aside.keep_from_children(jobs_write)  # this one too: it closes it
                pid = os.fork()
            except OSError:
                aside.keep_from_children(ends[1] if len(ends) > 1 else -1, kept=False)
                for end in ends:
                    os.close(end)
                aside.run_all([after for _, after in prepared])
                return False
            if pid == 0:  # the worker: it leaves through os._exit, whatever happens
                status = 1
                try:
                    os.close(answers_read)
                    aside.become_child(answers_write, prepared, self.yielding, lasting=True)
                    budget.outside_run()  # forked inside a pack's run: each job opens its own
                    _close_sockets()
                    _serve(jobs_read, answers_write)
                    status = 0
                finally:
                    os._exit(status)
            os.close(jobs_read)
            os.close(answers_write)
        self.pid, self.jobs, self.answers, self.numbered = pid, jobs_write, answers_read, 0
        self.started += 1
        self.afters = [after for _, after in prepared]
        return True


def _serve(jobs_end: int, answers_end: int) -> None:
    """The worker's loop: each job in, its answer out, until its pipe ends (its parent is
    done with it, or gone)."""
    while True:
        try:
            number, function, argument, seconds = pickle.loads(aside.read_frame(jobs_end))
        except EOFError:
            return
        value: Any = None
        try:
            with budget.run_budget(seconds=max(seconds, 0.01) if seconds is not None else None):
                value = function(argument)
            payload = pickle.dumps(((number, True), value), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # the parent does the job itself, and says what is wrong
            payload = pickle.dumps(((number, False), None))
        aside.write_frame(answers_end, payload)
        # The job's layout is garbage now, much of it in reference cycles: collected while
        # the worker waits for its next job rather than during it.
        del payload, value
        gc.collect()


def _close_sockets() -> None:
    """Close the sockets the worker inherited: the web app's listening socket and its
    connections open at the fork. A worker outlives the request it was forked in, and a
    connection the server closes must close for its client, not stay open in the worker."""
    import stat

    for name in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError, ValueError):
            descriptor = int(name)
            if stat.S_ISSOCK(os.fstat(descriptor).st_mode):
                os.close(descriptor)


class Workers:
    """The process's workers. Each takes its jobs in turn; answers are claimed by number,
    so packs made by several threads at once share them safely."""

    def __init__(self) -> None:
        self.workers = [Worker(yielding=False), Worker(yielding=True)]

    def submit(
        self, which: int, function: Callable[[Any], T], argument: Any, fallback: Callable[[], T]
    ) -> Pending[T]:
        worker = self.workers[which]
        job = worker.send(function, argument)
        return Pending(None if job is None else worker, job or (0, 0), fallback)

    def close(self) -> None:
        for worker in self.workers:
            worker.end()


_kept: list[Workers] = []


def keep() -> None:
    """Keep workers in this process from now on (the web app): forked when first needed."""
    if not _kept and aside.forks():
        _kept.append(Workers())
        atexit.register(close)


def kept() -> Workers | None:
    """This process's workers, if it keeps them."""
    return _kept[0] if _kept else None


def close() -> None:
    """End the workers (at exit, or when a test is done with them)."""
    while _kept:
        _kept.pop().close()
