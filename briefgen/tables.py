"""Rich tables printed by the CLI."""

from __future__ import annotations

from datetime import date

from rich.table import Table

from briefgen.overview import counterpart_rows
from briefgen.records import Workspace


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
            row.last.iso() if row.last else "–",
            row.next.iso() if row.next else "–",
            str(row.open),
            str(row.overdue),
        )
    return table
