"""What ingest tells the person running it, on stderr: what it found, what needs their eye;
with --dry-run, the draft itself (or the diff of an update in place) on stdout."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from briefgen.errors import display_path
from briefgen.ui.console import err_console

if TYPE_CHECKING:
    from briefgen.ingest import IngestResult


def print_report(result: IngestResult) -> None:
    """The report on stderr; with --dry-run, the draft itself on stdout."""
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
        # exactly the YAML, or the diff of an update in place: no wrapping, no markup
        sys.stdout.write(result.diff if result.edits_existing else result.yaml)
        sys.stdout.flush()
        if result.duplicate_of is None and result.target is not None:
            err.print(f"Dry run: would write {display_path(result.target)}; wrote nothing.")
    for path in result.written:
        err.print(f"Wrote {display_path(path)}")
