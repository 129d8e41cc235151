"""The command line. Thin: each command parses options, calls one function, prints the result.

The one boundary for user errors is `boundary`: a BriefgenError becomes a red message on
stderr and exit code 1. Heavy libraries load inside the commands that need them, so that
`briefgen --help` answers at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from briefgen import __version__
from briefgen.console import err_console, out_console, print_warnings
from briefgen.errors import BriefgenError

app = typer.Typer(
    help="Briefing packs for diplomatic and defence meetings, from records of past meetings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Workspace folder with counterparts/, meetings/ and topics.yaml "
        "[default: $BRIEFGEN_DATA or ./seeds]",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Reference date (YYYY-MM-DD) for overdue commitments [default: today]"),
]


def boundary(command: F) -> F:
    """Turn any BriefgenError raised by the command into a red message and exit code 1."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BriefgenError as exc:
            for line in exc.lines():
                err_console().print(line, style="red")
            raise typer.Exit(1) from None

    return run  # type: ignore[return-value]


def parse_as_of(text: str | None) -> date:
    from briefgen.errors import InputError

    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--as-of: '{text}' is not a date; write YYYY-MM-DD") from None


def version_callback(value: bool) -> None:
    if value:
        out_console().print(f"briefgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True,
                           help="Show the version and exit.")
    ] = False,
) -> None:
    """Briefing packs for diplomatic and defence meetings, from records of past meetings."""


@app.command()
@boundary
def validate(data: DataOption = None, as_of: AsOfOption = None) -> None:
    """Check every record in the workspace and report every problem, with file, line and field."""
    from briefgen.overview import workspace_summary
    from briefgen.store import data_dir, load_workspace

    workspace = load_workspace(data_dir(data))
    print_warnings(workspace.warnings)
    out_console().print(workspace_summary(workspace, parse_as_of(as_of)))


@app.command("list")
@boundary
def list_counterparts(
    data: DataOption = None,
    as_of: AsOfOption = None,
    ministry: Annotated[str, typer.Option(help="Ministry profile, for the home country")] = "default",
) -> None:
    """Show counterparts with their meetings and open and overdue commitments."""
    from briefgen.profiles import load_profile
    from briefgen.store import data_dir, load_workspace
    from briefgen.tables import counterparts_table

    root = data_dir(data)
    workspace = load_workspace(root)
    profile = load_profile(ministry, root)
    print_warnings(workspace.warnings)
    out_console().print(counterparts_table(workspace, profile.home, parse_as_of(as_of)))


def main() -> None:
    app()
