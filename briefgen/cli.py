"""The command line. Thin: each command parses options, calls one function, prints the result.

The one boundary for user errors is `boundary`: a BriefgenError becomes a red message on
stderr and exit code 1. Heavy libraries load inside the commands that need them, so that
`briefgen --help` answers at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import briefgen
from briefgen import __version__
from briefgen.cli_options import (
    COUNTERPART_HELP,
    AllOption,
    AsOfOption,
    CcOption,
    ClassificationOption,
    CounterpartOption,
    DataOption,
    DraftOption,
    DryRunOption,
    FallbackLangOption,
    ForceOption,
    FromOption,
    HomeProfileOption,
    LangOption,
    MailClassificationOption,
    MailDraftOption,
    MailOutOption,
    MailProfileOption,
    MeetingOption,
    MeetingsOption,
    NoCacheOption,
    NoTlsOption,
    OnlyCounterpartOption,
    OutOption,
    PdfVariantOption,
    PlainArguments,
    ProfileOption,
    ReleaseArgument,
    SendOption,
    SmtpCaOption,
    SmtpHostOption,
    SmtpPortOption,
    SmtpUserOption,
    StrictOption,
    ToOption,
    pack_options,
    parse_as_of,
)
from briefgen.cli_workspace import counterparts_app, templates_app
from briefgen.ui.boundary import boundary
from briefgen.ui.console import out_console, print_warnings
from briefgen.ui.progress import progress_display
from briefgen.ui.reports import explain_as_of, report_build

app = typer.Typer(
    help="Briefing packs for diplomatic and defence meetings, from records of past meetings.",
    no_args_is_help=True,
    epilog="Example: briefgen make -c US --classification confidential --out packs",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help is plain text: "[default: today]" is shown, not markup
)


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
    lang: FallbackLangOption = None,
    strict: StrictOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Check every record in the workspace and report every problem, with file, line and field."""
    from briefgen.errors import DataError
    from briefgen.meetingchecks import meeting_problems
    from briefgen.overview import load_checked_workspace, workspace_summary
    from briefgen.store import data_dir

    root = data_dir(data)
    # --lang reads the texts, which the record cache does not keep.
    workspace = load_checked_workspace(root, cache=not no_cache and lang is None)
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
    if briefgen.SHORT_LIVED_PROCESS:
        end_process()


