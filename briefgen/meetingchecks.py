"""What `validate` says about the meetings as a whole: records still under review, planned
meetings whose date has passed, and the same meeting planned twice; and, for `make`, which
planned meeting a pack was made for when there were several.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from briefgen.errors import Problem, display_path
from briefgen.records import Meeting, Workspace
from briefgen.yamlio import YamlProblem, load_yaml


def meeting_problems(workspace: Workspace, as_of: date) -> tuple[list[Problem], list[Problem]]:
    """Warnings (review notes left, planned meetings past their date) and errors (two planned
    meetings for the same counterparts on the same date)."""
    warnings: list[Problem] = []
    for meeting in workspace.meetings:
        if meeting.review:
            count = len(meeting.review)
            warnings.append(_at(meeting, "review",
                f"{count} review note{'s' if count != 1 else ''} left (first: "
                f"{_short(meeting.review[0])}); check each against the source, then delete it",
            ))  # fmt: skip
        if meeting.status == "planned" and (meeting.end_date or meeting.date).last_day() < as_of:
            warnings.append(_at(meeting, "status",
                f"planned for {meeting.date}, which has passed (as of {as_of}): mark it held or "
                "cancelled",
            ))  # fmt: skip
    errors: list[Problem] = []
    same: dict[tuple[frozenset[str], str], list[Meeting]] = defaultdict(list)
    for meeting in workspace.meetings:
        if meeting.status == "planned":
            same[(frozenset(meeting.parties), meeting.date.iso())].append(meeting)
    for (parties, day), meetings in same.items():
        if len(meetings) < 2:
            continue
        names = ", ".join(display_path(m.file) for m in meetings)
        for meeting in meetings:
            errors.append(_at(meeting, "date",
                f"{len(meetings)} planned meetings of {', '.join(sorted(parties))} on {day} "
                f"({names}): keep one, or correct the date",
            ))  # fmt: skip
    return warnings, errors


def chosen_meeting_note(
    workspace: Workspace, home: str, chosen: Meeting | None, counterpart: str
) -> str | None:
    """When several planned meetings could be briefed for, the one the pack is for."""
    if chosen is None or chosen.status != "planned":
        return None
    others = [
        m
        for m in workspace.meetings_between(home, counterpart)
        if m.status == "planned" and m is not chosen and chosen.date <= m.date
    ]
    if not others:
        return None
    listed = "; ".join(f"{m.key} ({m.date})" for m in others)
    return (
        f"the pack is for {chosen.key} ({chosen.date}), the first of {len(others) + 1} planned "
        f"meetings with {counterpart}; for another, give --meeting: {listed}"
    )


def _short(text: str) -> str:
    return f"'{text}'" if len(text) <= 70 else f"'{text[:67].rstrip()}…'"


def _at(meeting: Meeting, key: str, message: str) -> Problem:
    path = meeting.file
    return Problem(display_path(path), _line(path, key), None, key, message)


def _line(path: Path, key: str) -> int | None:
    try:
        location = load_yaml(path).locate_key((key,))
    except (YamlProblem, OSError):
        return None
    return location[0] if location else None
