"""What every measure of the benchmark shares: paths, running a timed process, summaries of
repeated runs, the synthetic workspaces and a pack's HTML."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
SEEDS = ROOT / "seeds"
AS_OF = "2026-01-01"
DOCUMENT_KEYS = ("brief", "talking-points", "annex")


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("BRIEFGEN_DATA", None)
    env["COLUMNS"] = "200"
    return env


def run_measured(args: list[str], cwd: Path = ROOT) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB, CPU seconds) of one new process, from wait4's rusage
    (its CPU time counts the children it waited for: `make`'s forks, soffice.bin). It
    runs in this checkout (`python -m` puts the working folder before PYTHONPATH, so the
    briefgen measured would otherwise be whichever one the caller's folder holds)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, cwd=cwd, env=environment(), stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        check_exit(process, args, err)
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # KB on Linux


def wall(args: list[str], cpu: list[float] | None = None) -> float:
    """Wall seconds of one run; its CPU seconds appended to `cpu` when given."""
    elapsed, _, used = run_measured(args)
    if cpu is not None:
        cpu.append(used)
    return elapsed


# Set by run.py --quick: the runs that only warm the disk cache and the byte-code are skipped.
settings = {"quick": False}


def warm_up(args: list[str]) -> None:
    """Run once, not timed (the disk cache, byte-code, LibreOffice's profile); not in quick
    mode, which only checks that every measure works."""
    if not settings["quick"]:
        wall(args)


def check_exit(process: subprocess.Popen[bytes], args: list[str], err: Any) -> None:
    """Raise with the process's stderr (`err`, a file) when it did not exit with 0."""
    if process.returncode != 0:
        err.seek(0)
        message = err.read().decode(errors="replace")
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{message}")


def briefgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", *args]


def summary(values: list[float]) -> dict[str, Any]:
    """Median and spread of repeated runs: min, max and, from four runs, the quartiles."""
    result: dict[str, Any] = {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": [round(v, 4) for v in values],
    }
    if len(values) >= 4:
        low, _, high = statistics.quantiles(values, n=4)
        result["iqr"] = [round(low, 4), round(high, 4)]
    return result


def repeated(runs: int, measure: Callable[[], float]) -> dict[str, Any]:
    return summary([measure() for _ in range(runs)])


def alternated(runs: int, measures: dict[str, Callable[[], float]]) -> dict[str, list[float]]:
    """Each measure once per round, in turns (a, b, c, a, b, c…), so that a machine whose
    speed drifts slows them alike: the values of each, in round order."""
    values: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            values[name].append(measure())
    return values


def paired_ratio(top: list[float], bottom: list[float]) -> dict[str, Any]:
    """top / bottom, round by round, summarised: steadier than a ratio of medians when the
    machine's speed drifts between rounds."""
    return summary([a / b for a, b in zip(top, bottom, strict=True)])


def spread(timing: dict[str, Any]) -> str:
    """'1.23 s (1.10–1.41)' for printing."""
    return f"{seconds(timing['median'])} ({timing['min']:.2f}–{timing['max']:.2f})"


def seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def workspace(name: str, *, make: Callable[..., Path], **arguments: int) -> Path:
    """A synthetic workspace in bench/work/, made once (the same arguments write the same
    files; a stamp file says which arguments made it)."""
    root = WORK / name
    stamp = root / ".synth"
    wanted = " ".join(f"{key}={value}" for key, value in sorted(arguments.items()))
    if not stamp.is_file() or stamp.read_text() != wanted:
        make(root, **arguments)
        stamp.write_text(wanted)
    return root


def write_html(folder: Path, counterpart: str = "US", data: Path = SEEDS) -> None:
    """The HTML of a pack's three documents (English), for pdf_route.py and the floor."""
    from datetime import date

    from briefgen import build as b

    options = b.MakeOptions(
        counterpart=counterpart, data=data, out=folder, as_of=date.fromisoformat(AS_OF)
    )
    prepared = b.prepare(options)
    composed = b.compose(prepared, options)
    rendered = b.render_pack(prepared, composed)
    folder.mkdir(parents=True, exist_ok=True)
    for document in rendered.documents:
        (folder / f"{document.kind.key}.html").write_text(document.html, encoding="utf-8")
    (folder / "workspace").write_text(str(data), encoding="utf-8")
