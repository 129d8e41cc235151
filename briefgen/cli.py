"""The command line. Thin: each command parses options, calls one function, prints the result.

The one boundary for user errors is `boundary`: a BriefgenError becomes a red message on
stderr and exit code 1. Heavy libraries load inside the commands that need them, so that
`briefgen --help` answers at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

import briefgen
from briefgen import __version__
from briefgen.cli_options import (
    COUNTERPART_HELP,
    AsOfOption,
    CcOption,
    DataOption,
    FromOption,
    LangOption,
    MeetingOption,
    PlainArguments,
    SmtpCaOption,
    SmtpHostOption,
    SmtpPortOption,
    SmtpUserOption,
    ToOption,
    explain_as_of,
    parse_as_of,
    parse_classification,
    parse_variant,
)
from briefgen.console import (
    err_console,
    out_console,
    print_warnings,
    progress_display,
    report_build,
)
from briefgen.errors import BriefgenError

app = typer.Typer(
    help="Briefing packs for diplomatic and defence meetings, from records of past meetings.",
    no_args_is_help=True,
    epilog="Example: briefgen make -c US --classification confidential --out packs",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help is plain text: "[default: today]" is shown, not markup
)

F = TypeVar("F", bound=Callable[..., Any])


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


def version_callback(value: bool) -> None:
    if value:
        out_console().print(f"briefgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Briefing packs for diplomatic and defence meetings, from records of past meetings."""


@app.command(epilog="Example: briefgen validate --data ~/records")
@boundary
def validate(
    data: DataOption = None,
    as_of: AsOfOption = None,
    lang: Annotated[
        str | None,
        typer.Option(
            metavar="LANG", help="Also list every field a pack in this language shows in another"
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="With --lang: such fields are errors (exit 1)")
    ] = False,
) -> None:
    """Check every record in the workspace and report every problem, with file, line and field."""
    from briefgen.errors import DataError
    from briefgen.meetingchecks import meeting_problems
    from briefgen.overview import load_checked_workspace, workspace_summary
    from briefgen.store import data_dir

    root = data_dir(data)
    workspace = load_checked_workspace(root)
    meeting_warnings, meeting_errors = meeting_problems(workspace, parse_as_of(as_of))
    print_warnings([*workspace.warnings, *meeting_warnings])
    if meeting_errors:
        raise DataError(meeting_errors)
    summary = workspace_summary(workspace, parse_as_of(as_of))
    if lang is not None:
        from briefgen.fallbacks import desk_fallbacks, fields_without

        shown_otherwise = desk_fallbacks(workspace, lang)
        if strict and shown_otherwise:
            raise DataError(shown_otherwise)
        print_warnings(shown_otherwise)
        summary += f"; {fields_without(len(shown_otherwise), lang)}"
    out_console().print(summary)


@app.command("list", epilog="Example: briefgen list --meetings -c US")
@boundary
def list_counterparts(
    data: DataOption = None,
    as_of: AsOfOption = None,
    ministry: Annotated[
        str | None,
        typer.Option(
            metavar="PROFILE",
            help="Ministry profile, for the home country [default: briefgen.yaml's]",
        ),
    ] = None,
    meetings: Annotated[
        bool, typer.Option("--meetings", help="List meetings, with the ids --meeting takes")
    ] = False,
    counterpart: Annotated[
        str | None,
        typer.Option(
            "--counterpart", "-c", metavar="CODE", help="Only this counterpart's meetings"
        ),
    ] = None,
) -> None:
    """Show counterparts with their last and next meetings and open and overdue commitments."""
    from briefgen.profiles import load_profile
    from briefgen.settings import desk_defaults
    from briefgen.store import data_dir, find_counterpart, load_workspace
    from briefgen.tables import counterparts_table, meetings_table

    root = data_dir(data)
    ministry = desk_defaults(root, ministry, None, None)[0]
    profile = load_profile(ministry, root)
    workspace = load_workspace(root)
    reference = parse_as_of(as_of)
    print_warnings(workspace.warnings)
    if not meetings and counterpart is None:
        out_console().print(counterparts_table(workspace, profile.home, reference))
        return
    code = find_counterpart(workspace, counterpart, profile.home).code if counterpart else None
    out_console().print(meetings_table(workspace, profile.home, code, reference))


