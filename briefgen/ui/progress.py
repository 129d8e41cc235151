"""What is being done, on stderr while it is done; nothing when stderr is not a terminal."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from briefgen.ui.console import err_console

if TYPE_CHECKING:
    from briefgen.batch import PackOutcome, Progress


@contextlib.contextmanager
def progress_display() -> Iterator[Callable[[str], None]]:
    """A spinner on stderr naming the current step."""
    console = err_console()
    if not console.is_terminal:
        yield lambda _: None
        return
    with console.status("Starting") as status:
        yield lambda step: status.update(step)


@contextlib.contextmanager
def packs_progress_bar() -> Iterator[Progress]:
    """A bar of the packs `make --all` has made."""
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