@app.command("list", epilog="Example: briefgen list --meetings -c US")
@boundary
def list_counterparts(
    data: DataOption = None,
    as_of: AsOfOption = None,
    ministry: HomeProfileOption = None,
    meetings: MeetingsOption = False,
    counterpart: OnlyCounterpartOption = None,
) -> None:
    """Show counterparts with their last and next meetings and open and overdue commitments."""
    from briefgen.profiles import load_profile
    from briefgen.settings import desk_defaults
    from briefgen.store import data_dir, find_counterpart, load_workspace
    from briefgen.ui.tables import counterparts_table, meetings_table

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
    counterpart: CounterpartOption = None,
    meeting: MeetingOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
    data: DataOption = None,
    out: OutOption = Path("output"),
    ministry: ProfileOption = None,
    classification: ClassificationOption = None,
    draft: DraftOption = False,
    pdf_variant: PdfVariantOption = None,
    all_packs: AllOption = False,
) -> None:
    """Make the briefing pack (brief, talking points, annex) as PDF and DOCX."""
    from briefgen.errors import InputError

    if all_packs == (counterpart is not None):
        raise InputError(
            "give --counterpart for one pack, or --all for every counterpart with a planned meeting"
        )
    if all_packs and meeting is not None:
        raise InputError("--meeting names one counterpart's meeting; it cannot go with --all")
    early = None
    try:
        if not all_packs and pdf_variant is None:
            from briefgen.render.early import start_layouts

            # A cold pack: WeasyPrint loads in a child while briefgen loads here and the
            # records are read (render/early.py; briefgen/launch.py may have started it).
            early = start_layouts()
        options = pack_options(
            data, counterpart=counterpart or "", meeting=meeting, as_of=as_of, lang=lang,
            out=out, ministry=ministry, classification=classification, draft=draft,
            pdf_variant=pdf_variant,
        )  # fmt: skip
        if all_packs:
            from briefgen.batch import make_all
            from briefgen.ui.progress import packs_progress_bar
            from briefgen.ui.reports import report_batch

            with packs_progress_bar() as advance:
                batch = make_all(options, advance)
            report_batch(batch)
            if batch.failed:
                raise typer.Exit(1)
            return
        from briefgen.build import build

        with progress_display() as step:
            result = build(options, step, early=early)
    finally:
        if early is not None:  # the pack failed, or is made: no child outlives it
            early.cancel()
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
    out: MailOutOption = Path("output"),
    ministry: MailProfileOption = None,
    classification: MailClassificationOption = None,
    draft: MailDraftOption = False,
    force: ForceOption = False,
    send: SendOption = False,
    smtp_host: SmtpHostOption = None,
    smtp_port: SmtpPortOption = None,
    smtp_user: SmtpUserOption = None,
    smtp_ca: SmtpCaOption = None,
    no_tls: NoTlsOption = False,
) -> None:
    """Write the pack as an e-mail draft (.eml) with the pack PDF attached; --send sends it.

    The SMTP password comes only from $BRIEFGEN_SMTP_PASSWORD or a prompt.
    """
    import getpass
    import sys

    from briefgen.errors import MailError
    from briefgen.mail import MailOptions, SmtpSettings, make_draft, smtp_password
    from briefgen.mail import send as send_mail
    from briefgen.settings import load_settings
    from briefgen.store import data_dir

    desk_mail = load_settings(data_dir(data)).mail
    sender = sender or desk_mail.sender
    make_options = pack_options(
        data, counterpart=counterpart, meeting=meeting, as_of=as_of, lang=lang, out=out,
        ministry=ministry, classification=classification, draft=draft,
        desk_level=False,  # the level the pack must carry: as asked, else the pack's own
    )  # fmt: skip
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
    from briefgen.ui.reports import report_draft, report_sent

    with progress_display() as step:
        written = make_draft(options, step)
    report_draft(written, as_of, counterpart)
    if settings is not None:
        prompt = getpass.getpass if sys.stdin.isatty() else None
        report_sent(settings, send_mail(written.message, settings, smtp_password(settings, prompt)))


@app.command(cls=PlainArguments, epilog="Example: briefgen ingest release.html -c US --dry-run")
@boundary
def ingest(
    file: ReleaseArgument,
    counterpart: CounterpartOption = None,
    data: DataOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Draft a meeting record from a press release, English or Thai, with notes for review."""
    from briefgen.ingest import ingest as ingest_release
    from briefgen.store import data_dir
    from briefgen.ui.ingest import print_report

    print_report(ingest_release(file, data_dir(data), counterpart=counterpart, dry_run=dry_run))


app.add_typer(templates_app, name="templates")
app.add_typer(counterparts_app, name="counterparts")


@app.command(epilog="Example: briefgen serve --data ~/desk --port 8080")
@boundary
def serve(
    data: DataOption = None,
    host: Annotated[str, typer.Option(metavar="HOST", help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            metavar="TOKEN",
            help="Access token [default: $BRIEFGEN_TOKEN, else a random one, printed]",
        ),
    ] = None,
    out: Annotated[Path, typer.Option(metavar="DIR", help="Output folder of the packs")] = Path(
        "output"
    ),
    ministry: Annotated[str, typer.Option(metavar="PROFILE", help="Ministry profile")] = "default",
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


def end_process() -> None:
    """End the command-line process now, its output flushed: freeing ten thousand records
    one by one at exit took a tenth of a second (mypy ends the same way). Only once nothing
    is left to clean up."""
    import os
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def main() -> None:
    briefgen.SHORT_LIVED_PROCESS = True  # this process loads one workspace, then ends
    app()
