"""What the command line's options take and how they read, in the officer's words.

Every option that takes a value names it by a metavar (EMAIL, PORT, CODE, DIR, DATE), so
no `--help` shows a Python type; the values are read here, with one message per mistake.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from briefgen.markings import CLASSIFICATIONS, PDF_VARIANT_USES, PDF_VARIANTS

if TYPE_CHECKING:
    from briefgen.build import MakeOptions


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


CounterpartOption = Annotated[
    str | None, typer.Option("--counterpart", "-c", metavar="CODE", help=COUNTERPART_HELP)
]
ProfileOption = Annotated[
    str | None,
    typer.Option(
        metavar="PROFILE", help="Ministry profile: default, mfa, mod, … [default: briefgen.yaml's]"
    ),
]
_LEVELS = ", ".join(CLASSIFICATIONS)
ClassificationOption = Annotated[
    str | None,
    typer.Option(
        metavar="LEVEL",
        help=f"Marking: {_LEVELS} [default: briefgen.yaml's, else the profile's]",
    ),
]
PdfVariantOption = Annotated[
    str | None,
    typer.Option(
        metavar="VARIANT",
        help=" or ".join(f"{variant} ({PDF_VARIANT_USES[variant]})" for variant in PDF_VARIANTS),
    ),
]
DraftOption = Annotated[bool, typer.Option("--draft", help="Mark every page DRAFT")]
AllOption = Annotated[
    bool, typer.Option("--all", help="Every counterpart with a planned meeting, in parallel")
]
OutOption = Annotated[Path, typer.Option(metavar="DIR", help="Output folder")]

# `mail`'s own: it finds, or makes, the pack it sends.
MailOutOption = Annotated[
    Path, typer.Option(metavar="DIR", help="Folder of the pack and the draft")
]
MailProfileOption = Annotated[
    str | None,
    typer.Option(
        metavar="PROFILE", help="Ministry profile: default, mfa, … [default: briefgen.yaml's]"
    ),
]
MailClassificationOption = Annotated[
    str | None,
    typer.Option(
        metavar="LEVEL",
        help=f"Marking the pack must carry: {_LEVELS} [default: the pack's own]",
    ),
]
MailDraftOption = Annotated[
    bool, typer.Option("--draft", help="The pack must be marked DRAFT; so is the e-mail")
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Attach the pack even if marked otherwise or older than its records"
    ),
]
SendOption = Annotated[bool, typer.Option("--send", help="Also send it over SMTP")]
NoTlsOption = Annotated[
    bool, typer.Option("--no-tls", help="Send without STARTTLS (trusted networks only)")
]


# `validate`, `list`, `templates` and `ingest`.
FallbackLangOption = Annotated[
    str | None,
    typer.Option(
        metavar="LANG", help="Also list every field a pack in this language shows in another"
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="With --lang: such fields are errors (exit 1)")
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every record file again, not the workspace's .briefgen-cache "
        "[also: $BRIEFGEN_NO_CACHE=1]",
    ),
]
HomeProfileOption = Annotated[
    str | None,
    typer.Option(
        metavar="PROFILE", help="Ministry profile, for the home country [default: briefgen.yaml's]"
    ),
]
MeetingsOption = Annotated[
    bool, typer.Option("--meetings", help="List meetings, with the ids --meeting takes")
]
OnlyCounterpartOption = Annotated[
    str | None,
    typer.Option("--counterpart", "-c", metavar="CODE", help="Only this counterpart's meetings"),
]
NewProfileArgument = Annotated[
    str, typer.Argument(metavar="NAME", help="The ministry's profile name, e.g. mfa-americas")
]
SourceProfileOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="PROFILE",
        help="Built-in profile to start from [default: the one of the same name, else default]",
    ),
]
CheckProfileArgument = Annotated[
    str | None, typer.Argument(metavar="NAME", help="Ministry to check [default: all]")
]
CheckLangOption = Annotated[
    str | None,
    typer.Option(metavar="LANG", help="Language [default: briefgen.yaml's, else the profile's]"),
]
ReleaseArgument = Annotated[
    Path, typer.Argument(metavar="FILE", help="Press release: .txt, or .html saved from a page")
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the draft or the changes; write nothing")
]


def parse_as_of(text: str | None) -> date:
    from briefgen.errors import InputError

    if text is None:
        return date.today()
    from briefgen.partialdates import BE_OFFSET, LAST_PLAUSIBLE_CE_YEAR

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


def parse_classification(text: str | None) -> str | None:
    """A level of `make` and `mail`, from the one definition the profiles use."""
    from briefgen.markings import check_classification

    return check_classification(text, "--classification")


def parse_variant(text: str | None) -> str | None:
    from briefgen.errors import InputError

    if text is not None and text not in PDF_VARIANTS:
        raise InputError(
            f"--pdf-variant: unknown variant '{text}'; use one of: {', '.join(PDF_VARIANTS)}"
        )
    return text


def pack_options(
    data: Path | None,
    *,
    counterpart: str,
    meeting: str | None,
    as_of: str | None,
    lang: str | None,
    out: Path,
    ministry: str | None,
    classification: str | None,
    draft: bool,
    pdf_variant: str | None = None,
    desk_level: bool = True,
) -> MakeOptions:
    """The pack `make` and `mail` ask for: the options given, then briefgen.yaml's ministry
    and language (and its classification, with `desk_level`), read and checked."""
    from briefgen.build import MakeOptions
    from briefgen.settings import desk_defaults
    from briefgen.store import data_dir

    root = data_dir(data)
    ministry, lang, desk = desk_defaults(
        root, ministry, lang, classification if desk_level else None
    )
    return MakeOptions(
        counterpart=counterpart,
        meeting=meeting,
        as_of=parse_as_of(as_of),
        lang=lang,
        data=root,
        out=out,
        ministry=ministry,
        classification=parse_classification(desk if desk_level else classification),
        draft=draft,
        pdf_variant=parse_variant(pdf_variant),
    )
