"""Batch mode: `briefgen make --all`, the pack of every counterpart with a planned meeting.

The workspace is loaded and checked once, here, before any pack is made: bad records stop
the run with every problem listed, as for one pack. The packs are then made in worker
processes, one per CPU. Each worker sets itself up once (`_start_worker`): the workspace
(inherited from this process where processes fork, loaded again where they spawn),
WeasyPrint, the process's one font configuration, python-docx; templates are compiled on the
first pack and kept (see render/pack.py). Every pack is made by `build`, exactly as
`make --counterpart` makes it, into the same output folder (file names carry the counterpart
code and the meeting date, so packs never collide). A pack that fails is reported and the
others go on; the run then exits with status 1.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from briefgen.errors import BriefgenError, InputError

if TYPE_CHECKING:
    from briefgen.build import BuildResult, MakeOptions
    from briefgen.records import Workspace


@dataclass
class PackOutcome:
    counterpart: str
    result: BuildResult | None = None  # None when it failed
    errors: list[str] = field(default_factory=list)


@dataclass
class BatchResult:
    outcomes: list[PackOutcome]  # in counterpart order
    warnings: list[str]  # each once, however many packs gave it
    seconds: float
    workers: int

    @property
    def made(self) -> list[PackOutcome]:
        return [o for o in self.outcomes if o.result is not None]

    @property
    def failed(self) -> list[PackOutcome]:
        return [o for o in self.outcomes if o.result is None]


def planned_counterparts(workspace: Workspace, home: str, as_of: date) -> list[str]:
    """Codes of the counterparts that have a planned meeting with home on or after as_of
    (the meeting `make --counterpart` would brief for), in code order."""
    codes: set[str] = set()
    for meeting in workspace.meetings:
        if not meeting.is_upcoming(as_of):
            continue
        if home in meeting.parties:
            codes.update(code for code in meeting.parties if code != home)
    return sorted(code for code in codes if code in workspace.counterparts)


Progress = Callable[[PackOutcome | None, int], None]


def make_all(
    options: MakeOptions, progress: Progress = lambda *_: None, workers: int | None = None
) -> BatchResult:
    """Make every planned counterpart's pack; `options.counterpart` and `options.meeting` are
    ignored. `progress(None, total)` is called once the packs to make are known, then
    `progress(outcome, total)` as each one is done."""
    from briefgen.build import check_output_folder
    from briefgen.profiles import load_profile
    from briefgen.store import load_workspace

    started = time.perf_counter()
    check_output_folder(options.out)
    workspace = load_workspace(options.data)
    profile = load_profile(options.ministry, options.data)
    codes = planned_counterparts(workspace, profile.home, options.as_of)
    if not codes:
        raise InputError(
            f"no counterpart has a meeting planned with {profile.home} on or after "
            f"{options.as_of}; nothing to make"
        )
    count = max(1, min(workers or os.cpu_count() or 1, len(codes)))
    outcomes: dict[str, PackOutcome] = {}
    progress(None, len(codes))
    global _workspace
    _workspace = workspace  # inherited by workers where processes fork
    try:
        with ProcessPoolExecutor(
            count, mp_context=_context(), initializer=_start_worker, initargs=(options,)
        ) as pool:
            futures = {
                pool.submit(_make_one, replace(options, counterpart=code, meeting=None)): code
                for code in codes
            }
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except Exception as exc:  # a worker died: that pack, and those it took along
                    code = futures[future]
                    outcome = PackOutcome(code, errors=[f"{type(exc).__name__}: {exc}"])
                outcomes[outcome.counterpart] = outcome
                progress(outcome, len(codes))
    finally:
        _workspace = None
    ordered = [outcomes[code] for code in codes]
    warnings: list[str] = []
    for outcome in ordered:
        for line in outcome.result.warnings if outcome.result else []:
            if line not in warnings:
                warnings.append(line)
    return BatchResult(ordered, warnings, time.perf_counter() - started, count)


def _context() -> Any:
    import multiprocessing

    # Fork where it is safe (Linux): workers inherit the loaded workspace and start at once.
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


# -- in the worker processes ---------------------------------------------------------------

_workspace: Workspace | None = None


def _start_worker(options: MakeOptions) -> None:
    """Everything a pack needs that does not depend on the counterpart, once per worker."""
    global _workspace
    if _workspace is None or _workspace.root != options.data:
        from briefgen.store import load_workspace

        _workspace = load_workspace(options.data)
    from briefgen.render import word  # noqa: F401  (python-docx, lxml)
    from briefgen.render.weasy import font_config

    font_config()
    try:  # compile the templates once, here; an error in one is reported with its pack
        from briefgen.documents import DOCUMENTS
        from briefgen.profiles import load_profile
        from briefgen.render.pack import shared_templates

        profile = load_profile(options.ministry, options.data)
        templates = shared_templates(profile.search_path, options.lang or profile.language)
        for kind in DOCUMENTS:
            templates.env.get_template(kind.template)
    except Exception:
        pass


def _make_one(options: MakeOptions) -> PackOutcome:
    from briefgen.build import build

    try:
        return PackOutcome(options.counterpart, build(options, workspace=_workspace))
    except BriefgenError as exc:
        return PackOutcome(options.counterpart, errors=exc.lines())


# -- on the command line -------------------------------------------------------------------


def run_all(options: MakeOptions) -> int:
    """`make --all`: a progress bar on stderr, a table of the packs on stdout, warnings and
    failures on stderr; the exit status (1 when any pack failed)."""
    from briefgen.console import err_console, out_console, warn

    with _progress_bar() as advance:
        result = make_all(options, advance)
    for line in result.warnings:
        warn(line)
    for outcome in result.failed:
        for line in outcome.errors:
            err_console().print(f"{outcome.counterpart}: {line}", style="red")
    out_console().print(_table(result))
    rate = len(result.made) / result.seconds if result.seconds else 0.0
    out_console().print(
        f"{len(result.made)} of {len(result.outcomes)} packs in {result.seconds:.1f} s "
        f"({rate:.2f} packs/s, {result.workers} worker processes)"
    )
    return 1 if result.failed else 0


def _table(result: BatchResult) -> Any:
    from rich.table import Table

    from briefgen.documents import PACK_FILE_NAME

    table = Table(title="Packs written", title_justify="left")
    table.add_column("Counterpart")
    table.add_column("Briefing pack")
    table.add_column("Pages", justify="right")
    table.add_column("Files", justify="right")
    for outcome in result.outcomes:
        if outcome.result is None:
            table.add_row(outcome.counterpart, "failed", "–", "0")
            continue
        files = outcome.result.files
        pack = next((f for f in files if PACK_FILE_NAME in f.path.name), None)
        table.add_row(
            outcome.counterpart,
            str(pack.path) if pack else "–",
            pack.pages if pack and pack.pages else "–",
            str(len(files)),
        )
    return table


@contextlib.contextmanager
def _progress_bar() -> Iterator[Progress]:
    """A bar of the packs made, on stderr; silent when stderr is not a terminal."""
    from briefgen.console import err_console

    console = err_console()
    if not console.is_terminal:
        yield lambda *_: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    columns = (
        TextColumn("Making packs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with RichProgress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("loading the workspace", total=None)

        def advance(outcome: PackOutcome | None, total: int) -> None:
            if outcome is None:
                bar.update(task, total=total, description="")
                return
            failed = "" if outcome.result is not None else " failed"
            bar.update(task, advance=1, description=f"{outcome.counterpart}{failed}")

        yield advance
