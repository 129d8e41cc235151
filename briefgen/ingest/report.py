"""What ingest tells the person running it, on stderr: what it found, what needs their eye."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen.errors import display_path

if TYPE_CHECKING:
    from briefgen.ingest import IngestResult


@dataclass
class Report:
    found: list[tuple[str, str]] = field(default_factory=list)  # (what, value)
    review: list[str] = field(default_factory=list)  # also written into the draft
    notes: list[str] = field(default_factory=list)  # about this run, not the record
    ignored: list[str] = field(default_factory=list)  # page furniture dropped

    def add(self, what: str, value: str) -> None:
        self.found.append((what, value))


def print_report(result: IngestResult) -> None:
    """The report on stderr; with --dry-run, the draft itself on stdout."""
    from briefgen.ui.console import err_console

    err = err_console()
    report = result.report
    err.print(f"Read {display_path(result.source)}:")
    width = max((len(what) for what, _ in report.found), default=0)
    for what, value in report.found:
        err.print(f"  {what.ljust(width)}  {value}")
    if report.ignored:
        err.print("Left out as page furniture: " + "; ".join(report.ignored))
    if report.review:
        err.print(f"Needs a person's eye ({len(report.review)}):", style="yellow")
        for line in report.review:
            err.print(f"  - {line}", style="yellow")
    else:
        err.print("Nothing flagged for review; still, check the draft against the source.")
    for note in report.notes:
        err.print(note)
    if result.dry_run:
        sys.stdout.write(result.yaml)  # exactly the YAML: no wrapping, no markup
        sys.stdout.flush()
        if result.duplicate_of is None:
            err.print(f"Dry run: would write meetings/{result.meeting_id}.yaml; wrote nothing.")
    for path in result.written:
        err.print(f"Wrote {display_path(path)}")
