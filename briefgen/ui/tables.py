"""Rich tables printed by the CLI: counterparts, meetings, files written, packs written."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.table import Table

from briefgen.overview import counterpart_rows, meeting_rows
from briefgen.records import Meeting, Workspace

if TYPE_CHECKING:
    from briefgen.batch import BatchResult
    from briefgen.outputs import WrittenFile


def counterparts_table(workspace: Workspace, home: str, as_of: date) -> Table:
    table = Table(title=f"Counterparts of {home} as of {as_of}", title_justify="left")
    for heading in ("Code", "Name", "Meetings", "Last", "Next", "Open", "Overdue"):
        if heading in ("Meetings", "Open", "Overdue"):
            table.add_column(heading, justify="right")  # counts line up on the right
        else:
            table.add_column(heading, justify="left")
    for row in counterpart_rows(workspace, home, as_of):
        table.add_row(
            row.counterpart.code,
            row.counterpart.name.get("en")[0],
            str(row.meetings),
            _date_and_id(row.last),
            _date_and_id(row.next),
            str(row.open),
            str(row.overdue),
        )
    return table


def _date_and_id(meeting: Meeting | None) -> str:
    """The date, and below it the id that `make --meeting` takes."""
    return f"{meeting.date.iso()}\n{meeting.key}" if meeting else "–"


def meetings_table(workspace: Workspace, home: str, code: str | None, as_of: date) -> Table:
    title = f"Meetings of {home}" + (f" and {code}" if code else "") + f" as of {as_of}"
    table = Table(title=title, title_justify="left")
    for heading in ("Id", "Date", "Status", "Parties", "Title"):
        table.add_column(heading, justify="left")
    for row in meeting_rows(workspace, home, code, as_of):
        meeting = row.meeting
        status = f"{meeting.status} (next)" if row.is_next else meeting.status
        table.add_row(
            meeting.key,
            meeting.date.iso(),
            status,
            ", ".join(meeting.parties),
            meeting.title.get("en")[0],
        )
    return table


def files_table(files: list[WrittenFile]) -> Table:
    """The files one pack wrote, with their pages and sizes."""
    table = Table(title="Files written", title_justify="left")
    table.add_column("File")
    table.add_column("Pages", justify="right")
    table.add_column("Size", justify="right")
    for written in files:
        table.add_row(str(written.path), written.pages or "–", f"{written.size / 1024:.0f} KB")
    return table


def packs_table(result: BatchResult) -> Table:
    """Each counterpart's pack of `make --all`, or that it failed."""
    from briefgen.documents import PACK_FILE_NAME

    table = Table(title="Packs written", title_justify="left")
    table.add_column("Counterpart")
    table.add_column("Briefing pack")
    table.add_column("Pages", justify="right")
    table.add_column("Files", justify="right")
    for outcome in result.outcomes:
        if outcome.result is None:
            table.add_row(outcome.counterpart, "failed", "–", "0")
            continue
        files = outcome.result.files
        pack = next((f for f in files if PACK_FILE_NAME in f.path.name), None)
        table.add_row(
            outcome.counterpart,
            str(pack.path) if pack else "–",
            pack.pages if pack and pack.pages else "–",
            str(len(files)),
        )
    return table