@app.command(epilog="Example: briefgen make -c Japan --meeting 2026-12-10-th-jp --lang th")
@boundary
def make(
    counterpart: Annotated[
        str | None,
        typer.Option("--counterpart", "-c", metavar="CODE", help=COUNTERPART_HELP),
    ] = None,
    meeting: MeetingOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
    data: DataOption = None,
    out: Annotated[Path, typer.Option(metavar="DIR", help="Output folder")] = Path("output"),
    ministry: Annotated[
        str | None,
        typer.Option(
            metavar="PROFILE",
            help="Ministry profile: default, mfa, mod, … [default: briefgen.yaml's]",
        ),
    ] = None,
    classification: Annotated[
        str | None,
        typer.Option(
            metavar="LEVEL",
            help="Marking: none, confidential, secret, top-secret "
            "[default: briefgen.yaml's, else the profile's]",
        ),
    ] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Mark every page DRAFT")] = False,
    pdf_variant: Annotated[
        str | None,
        typer.Option(metavar="VARIANT", help="pdf/a-3b (archival) or pdf/ua-1 (accessible)"),
    ] = None,
    all_packs: Annotated[
        bool,
        typer.Option("--all", help="Every counterpart with a planned meeting, in parallel"),
    ] = False,
) -> None:
    """Make the briefing pack (brief, talking points, annex) as PDF and DOCX."""
    from briefgen.build import MakeOptions, build
    from briefgen.errors import InputError
    from briefgen.store import data_dir

    if all_packs == (counterpart is not None):
        raise InputError(
            "give --counterpart for one pack, or --all for every counterpart with a planned meeting"
        )
    if all_packs and meeting is not None:
        raise InputError("--meeting names one counterpart's meeting; it cannot go with --all")
    from briefgen.settings import desk_defaults

    ministry, lang, classification = desk_defaults(data_dir(data), ministry, lang, classification)
    options = MakeOptions(
        counterpart=counterpart or "",
        meeting=meeting,
        as_of=parse_as_of(as_of),
        lang=lang,
        data=data_dir(data),
        out=out,
        ministry=ministry,
        classification=parse_classification(classification),
        draft=draft,
        pdf_variant=parse_variant(pdf_variant),
    )
    if all_packs:
        from briefgen.batch import run_all

        if run_all(options):
            raise typer.Exit(1)
        return
    with progress_display() as step:
        result = build(options, step)
    report_build(result)
    explain_as_of(as_of, result, counterpart)


@app.command(
    epilog="Example: briefgen mail -c US --to desk@mfa.go.th --classification confidential"
)
@boundary
def mail(
    counterpart: Annotated[
        str, typer.Option("--counterpart", "-c", metavar="CODE", help=COUNTERPART_HELP)
    ],
    to: ToOption,
    cc: CcOption = None,
    sender: FromOption = None,
    meeting: MeetingOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
    data: DataOption = None,
    out: Annotated[
        Path, typer.Option(metavar="DIR", help="Folder of the pack and the draft")
    ] = Path("output"),
    ministry: Annotated[
        str | None,
        typer.Option(
            metavar="PROFILE", help="Ministry profile: default, mfa, … [default: briefgen.yaml's]"
        ),
    ] = None,
    classification: Annotated[
        str | None,
        typer.Option(
            metavar="LEVEL",
            help="Marking the pack must carry: none, confidential, secret, top-secret "
            "[default: the pack's own]",
        ),
    ] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="The pack must be marked DRAFT; so is the e-mail")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Attach the pack even if marked otherwise or older than its records"
        ),
    ] = False,
    send: Annotated[bool, typer.Option("--send", help="Also send it over SMTP")] = False,
    smtp_host: SmtpHostOption = None,
    smtp_port: SmtpPortOption = None,
    smtp_user: SmtpUserOption = None,
    smtp_ca: SmtpCaOption = None,
    no_tls: Annotated[
        bool, typer.Option("--no-tls", help="Send without STARTTLS (trusted networks only)")
    ] = False,
) -> None:
    """Write the pack as an e-mail draft (.eml) with the pack PDF attached; --send sends it.

    The SMTP password comes only from $BRIEFGEN_SMTP_PASSWORD or a prompt.
    """
    import getpass
    import sys

    from briefgen.build import MakeOptions
    from briefgen.console import warn
    from briefgen.errors import MailError
    from briefgen.mail import MailOptions, SmtpSettings, make_draft, smtp_password
    from briefgen.mail import send as send_mail
    from briefgen.settings import desk_defaults, load_settings
    from briefgen.store import data_dir

    desk_mail = load_settings(data_dir(data)).mail
    sender = sender or desk_mail.sender
    ministry, lang, _ = desk_defaults(data_dir(data), ministry, lang, None)
    make_options = MakeOptions(
        counterpart=counterpart,
        meeting=meeting,
        as_of=parse_as_of(as_of),
        lang=lang,
        data=data_dir(data),
        out=out,
        ministry=ministry,
        classification=parse_classification(classification),
        draft=draft,
    )
    settings = None
    if send:  # check the settings before any work is done
        settings = SmtpSettings.resolve(
            smtp_host, smtp_port, smtp_user, tls=not no_tls, ca_file=smtp_ca
        )
        sender = sender or (settings.user if "@" in (settings.user or "") else None)
        if not sender:
            raise MailError("--send needs a sender: give --from")
    options = MailOptions(
        make=make_options,
        to=to,
        cc=cc or [],
        sender=sender,
        reply_to=desk_mail.reply_to,
        force=force,
    )
    with progress_display() as step:
        written = make_draft(options, step)
    if written.built is not None:
        report_build(written.built)
        explain_as_of(as_of, written.built, counterpart)
    size = f"{written.file.size / 1024:.0f} KB"
    out_console().print(f"E-mail draft written: {written.file.path} ({size})")
    if settings is not None:
        prompt = getpass.getpass if sys.stdin.isatty() else None
        refused = send_mail(written.message, settings, smtp_password(settings, prompt))
        for address, (code, reply) in refused.items():
            warn(f"{settings.where} refused {address}: {code} {reply.decode('utf-8', 'replace')}")
        tls = "STARTTLS" if settings.tls else "no TLS"
        out_console().print(f"Sent through {settings.where} ({tls}).")


