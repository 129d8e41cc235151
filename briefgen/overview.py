"""Counts across a workspace, for `validate`'s summary line and the `list` table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from briefgen.calendar import PartialDate
from briefgen.records import Counterpart, Workspace


@dataclass(frozen=True)
class CounterpartRow:
    counterpart: Counterpart
    meetings: int
    last: PartialDate | None
    next: PartialDate | None
    open: int
    overdue: int


def workspace_summary(workspace: Workspace, as_of: date) -> str:
    held = sum(m.status == "held" for m in workspace.meetings)
    planned = sum(m.status == "planned" for m in workspace.meetings)
    commitments = [c.as_of(as_of) for m in workspace.meetings for c in m.commitments]
    still_open = sum(c.current_status() in ("open", "in-progress") for c in commitments)
    overdue = sum(c.is_overdue(as_of) for c in commitments)
    return (
        f"{workspace.root}: {_count(len(workspace.counterparts), 'counterpart')}, "
        f"{_count(len(workspace.meetings), 'meeting')} ({held} held, {planned} planned), "
        f"{_count(len(commitments), 'commitment')} ({still_open} open, {overdue} overdue "
        f"as of {as_of})"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def counterpart_rows(workspace: Workspace, home: str, as_of: date) -> list[CounterpartRow]:
    rows = []
    for code, counterpart in sorted(workspace.counterparts.items()):
        if code == home:
            continue
        meetings = [m for m in workspace.meetings if code in m.parties]
        held = [m.date for m in meetings if m.status == "held"]
        upcoming = [m.date for m in meetings if m.is_upcoming(as_of)]
        ours = [
            c.as_of(as_of) for m in workspace.meetings_between(home, code) for c in m.commitments
        ]
        rows.append(
            CounterpartRow(
                counterpart=counterpart,
                meetings=len(meetings),
                last=max(held, key=PartialDate.sort_key) if held else None,
                next=min(upcoming, key=PartialDate.sort_key) if upcoming else None,
                open=sum(c.current_status() in ("open", "in-progress") for c in ours),
                overdue=sum(c.is_overdue(as_of) for c in ours),
            )
        )
    return rows
