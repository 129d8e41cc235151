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

import briefgen
from briefgen import __version__
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
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help is plain text: "[default: today]" is shown, not markup
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
    typer.Option(
        "--as-of",
        help="Reference date (YYYY-MM-DD) [default: today]: which meetings are past and which "
        "planned, and what is overdue; a pack for a meeting counts overdue to its date",
    ),
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


def parse_classification(text: str | None) -> str | None:
    from briefgen.errors import InputError

    levels = ("none", "confidential", "secret", "top-secret")
    if text is not None and text not in levels:
        raise InputError(
            f"--classification: unknown level '{text}'; use one of: {', '.join(levels)}"
        )
    return text


def parse_variant(text: str | None) -> str | None:
    from briefgen.errors import InputError

    variants = ("pdf/a-3b", "pdf/ua-1")
    if text is not None and text not in variants:
        raise InputError(
            f"--pdf-variant: unknown variant '{text}'; use one of: {', '.join(variants)}"
        )
    return text


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
    ministry: Annotated[
        str, typer.Option(help="Ministry profile, for the home country")
    ] = "default",
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


@app.command()
@boundary
def make(
    counterpart: Annotated[
        str | None,
        typer.Option("--counterpart", "-c", help="Code, name or alias: US, USA, สหรัฐฯ"),
    ] = None,
    meeting: Annotated[
        str | None, typer.Option(help="Meeting id [default: the next planned meeting]")
    ] = None,
    as_of: AsOfOption = None,
    lang: Annotated[
        str | None, typer.Option(help="Language of the pack [default: the profile's]")
    ] = None,
    data: DataOption = None,
    out: Annotated[Path, typer.Option(help="Output folder")] = Path("output"),
    ministry: Annotated[
        str, typer.Option(help="Ministry profile: default, mfa, mod, …")
    ] = "default",
    classification: Annotated[
        str | None,
        typer.Option(
            help="Marking: none, confidential, secret, top-secret [default: the profile's]"
        ),
    ] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Mark every page DRAFT")] = False,
    pdf_variant: Annotated[
        str | None, typer.Option(help="pdf/a-3b (archival) or pdf/ua-1 (accessible)")
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


@app.command()
@boundary
def mail(
    counterpart: Annotated[
        str, typer.Option("--counterpart", "-c", help="Code, name or alias: US, USA, สหรัฐฯ")
    ],
    to: Annotated[list[str], typer.Option("--to", help="Recipient; repeat for more")],
    cc: Annotated[list[str] | None, typer.Option("--cc", help="Copy to; repeat for more")] = None,
    sender: Annotated[
        str | None, typer.Option("--from", help="Sender address (needed with --send)")
    ] = None,
    meeting: Annotated[
        str | None, typer.Option(help="Meeting id [default: the next planned meeting]")
    ] = None,
    as_of: AsOfOption = None,
    lang: Annotated[
        str | None, typer.Option(help="Language of the pack [default: the profile's]")
    ] = None,
    data: DataOption = None,
    out: Annotated[Path, typer.Option(help="Folder of the pack and the draft")] = Path("output"),
    ministry: Annotated[str, typer.Option(help="Ministry profile: default, mfa, …")] = "default",
    send: Annotated[bool, typer.Option("--send", help="Also send it over SMTP")] = False,
    smtp_host: Annotated[
        str | None, typer.Option(help="SMTP server [default: $BRIEFGEN_SMTP_HOST]")
    ] = None,
    smtp_port: Annotated[
        int | None, typer.Option(help="[default: $BRIEFGEN_SMTP_PORT; 587, or 25 with --no-tls]")
    ] = None,
    smtp_user: Annotated[
        str | None, typer.Option(help="SMTP login [default: $BRIEFGEN_SMTP_USER; none]")
    ] = None,
    smtp_ca: Annotated[
        Path | None,
        typer.Option(help="CA certificates for the server [default: $BRIEFGEN_SMTP_CA]"),
    ] = None,
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
    from briefgen.store import data_dir

    make_options = MakeOptions(
        counterpart=counterpart,
        meeting=meeting,
        as_of=parse_as_of(as_of),
        lang=lang,
        data=data_dir(data),
        out=out,
        ministry=ministry,
    )
    settings = None
    if send:  # check the settings before any work is done
        settings = SmtpSettings.resolve(
            smtp_host, smtp_port, smtp_user, tls=not no_tls, ca_file=smtp_ca
        )
        sender = sender or (settings.user if "@" in (settings.user or "") else None)
        if not sender:
            raise MailError("--send needs a sender: give --from")
    options = MailOptions(make=make_options, to=to, cc=cc or [], sender=sender)
    with progress_display() as step:
        draft = make_draft(options, step)
    if draft.built is not None:
        report_build(draft.built)
    size = f"{draft.file.size / 1024:.0f} KB"
    out_console().print(f"E-mail draft written: {draft.file.path} ({size})")
    if settings is not None:
        prompt = getpass.getpass if sys.stdin.isatty() else None
        refused = send_mail(draft.message, settings, smtp_password(settings, prompt))
        for address, (code, reply) in refused.items():
            warn(f"{settings.where} refused {address}: {code} {reply.decode('utf-8', 'replace')}")
        tls = "STARTTLS" if settings.tls else "no TLS"
        out_console().print(f"Sent through {settings.where} ({tls}).")


templates_app = typer.Typer(
    help="Create and check a ministry's templates.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(templates_app, name="templates")


@templates_app.command("init")
@boundary
def templates_init(
    name: Annotated[str, typer.Argument(help="The ministry's profile name, e.g. mfa-americas")],
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
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


@templates_app.command("check")
@boundary
def templates_check(
    name: Annotated[str | None, typer.Argument(help="Ministry to check [default: all]")] = None,
    data: DataOption = None,
    as_of: AsOfOption = None,
    lang: Annotated[str | None, typer.Option(help="Language [default: the profile's]")] = None,
) -> None:
    """Render every document with the workspace's records and report what is broken."""
    from briefgen.errors import CheckFailed
    from briefgen.store import data_dir
    from briefgen.templatecheck import check_ministry, ministries_to_check

    root = data_dir(data)
    problems: list[str] = []
    for ministry in ministries_to_check(name, root):
        report = check_ministry(ministry, root, parse_as_of(as_of), lang)
        for note in report.notes:
            out_console().print(note)
        problems += report.problems
    if problems:
        raise CheckFailed(problems)


@app.command()
@boundary
def ingest(
    file: Annotated[Path, typer.Argument(help="Press release: .txt, or .html saved from a page")],
    counterpart: Annotated[
        str | None, typer.Option("--counterpart", "-c", help="Code, name or alias: US, USA, สหรัฐฯ")
    ] = None,
    data: DataOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the draft YAML on stdout; write nothing")
    ] = False,
) -> None:
    """Draft a meeting record from a press release, English or Thai, with notes for review."""
    from briefgen.ingest import ingest as ingest_release
    from briefgen.ingest import print_report
    from briefgen.store import data_dir

    print_report(ingest_release(file, data_dir(data), counterpart=counterpart, dry_run=dry_run))


@app.command()
@boundary
def serve(
    data: DataOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(help="Access token [default: $BRIEFGEN_TOKEN, else a random one, printed]"),
    ] = None,
    out: Annotated[Path, typer.Option(help="Output folder of the packs")] = Path("output"),
    ministry: Annotated[str, typer.Option(help="Ministry profile")] = "default",
    as_of: AsOfOption = None,
) -> None:
    """Start the web app on the workspace: dashboard, updates, packs with previews, ingest."""
    from briefgen.serve import Settings, resolve_token
    from briefgen.serve import serve as run_server
    from briefgen.store import data_dir

    secret, _ = resolve_token(token)
    settings = Settings(
        data=data_dir(data),
        out=out,
        token=secret,
        host=host,
        port=port,
        ministry=ministry,
        as_of=parse_as_of(as_of) if as_of else None,
    )
    run_server(settings, lambda url: out_console().print(f"briefgen serve: open {url}"))


def main() -> None:
    briefgen.SHORT_LIVED_PROCESS = True  # this process loads one workspace, then ends
    app()
