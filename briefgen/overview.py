"""A workspace as `validate` checks it, and counts across it for its summary line and the
`list` table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from briefgen.errors import DataError
from briefgen.records import Counterpart, Meeting, Workspace
from briefgen.settings import read_settings
from briefgen.store import load_workspace


@dataclass(frozen=True)
class CounterpartRow:
    counterpart: Counterpart
    meetings: int
    last: Meeting | None  # the latest held meeting
    next: Meeting | None  # the next planned meeting on or after the reference date
    open: int
    overdue: int


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    is_next: bool  # the first planned on or after the reference date: what `make` chooses


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
        held = [m for m in meetings if m.status == "held"]
        upcoming = [m for m in meetings if m.is_upcoming(as_of)]
        ours = [  # as a pack made today counts them
            c.as_of(as_of)
            for m in workspace.meetings_between(home, code)
            if m.began_before(as_of)
            for c in m.commitments
        ]
        rows.append(
            CounterpartRow(
                counterpart=counterpart,
                meetings=len(meetings),
                last=max(held, key=_date_order) if held else None,
                next=min(upcoming, key=_date_order) if upcoming else None,
                open=sum(c.current_status() in ("open", "in-progress") for c in ours),
                overdue=sum(c.is_overdue(as_of) for c in ours),
            )
        )
    return rows


def meeting_rows(
    workspace: Workspace, home: str, code: str | None, as_of: date
) -> list[MeetingRow]:
    """The meetings of `home` with the counterpart `code` (with anyone when None), by date."""
    meetings = [
        m
        for m in workspace.meetings
        if home in m.parties and (code in m.parties if code else len(m.parties) > 1)
    ]
    meetings.sort(key=_date_order)
    upcoming = next((m for m in meetings if m.is_upcoming(as_of)), None)
    return [MeetingRow(m, m is upcoming) for m in meetings]


def _date_order(meeting: Meeting) -> tuple[tuple[int, int, int], str]:
    return meeting.date.sort_key(), meeting.key


def load_checked_workspace(root: Path, *, cache: bool = False) -> Workspace:
    """The whole workspace, as `validate` checks it: briefgen.yaml's problems are reported
    with the records' own, in one list, rather than only when a pack is made. With `cache`,
    unchanged meetings come from the record cache, without their texts (load_workspace)."""
    problems = read_settings(root)[1] if root.is_dir() else []
    try:
        workspace = load_workspace(root, cache=cache)
    except DataError as exc:
        raise DataError([*exc.problems, *problems]) from None
    if problems:
        raise DataError(problems)
    return workspace
