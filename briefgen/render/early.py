"""A cold `make`'s layouts, started before the records are read.

A `briefgen make` spends its first 0.3 s loading briefgen and reading and composing the
records, and only then loaded WeasyPrint (0.3-0.5 s more) in each process that lays out.
`start_layouts()`, called as the command starts (briefgen/launch.py, else cli.py), forks one
child that loads
WeasyPrint and the code that lays out a pack meanwhile, on the CPU this process leaves idle,
and then waits for the pack to lay out (a `LayoutJob`), sent once it is composed
(build.render_pack). There, once WeasyPrint is warmed up with the profile's stylesheets and
fonts, a child of that child lays out and writes each of the talking points and the annex
while it fits the brief (render/fit.py): nothing is loaded twice, and the three documents lay
out at once. The written PDFs and the fitted brief come back here, where the DOCX files and
the pack PDF are made as ever.

It is `aside` work (render/aside.py): a child that fails, or no child at all, leaves the
same layouts to be made here, with the same result or the same error; a pack's own error (a
brief that cannot fit) comes back from the child as it is, rather than be worked out twice.
Forked before the run began, the child opens its own budget of time and memory (budget.py)
as it starts, so that loading WeasyPrint counts as it does where the run loads it; the
parent's deadline still holds over the whole run. When the pack is no longer wanted, the
child is asked to end (SIGTERM) before it is killed, so that it ends its own children; their
font folders are made inside its own (render/engine.py), which the parent removes, so none is
left even when the child is ended at once (Ctrl-C).
"""

from __future__ import annotations

import atexit
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.budget import BudgetExceeded
from briefgen.errors import BriefgenError
from briefgen.render.aside import Inbox, aside, ending_deferred, forks

if TYPE_CHECKING:
    from briefgen.compose.context import Brief, Header
    from briefgen.documents import DocumentKind
    from briefgen.profiles import Profile
    from briefgen.render.pack import Written


@dataclass
class LayoutJob:
    """What to lay out: the brief to fit, and the HTML of the other documents."""

    profile: Profile
    lang: str
    workspace: Path
    brief: Brief
    others: list[tuple[str, DocumentKind, Header]]  # (html, kind, header), in pack order


@dataclass
class LaidOut:
    fitted: Brief  # the brief as fitted to one page
    documents: list[Written]  # the brief's, then the others, in order
    refusals: list[str]  # resources the policy refused meanwhile


class EarlyLayouts:
    """The child started by `start_layouts`: `lay_out(job)` once, or `cancel()`."""

    def __init__(self) -> None:
        self._inbox = Inbox()
        self._started = aside(self._work, self._inbox)

    def lay_out(self, job: LayoutJob) -> LaidOut:
        self._inbox.send(job)
        done = self._started.result()
        if isinstance(done, BriefgenError):
            raise done
        return done

    def cancel(self) -> None:
        # Asked to end first, it ends the children it started and removes their fonts.
        self._started.cancel(grace=CANCEL_GRACE)

    def _work(self) -> LaidOut | BriefgenError:
        from briefgen import budget

        # The run's budget from now: what loading WeasyPrint takes counts, as it does in a
        # process that loads it within its run (build.py). A child over it fails, and the
        # layouts are then made in the parent, under its own budget, which says so.
        with budget.run_budget():
            from briefgen.render import fit  # noqa: F401  (the layout code, loaded meanwhile)
            from briefgen.render.engine import font_config

            font_config()  # WeasyPrint, imported the quick way, and this process's fonts
            job = self._inbox.receive()
            try:
                return lay_out_job(job)
            except BudgetExceeded:
                raise  # the child's: the layouts are made again under the run's own budget
            except BriefgenError as error:  # the pack's: raised here as it would be there
                return error


# How long the child has to end its own children when it is no longer wanted.
CANCEL_GRACE = 2.0


def start_layouts() -> EarlyLayouts | None:
    """The layout child started as the command began (`start_layouts_for_later`), else one
    started now, where there is a second CPU to load it on; else None."""
    if _for_later:
        return _for_later.pop()
    from briefgen.render import engine  # noqa: F401  (it prepares each child's fonts)

    return EarlyLayouts() if forks() else None


def start_layouts_for_later() -> None:
    """Start the layout child now, for `start_layouts` to hand over; ended at exit if it
    never was (the command line refused what was typed)."""
    started = start_layouts()
    if started is not None:
        _for_later.append(started)
        atexit.register(started.cancel)


_for_later: list[EarlyLayouts] = []


def lay_out_job(job: LayoutJob) -> LaidOut:
    """Fit the brief and lay out and write every document (in children of this process
    where that helps: PackRenderer.pdf_all)."""
    from briefgen import budget
    from briefgen.render.fit import fit_one_page
    from briefgen.render.pack import PackRenderer

    renderer = PackRenderer(job.profile, job.lang, job.workspace, None)
    others = None
    with budget.run_budget():  # the run's (shared with one already open: budget.py)
        try:
            with ending_deferred():  # asked to end meanwhile, it ends the children it forked
                others = renderer.pdf_all(job.others)
            fitted, brief = fit_one_page(job.brief, renderer)
            documents = [brief.written(), *others.result()]
        finally:
            if others is not None:
                others.cancel()
    return LaidOut(fitted, documents, list(renderer.policy.refusals))
