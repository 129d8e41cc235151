"""What a command made, as the officer reads it: tables on stdout, warnings and failures on
stderr. Errors become lines through `BriefgenError.lines()`, here as at the CLI boundary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.errors import BriefgenError
from briefgen.ui.console import err_console, out_console, print_errors, warn

if TYPE_CHECKING:
    from briefgen.batch import BatchResult, PackOutcome
    from briefgen.build import BuildResult
    from briefgen.mail import Draft, SmtpSettings


def report_build(result: BuildResult) -> None:
    """One pack: its warnings, what the brief left out, and the files written."""
    from briefgen.ui.tables import files_table

    for line in result.notes():
        warn(line)
    out_console().print(files_table(result.files))


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


def report_batch(result: BatchResult) -> None:
    """`make --all`: the warnings once, each failed pack's error, the table of the packs and
    the rate."""
    from briefgen.ui.tables import packs_table

    for line in result.warnings:
        warn(line)
    for outcome in result.failed:
        print_errors(f"{outcome.counterpart}: {line}" for line in failure_lines(outcome))
    out_console().print(packs_table(result))
    rate = len(result.made) / result.seconds if result.seconds else 0.0
    out_console().print(
        f"{len(result.made)} of {len(result.outcomes)} packs in {result.seconds:.1f} s "
        f"({rate:.2f} packs/s, {result.workers} worker processes)"
    )


def failure_lines(outcome: PackOutcome) -> list[str]:
    """Why a pack failed: the user's error as its lines; a worker that died, by its type."""
    error = outcome.error
    if isinstance(error, BriefgenError):
        return error.lines()
    return [f"{type(error).__name__}: {error}"]


def report_draft(draft: Draft, as_of: str | None, counterpart: str) -> None:
    """`mail`: the pack if it had to be made, then the draft written."""
    if draft.built is not None:
        report_build(draft.built)
        explain_as_of(as_of, draft.built, counterpart)
    size = f"{draft.file.size / 1024:.0f} KB"
    out_console().print(f"E-mail draft written: {draft.file.path} ({size})")


def report_sent(settings: SmtpSettings, refused: dict[str, tuple[int, bytes]]) -> None:
    """`mail --send`: each address the server refused, then where it went."""
    for address, (code, reply) in refused.items():
        warn(f"{settings.where} refused {address}: {code} {reply.decode('utf-8', 'replace')}")
    tls = "STARTTLS" if settings.tls else "no TLS"
    out_console().print(f"Sent through {settings.where} ({tls}).")


def print_lines(lines: list[str]) -> None:
    """Results, one a line, on stdout."""
    for line in lines:
        out_console().print(line)
