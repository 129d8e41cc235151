"""Batch mode: `briefgen make --all`, the pack of every counterpart with a planned meeting.

The workspace is loaded and checked once, here, before any pack is made: bad records stop
the run with every problem listed, as for one pack. The packs are then made in worker
processes, one per CPU. Each worker sets itself up once (`_start_worker`): the workspace
(inherited from this process where processes fork, loaded again where they spawn),
WeasyPrint, the process's one font configuration, python-docx; templates are compiled on the
first pack and kept (see render/pack.py). Every pack is made by `build`, exactly as
`make --counterpart` makes it, into the same output folder (file names carry the counterpart
code and the meeting date, so packs never collide). A pack that fails comes back with its
error, as data, and the others go on; the command line reports it (ui/reports.py) and exits
with status 1.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
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
    # Why it failed: the user's BriefgenError, or what killed the worker (a bug).
    error: Exception | None = None


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
                    outcome = PackOutcome(code, error=exc)
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
    from briefgen.render.engine import font_config

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
        return PackOutcome(options.counterpart, error=exc)