templates_app = typer.Typer(
    help="Create and check a ministry's templates.",
    no_args_is_help=True,
    rich_markup_mode=None,
    epilog="Example: briefgen templates init mfa-americas --from mfa",
)
app.add_typer(templates_app, name="templates")


@templates_app.command(
    "init", cls=PlainArguments, epilog="Example: briefgen templates init mfa-americas --from mfa"
)
@boundary
def templates_init(
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="The ministry's profile name, e.g. mfa-americas"),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="PROFILE",
            help="Built-in profile to start from [default: the one of the same name, else default]",
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Copy a profile and its templates into the workspace's templates/<name>/ to edit."""
    from briefgen.scaffold import init_templates
    from briefgen.store import data_dir

    for path in init_templates(name, source, data_dir(data)):
        out_console().print(f"created {path}")


@templates_app.command(
    "check", cls=PlainArguments, epilog="Example: briefgen templates check mfa-americas"
)
@boundary
def templates_check(
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help="Ministry to check [default: all]")
    ] = None,
    data: DataOption = None,
    as_of: AsOfOption = None,
    lang: Annotated[
        str | None,
        typer.Option(
            metavar="LANG", help="Language [default: briefgen.yaml's, else the profile's]"
        ),
    ] = None,
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
        for note in report.notes:
            out_console().print(note)
        problems += report.problems
    if problems:
        raise CheckFailed(problems)


@app.command(cls=PlainArguments, epilog="Example: briefgen ingest release.html -c US --dry-run")
@boundary
def ingest(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="Press release: .txt, or .html saved from a page"),
    ],
    counterpart: Annotated[
        str | None, typer.Option("--counterpart", "-c", metavar="CODE", help=COUNTERPART_HELP)
    ] = None,
    data: DataOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the draft or the changes; write nothing")
    ] = False,
) -> None:
    """Draft a meeting record from a press release, English or Thai, with notes for review."""
    from briefgen.ingest import ingest as ingest_release
    from briefgen.ingest import print_report
    from briefgen.store import data_dir

    print_report(ingest_release(file, data_dir(data), counterpart=counterpart, dry_run=dry_run))


counterparts_app = typer.Typer(
    help="Add counterparts.",
    no_args_is_help=True,
    rich_markup_mode=None,
    epilog="Example: briefgen counterparts add GB",
)
app.add_typer(counterparts_app, name="counterparts")


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


def main() -> None:
    briefgen.SHORT_LIVED_PROCESS = True  # this process loads one workspace, then ends
    app()
