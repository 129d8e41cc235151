"""The command line's workspace commands: a ministry's templates (`templates init`,
`templates check`) and counterparts (`counterparts add`). cli.py adds them to `briefgen`."""

from __future__ import annotations

from typing import Annotated

import typer

from briefgen.cli_options import (
    AsOfOption,
    CheckLangOption,
    CheckProfileArgument,
    DataOption,
    NewProfileArgument,
    PlainArguments,
    SourceProfileOption,
    parse_as_of,
)
from briefgen.ui.boundary import boundary
from briefgen.ui.console import out_console
from briefgen.ui.reports import print_lines

templates_app = typer.Typer(
    help="Create and check a ministry's templates.",
    no_args_is_help=True,
    rich_markup_mode=None,
    epilog="Example: briefgen templates init mfa-americas --from mfa",
)


@templates_app.command(
    "init", cls=PlainArguments, epilog="Example: briefgen templates init mfa-americas --from mfa"
)
@boundary
def templates_init(
    name: NewProfileArgument,
    source: SourceProfileOption = None,
    data: DataOption = None,
) -> None:
    """Copy a profile and its templates into the workspace's templates/<name>/ to edit."""
    from briefgen.scaffold import init_templates
    from briefgen.store import data_dir

    print_lines([f"created {path}" for path in init_templates(name, source, data_dir(data))])


@templates_app.command(
    "check", cls=PlainArguments, epilog="Example: briefgen templates check mfa-americas"
)
@boundary
def templates_check(
    name: CheckProfileArgument = None,
    data: DataOption = None,
    as_of: AsOfOption = None,
    lang: CheckLangOption = None,
) -> None:
    """Render every document with the workspace's records and report what is broken."""
    from briefgen.errors import CheckFailed
    from briefgen.store import data_dir
    from briefgen.templatecheck import check_ministry, ministries_to_check

    root = data_dir(data)
    from briefgen.settings import load_settings

    lang = lang or load_settings(root).language
    problems: list[str] = []
    for ministry in ministries_to_check(name, root):
        report = check_ministry(ministry, root, parse_as_of(as_of), lang)
        print_lines(report.notes)
        problems += report.problems
    if problems:
        raise CheckFailed(problems)


counterparts_app = typer.Typer(
    help="Add counterparts.",
    no_args_is_help=True,
    rich_markup_mode=None,
    epilog="Example: briefgen counterparts add GB",
)


@counterparts_app.command("add", cls=PlainArguments, epilog="Example: briefgen counterparts add GB")
@boundary
def counterparts_add(
    code: Annotated[str, typer.Argument(metavar="CODE", help="ISO 3166 country code, e.g. GB")],
    data: DataOption = None,
) -> None:
    """Write counterparts/CODE.yaml with the country's English and Thai names from CLDR."""
    from briefgen.ingest.counterparts import add_counterpart
    from briefgen.store import data_dir

    out_console().print(f"created {add_counterpart(code, data_dir(data))}")
