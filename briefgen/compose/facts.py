"""Choosing what a pack is about: the meeting, its reference date, the history behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from briefgen.errors import InputError
from briefgen.records import OPEN_STATUSES, Commitment, Counterpart, Meeting, Workspace

Owner = Literal["counterpart", "home", "joint"]
# The annex lists commitments by who owes them, in this order; its numbering ("annex 7") is
# shared by the talking points, so it is decided here, once, for both documents.
GROUP_ORDER: tuple[Owner, ...] = ("counterpart", "home", "joint")


@dataclass(frozen=True)
class Pledge:
    """A commitment with the meeting it was made at."""

    commitment: Commitment
    meeting: Meeting
    index: int

    def is_open(self) -> bool:
        return self.commitment.current_status() in OPEN_STATUSES

    def sort_key(self, reference: date) -> tuple[bool, date, tuple[int, int, int], int]:
        """Overdue first, then by due date (undated last), then in the order made."""
        due = self.commitment.current_due()
        return (
            not self.commitment.is_overdue(reference),
            due.last_day() if due else date.max,
            self.meeting.date.sort_key(),
            self.index,
        )

    def owner(self, home: str) -> Owner:
        by = set(self.commitment.by)
        if len(by) > 1:
            return "joint"
        return "home" if home in by else "counterpart"


@dataclass(frozen=True)
class PackFacts:
    workspace: Workspace
    home: Counterpart
    counterpart: Counterpart
    meeting: Meeting | None  # None: a general brief on the relationship
    reference: date  # overdue is computed against this: the meeting's date, or --as-of
    history: list[Meeting]  # held meetings of home and counterpart, newest first
    third_party: list[Meeting]  # the counterpart's held meetings without home, newest first
    pledges: list[Pledge]  # every commitment made between home and counterpart

    @property
    def last_meeting(self) -> Meeting | None:
        return self.history[0] if self.history else None

    @property
    def date_prefix(self) -> str:
        return self.meeting.date.iso() if self.meeting else self.reference.isoformat()


def gather_facts(
    workspace: Workspace,
    home_code: str,
    counterpart: Counterpart,
    meeting_id: str | None,
    as_of: date,
) -> PackFacts:
    home = workspace.counterparts.get(home_code)
    if home is None:
        raise InputError(f"the home country {home_code} has no file in counterparts/")
    if counterpart.code == home_code:
        raise InputError(f"{counterpart.code} is the home country; name a counterpart")
    meeting = _choose_meeting(workspace, home_code, counterpart, meeting_id, as_of)
    reference = meeting.date.first_day() if meeting else as_of
    newest_first = sorted(workspace.meetings, key=lambda m: m.date.sort_key(), reverse=True)
    # Known to be over before the reference date: a meeting dated only "2024" is not history
    # for a brief of February 2024.
    held_before = [m for m in newest_first if m.status == "held" and m.date.last_day() < reference]
    # Commitments made before the reference date, as they stood then.
    made_before = [
        m
        for m in workspace.meetings_between(home_code, counterpart.code)
        if m.began_before(reference)
    ]
    return PackFacts(
        workspace=workspace,
        home=home,
        counterpart=counterpart,
        meeting=meeting,
        reference=reference,
        history=[m for m in held_before if m.involves(home_code, counterpart.code)],
        third_party=[
            m for m in held_before if counterpart.code in m.parties and home_code not in m.parties
        ],
        pledges=[
            Pledge(c.as_of(reference), m, i)
            for m in made_before
            for i, c in enumerate(m.commitments)
        ],
    )


def _choose_meeting(
    workspace: Workspace,
    home: str,
    counterpart: Counterpart,
    meeting_id: str | None,
    as_of: date,
) -> Meeting | None:
    if meeting_id is not None:
        meeting = workspace.meeting(meeting_id)
        if meeting is None:
            raise InputError(f"no meeting with id '{meeting_id}' in {workspace.root}/meetings")
        if not meeting.involves(home, counterpart.code):
            raise InputError(f"meeting '{meeting_id}' is not between {home} and {counterpart.code}")
        return meeting
    upcoming = [
        m for m in workspace.meetings_between(home, counterpart.code) if m.is_upcoming(as_of)
    ]
    return min(upcoming, key=lambda m: m.date.sort_key()) if upcoming else None


def annex_groups(facts: PackFacts) -> list[tuple[Owner, list[Pledge]]]:
    """The annex's groups in order, each sorted: overdue first, then by due date."""
    home = facts.home.code
    groups = []
    for owner in GROUP_ORDER:
        pledges = sorted(
            (p for p in facts.pledges if p.owner(home) == owner),
            key=lambda p: p.sort_key(facts.reference),
        )
        if pledges:
            groups.append((owner, pledges))
    return groups


def annex_numbers(facts: PackFacts) -> dict[tuple[str, int], int]:
    """Each commitment's item number in the annex, by (meeting id, index), numbered
    1, 2, 3 … through the groups, so that a talking point can cite it ("annex 7")."""
    numbers: dict[tuple[str, int], int] = {}
    for _, pledges in annex_groups(facts):
        for pledge in pledges:
            numbers[(pledge.meeting.key, pledge.index)] = len(numbers) + 1
    return numbers
