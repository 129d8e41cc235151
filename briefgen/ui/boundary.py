"""The one place where errors a user can fix become a message: any BriefgenError raised by a
command is printed, one line per problem, and the command exits with code 1. Anything else is
a bug in briefgen and keeps its traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from briefgen.errors import BriefgenError
from briefgen.ui.console import print_errors

F = TypeVar("F", bound=Callable[..., Any])


def boundary(command: F) -> F:
    """Turn any BriefgenError raised by the command into a red message and exit code 1."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BriefgenError as exc:
            print_errors(exc.lines())
            raise typer.Exit(1) from None

    return run  # type: ignore[return-value]
