"""One budget per run: wall time and memory, for everything a pack's making does.

`run_budget()` opens the budget of one run (one pack of `make`, or of a batch). Inside it:

- **Wall time.** The run must end within `seconds` (BRIEFGEN_MAX_SECONDS, default 50). Work
  that loops over what a user wrote calls `check()` (the template sandbox does, inside every
  loop and call). Work that cannot check (WeasyPrint's layout, Pango, CairoSVG) is stopped
  by an alarm: in the main thread of a POSIX process, SIGALRM fires at the deadline and
  unwinds the run. A child forked by render/aside.py sets its own alarm (`in_child`), since
  timers are not inherited across fork; the layout child a cold `make` forks before the run
  begins (render/early.py) opens its own budget as it starts.
- **Memory.** The process's address space may grow by `memory_mb` (BRIEFGEN_MAX_MEMORY_MB,
  default 1024) over what it held when the run began, through RLIMIT_AS, which forked
  children inherit. An allocation past it raises MemoryError instead of swapping the
  machine; the run ends with a message.

Either way the run ends with a `BudgetExceeded` naming what was being done, and nothing is
written (build.py writes only once every document is made). The alarm's own exception is a
BaseException, so a library's `except Exception` cannot swallow it; `run_budget` turns it into
the BriefgenError.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

from briefgen.errors import BriefgenError

DEFAULT_SECONDS = 50.0
DEFAULT_MEMORY_MB = 1024


class BudgetExceeded(BriefgenError):
    """A run went past its wall time or memory budget."""


class _Overrun(BaseException):
    """Raised by the alarm at the deadline (BaseException: library code cannot catch it)."""


_deadline: float | None = None
_seconds = DEFAULT_SECONDS
_doing = ""
_outside: tuple[int, int] | None = None  # RLIMIT_AS before the open run's, if it set one


def setting(name: str, default: float) -> float:
    """A positive number from the environment variable `name`, else `default`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise BudgetExceeded(f"{name}={raw!r}: expected a number") from None
    if not value > 0 or value != value or value == float("inf"):
        raise BudgetExceeded(f"{name}={raw!r}: expected a positive number")
    return value


def seconds_left() -> float | None:
    """Seconds until the run's deadline, or None outside a budget."""
    return None if _deadline is None else _deadline - time.monotonic()


def doing(what: str) -> None:
    """Say what the run is doing now, for the message if the budget runs out there."""
    global _doing
    _doing = what


def check(what: str = "") -> None:
    """Raise BudgetExceeded if the run is past its deadline."""
    if _deadline is not None and time.monotonic() > _deadline:
        raise BudgetExceeded(_time_message(what or _doing))


def _time_message(what: str) -> str:
    place = f" while {what}" if what else ""
    return (
        f"the run took more than its {_seconds:.0f} s budget{place}; stopped "
        "(set BRIEFGEN_MAX_SECONDS to allow more)"
    )


def _memory_message(what: str, megabytes: float) -> str:
    place = f" while {what}" if what else ""
    return (
        f"the run needed more than its {megabytes:.0f} MB memory budget{place}; stopped "
        "(set BRIEFGEN_MAX_MEMORY_MB to allow more)"
    )


@contextlib.contextmanager
def run_budget(seconds: float | None = None, memory_mb: float | None = None) -> Iterator[None]:
    """The budget of one run (see the module docstring). Nested calls share the outer one."""
    global _deadline, _seconds
    if _deadline is not None:
        yield
        return
    seconds = seconds if seconds is not None else setting("BRIEFGEN_MAX_SECONDS", DEFAULT_SECONDS)
    memory_mb = (
        memory_mb if memory_mb is not None else setting("BRIEFGEN_MAX_MEMORY_MB", DEFAULT_MEMORY_MB)
    )
    _seconds, _deadline = seconds, time.monotonic() + seconds
    doing("")
    restore_alarm = _arm_alarm(seconds)
    restore_limit = _limit_memory(memory_mb)
    try:
        yield
    except _Overrun:
        raise BudgetExceeded(_time_message(_doing)) from None
    except MemoryError:
        raise BudgetExceeded(_memory_message(_doing, memory_mb)) from None
    finally:
        _deadline = None
        restore_limit()
        restore_alarm()


def in_child() -> None:
    """In a child forked inside a run: its own alarm at the run's deadline."""
    left = seconds_left()
    if left is not None:
        _arm_alarm(left, chain=False)


def outside_run() -> None:
    """In a long-lived child forked inside a run (render/workers.py), which opens a budget
    of its own for each job: no deadline, no alarm, and the address space limit as it was
    before the run."""
    global _deadline, _outside
    _deadline = None
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    if _outside is not None:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            resource.setrlimit(resource.RLIMIT_AS, _outside)
        _outside = None


def _arm_alarm(seconds: float, chain: bool = True) -> Any:
    """SIGALRM at the deadline, in the main thread; a function restoring the earlier alarm.
    An alarm someone else had set (a test's time limit) still fires when it was due."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return lambda: None
    started = time.monotonic()
    earlier_delay, earlier_interval = signal.getitimer(signal.ITIMER_REAL) if chain else (0, 0)
    earlier_handler = signal.getsignal(signal.SIGALRM) if chain else None

    def alarm(signum: int, frame: Any) -> None:
        if _deadline is not None and time.monotonic() >= _deadline - 0.01:
            raise _Overrun
        if callable(earlier_handler):  # the earlier alarm, due before ours
            earlier_handler(signum, frame)
        left = seconds_left()
        if left is not None:
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.01))

    signal.signal(signal.SIGALRM, alarm)
    delay = seconds if not earlier_delay else min(seconds, earlier_delay)
    signal.setitimer(signal.ITIMER_REAL, max(delay, 0.01))

    def restore() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, earlier_handler or signal.SIG_DFL)
        if earlier_delay:
            left = earlier_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.01), earlier_interval)

    return restore


def ensure_headroom(megabytes: float, what: str) -> None:
    """MemoryError now if the address space may not grow by `megabytes` more (RLIMIT_AS):
    for work that ends the process when an allocation fails, as GLib does when it cannot
    start a thread, rather than report it."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY:
            return
        with open("/proc/self/statm", encoding="ascii") as statm:
            held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    if soft - held < megabytes * 1024 * 1024:
        raise MemoryError(f"{what} needs about {megabytes:.0f} MB more address space")


def _limit_memory(memory_mb: float) -> Any:
    """RLIMIT_AS at the address space held now plus `memory_mb`; a function restoring it."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm", encoding="ascii") as statm:
            held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return lambda: None
    limit = held + int(memory_mb * 1024 * 1024)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft <= limit:
        return lambda: None  # already tighter
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return lambda: None
    global _outside
    _outside = (soft, hard)

    def restore() -> None:
        global _outside
        _outside = None
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

    return restore
