"""Where messages go: results on stdout, progress, warnings and errors on stderr.

Messages are printed without wrapping or markup, so a long `path:line:column` message stays
on one line and can be read by tools and tests alike.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from briefgen.build import BuildResult
    from briefgen.errors import Problem


@functools.cache
def out_console() -> Console:
    from rich.console import Console

    return Console(soft_wrap=True, highlight=False, markup=False)


@functools.cache
def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False, markup=False)


def warn(message: str) -> None:
    err_console().print(f"warning: {message}", style="yellow")


def print_warnings(problems: Iterable[Problem]) -> None:
    for problem in problems:
        warn(str(problem))


@contextlib.contextmanager
def progress_display() -> Iterator[Callable[[str], None]]:
    """A spinner on stderr naming the current step; silent when stderr is not a terminal."""
    console = err_console()
    if not console.is_terminal:
        yield lambda _: None
        return
    with console.status("Starting") as status:
        yield lambda step: status.update(step)


def report_build(result: BuildResult) -> None:
    from rich.table import Table

    for line in result.notes():
        warn(line)
    table = Table(title="Files written", title_justify="left")
    table.add_column("File")
    table.add_column("Pages", justify="right")
    table.add_column("Size", justify="right")
    for written in result.files:
        table.add_row(str(written.path), written.pages or "–", f"{written.size / 1024:.0f} KB")
    out_console().print(table)
