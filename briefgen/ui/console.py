"""Where messages go: results on stdout, progress, warnings and errors on stderr.

Messages are printed without wrapping or markup, so a long `path:line:column` message stays
on one line and can be read by tools and tests alike.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

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


def print_warnings(problems: Iterable[Problem | str]) -> None:
    for problem in problems:
        warn(str(problem))


def print_errors(lines: Iterable[str]) -> None:
    """Error lines, in red on stderr."""
    for line in lines:
        err_console().print(line, style="red")
