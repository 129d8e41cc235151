"""Rich tables printed by the CLI: counterparts, meetings, files written, packs written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table

from briefgen.overview import counterpart_rows, meeting_rows
from briefgen.records import Meeting, Workspace

if TYPE_CHECKING:
    from briefgen.batch import BatchResult
    from briefgen.outputs import WrittenFile

# A column of running text (a name, a title) wraps; it needs at least this much to be read.
_TEXT_WIDTH = 12


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str  # "whole" (ids, codes, dates: never cut), "count" or "text" (wraps)
    drop: int = 0  # 0: always shown; else dropped in this order when the terminal is narrow


@dataclass
class FittedTable:
    """A table that fits the terminal by leaving out its least important columns, so that
    an id (what `make --meeting` takes) is never cut to `2024-11-08-th-j…`."""

    title: str
    columns: list[Column]
    rows: list[list[str]]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        shown = list(range(len(self.columns)))
        droppable = sorted((c.drop, i) for i, c in enumerate(self.columns) if c.drop)
        for _, index in droppable:
            if self._width(shown) <= options.max_width:
                break
            shown.remove(index)
        yield self._table(shown)

    def _width(self, shown: list[int]) -> int:
        """The least width the columns need: borders, padding and each column's own."""
        return 1 + sum(3 + self._least(i) for i in shown)

    def _least(self, index: int) -> int:
        column = self.columns[index]
        cells = [line for row in self.rows for line in row[index].splitlines()]
        widest = max(map(cell_len, [column.heading, *cells]))
        return min(widest, _TEXT_WIDTH) if column.kind == "text" else widest

    def _table(self, shown: list[int]) -> Table:
        table = Table(title=self.title, title_justify="left")
        for i in shown:
            column = self.columns[i]
            if column.kind == "count":
                table.add_column(column.heading, justify="right", no_wrap=True)
            elif column.kind == "whole":
                table.add_column(column.heading, no_wrap=True, min_width=self._least(i))
            else:
                table.add_column(column.heading, overflow="fold")
        for row in self.rows:
            table.add_row(*(row[i] for i in shown))
        return table


def counterparts_table(workspace: Workspace, home: str, as_of: date) -> FittedTable:
    columns = [
        Column("Code", "whole"),
        Column("Name", "text", drop=2),
        Column("Meetings", "count", drop=1),
        Column("Last", "whole", drop=3),
        Column("Next", "whole"),
        Column("Open", "count"),
        Column("Overdue", "count"),
    ]
    rows = [
        [
            row.counterpart.code,
            row.counterpart.name.get("en")[0],
            str(row.meetings),
            _date_and_id(row.last),
            _date_and_id(row.next),
            str(row.open),
            str(row.overdue),
        ]
        for row in counterpart_rows(workspace, home, as_of)
    ]
    return FittedTable(f"Counterparts of {home} as of {as_of}", columns, rows)


def _date_and_id(meeting: Meeting | None) -> str:
    """The date, and below it the id that `make --meeting` takes."""
    return f"{meeting.date.iso()}\n{meeting.key}" if meeting else "–"


def meetings_table(workspace: Workspace, home: str, code: str | None, as_of: date) -> FittedTable:
    title = f"Meetings of {home}" + (f" and {code}" if code else "") + f" as of {as_of}"
    columns = [
        Column("Id", "whole"),
        Column("Date", "whole", drop=2),
        Column("Status", "whole"),
        Column("Parties", "text", drop=1),
        Column("Title", "text", drop=3),
    ]
    return FittedTable(title, columns, list(_meeting_cells(workspace, home, code, as_of)))


def _meeting_cells(
    workspace: Workspace, home: str, code: str | None, as_of: date
) -> Iterator[list[str]]:
    for row in meeting_rows(workspace, home, code, as_of):
        meeting = row.meeting
        yield [
            meeting.key,
            meeting.date.iso(),
            f"{meeting.status} (next)" if row.is_next else meeting.status,
            ", ".join(meeting.parties),
            meeting.title.get("en")[0],
        ]


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
