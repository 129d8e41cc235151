"""What the pages show, worked out from the records: rows of plain values for the templates.

The counts come from the same code as `briefgen list` (overview.counterpart_rows) and the
same commitment rules as the packs (Commitment.as_of, current_status, is_overdue).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from briefgen.overview import counterpart_rows
from briefgen.partialdates import PartialDate, format_date
from briefgen.records import Commitment, Meeting, Workspace
from briefgen.textvalue import LocalText

SORT_KEYS = ("due", "late", "counterpart", "owner", "meeting")


@dataclass(frozen=True)
class CounterpartLine:
    code: str
    name: str
    next_meeting: str
    next_iso: str | None
    meetings: int
    open: int
    overdue: int


@dataclass(frozen=True)
class CommitmentLine:
    meeting: Meeting
    number: int  # 1-based, in file order
    text: str
    owner: str
    status: str
    due: str
    due_key: tuple[int, int, int]
    days_late: int
    overdue: bool
    latest: str
    counterparts: str


def text(value: LocalText | None, lang: str) -> str:
    return value.get(lang)[0] if value is not None else ""


def show_date(value: PartialDate | None, lang: str) -> str:
    return format_date(value, lang, style="short", native_digits=False) if value else ""


def counterpart_lines(
    workspace: Workspace, home: str, as_of: date, lang: str
) -> list[CounterpartLine]:
    return [
        CounterpartLine(
            code=row.counterpart.code,
            name=text(row.counterpart.name, lang),
            next_meeting=show_date(row.next.date if row.next else None, lang),
            next_iso=row.next.date.first_day().isoformat() if row.next else None,
            meetings=row.meetings,
            open=row.open,
            overdue=row.overdue,
        )
        for row in counterpart_rows(workspace, home, as_of)
    ]


def commitment_line(
    meeting: Meeting, number: int, commitment: Commitment, home: str, as_of: date, lang: str
) -> CommitmentLine:
    known = commitment.as_of(as_of)
    due = known.current_due()
    latest = known.latest_update()
    overdue = known.is_overdue(as_of)
    latest_text = ""
    if latest is not None:
        parts = [show_date(latest.date, lang), latest.status or "", text(latest.note, lang)]
        latest_text = " · ".join(part for part in parts if part)
    return CommitmentLine(
        meeting=meeting,
        number=number,
        text=text(commitment.text, lang),
        owner=", ".join(commitment.by),
        status=known.current_status(),
        due=show_date(due, lang),
        due_key=due.sort_key() if due else (9999, 12, 31),
        days_late=(as_of - due.last_day()).days if overdue and due else 0,
        overdue=overdue,
        latest=latest_text,
        counterparts=", ".join(p for p in meeting.parties if p != home),
    )


def overdue_lines(workspace: Workspace, home: str, as_of: date, lang: str) -> list[CommitmentLine]:
    return [
        commitment_line(meeting, number, commitment, home, as_of, lang)
        for meeting in workspace.meetings
        if home in meeting.parties
        for number, commitment in enumerate(meeting.commitments, 1)
        if commitment.as_of(as_of).is_overdue(as_of)
    ]


_SORTS: dict[str, Callable[[CommitmentLine], Any]] = {
    "due": lambda c: c.due_key,
    "late": lambda c: c.days_late,
    "counterpart": lambda c: c.counterparts,
    "owner": lambda c: c.owner,
    "meeting": lambda c: c.meeting.key,
}


def sorted_lines(lines: list[CommitmentLine], sort: str, descending: bool) -> list[CommitmentLine]:
    return sorted(lines, key=_SORTS.get(sort, _SORTS["due"]), reverse=descending)


def meeting_lines(workspace: Workspace, home: str, code: str) -> list[Meeting]:
    """The meetings between home and the counterpart, latest first."""
    return list(reversed(workspace.meetings_between(home, code)))


def show_date_iso(day: date, lang: str) -> str:
    return show_date(PartialDate.parse(day.isoformat()), lang)


def year_label(lang: str) -> Callable[[int], str]:
    """A year as the language counts it: 2024 in English, 2567 (Buddhist Era) in Thai."""
    return lambda year: format_date(PartialDate.parse(f"{year:04d}"), lang, native_digits=False)
