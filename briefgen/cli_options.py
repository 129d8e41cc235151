"""What the command line's options take and how they read, in the officer's words.

Every option that takes a value names it by a metavar (EMAIL, PORT, CODE, DIR, DATE), so
no `--help` shows a Python type; the values are read here, with one message per mistake.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from briefgen.console import err_console

if TYPE_CHECKING:
    from briefgen.build import BuildResult


class PlainArguments(typer.core.TyperCommand):
    """A command whose arguments show by their metavar alone in --help (FILE), without the
    type typer adds after it (<path>), which speaks Python, not the officer's words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, typer.core.TyperArgument) and param.metavar:
                setattr(param, "display_type_rich", lambda ctx: None)  # noqa: B010


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="DIR",
        help="Workspace folder with counterparts/, meetings/ and topics.yaml "
        "[default: $BRIEFGEN_DATA or ./seeds]",
        show_default=False,
    ),
]
COUNTERPART_HELP = "Code, name or alias, English or Thai: US, USA, United States, สหรัฐฯ"
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Reference date (YYYY-MM-DD) [default: today]: which meetings are past and which "
        "planned, and what is overdue; a pack for a meeting counts overdue to its date",
    ),
]
MeetingOption = Annotated[
    str | None,
    typer.Option(metavar="ID", help="Meeting id [default: the next planned meeting]"),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        metavar="LANG",
        help="Language of the pack, en or th [default: briefgen.yaml's, else the profile's]",
    ),
]
ToOption = Annotated[
    list[str], typer.Option("--to", metavar="EMAIL", help="Recipient; repeat for more")
]
CcOption = Annotated[
    list[str] | None, typer.Option("--cc", metavar="EMAIL", help="Copy to; repeat for more")
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="EMAIL",
        help="Sender address (needed with --send) [default: briefgen.yaml's]",
    ),
]
SmtpHostOption = Annotated[
    str | None,
    typer.Option(metavar="HOST", help="SMTP server [default: $BRIEFGEN_SMTP_HOST]"),
]
SmtpPortOption = Annotated[
    int | None,
    typer.Option(
        metavar="PORT", help="SMTP port [default: $BRIEFGEN_SMTP_PORT; 587, or 25 with --no-tls]"
    ),
]
SmtpUserOption = Annotated[
    str | None,
    typer.Option(metavar="USER", help="SMTP login [default: $BRIEFGEN_SMTP_USER; none]"),
]
SmtpCaOption = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE", help="CA certificates for the server [default: $BRIEFGEN_SMTP_CA]"
    ),
]


def parse_as_of(text: str | None) -> date:
    from briefgen.errors import InputError

    if text is None:
        return date.today()
    from briefgen.calendar import BE_OFFSET, LAST_PLAUSIBLE_CE_YEAR

    year, _, rest = text.partition("-")
    if year.isdigit() and int(year) > LAST_PLAUSIBLE_CE_YEAR:  # as records refuse them
        raise InputError(
            f"--as-of: year {year} looks like a Buddhist-Era year; write the Common-Era date "
            f"{int(year) - BE_OFFSET}-{rest}"
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--as-of: '{text}' is not a date; write YYYY-MM-DD") from None


def explain_as_of(as_of: str | None, result: BuildResult, counterpart: str | None) -> None:
    """One line when --as-of was given but a planned meeting's date counts instead."""
    meeting = result.meeting
    if as_of is None or meeting is None or meeting.status != "planned":
        return
    err_console().print(
        f"note: --as-of {as_of} does not apply to the planned meeting {meeting.key}, whose "
        f"pack counts as of its own date ({meeting.date.iso()}); for a past meeting give "
        f"--meeting ID (see: briefgen list --meetings -c {counterpart}), or an --as-of after "
        "every planned meeting for a general brief"
    )


def parse_classification(text: str | None) -> str | None:
    """A level of `make` and `mail`, from the one definition the profiles use."""
    from briefgen.profiles import check_classification

    return check_classification(text, "--classification")


def parse_variant(text: str | None) -> str | None:
    from briefgen.errors import InputError

    variants = ("pdf/a-3b", "pdf/ua-1")
    if text is not None and text not in variants:
        raise InputError(
            f"--pdf-variant: unknown variant '{text}'; use one of: {', '.join(variants)}"
        )
    return text
