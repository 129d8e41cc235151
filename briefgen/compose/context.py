"""The typed contexts that templates lay out. Every value is a finished, localised string:
what goes into a brief is decided in compose, never in a template."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Header:
    """What every document of the pack shows at its top and in its page margins."""

    lang: str
    ministry: str
    ministry_names: list[str]  # the pack's language first, then the profile's others
    ministry_short: str
    logo: str | None  # file URL of the logo, found along the profile's search path
    marking: str  # "SECRET", "ลับมาก", or "" for none
    draft: str  # "DRAFT", "ร่าง", or "" when not a draft
    document: str  # "Background brief"
    title: str  # the meeting's title, or "Relations with the United States"
    when: str  # the meeting's date, or the reference date
    place: str
    counterpart: str
    as_of: str
    page_label: str  # "Page {page} of {pages}", localised
    footer: str  # the ministry, and the unit where there is one, or the profile's own line
    keywords: str
    unit: str = ""  # the desk's unit (briefgen.yaml) or the profile's, in the pack's language


@dataclass(frozen=True)
class Engagement:
    when: str
    title: str
    place: str
    co_chairs: str


@dataclass(frozen=True)
class Outcome:
    topic: str
    summary: str


@dataclass(frozen=True)
class OwedCount:
    who: str
    open: str  # open and not overdue: the columns do not overlap
    overdue: str
    done: str


@dataclass(frozen=True)
class Delegation:
    side: str  # "U.S."
    people: str  # "Daniel Kritenbrink, Assistant Secretary of State …; Jedidiah P. Royal, …"
    names: str = ""  # "Daniel Kritenbrink; Jedidiah P. Royal": what a full page keeps


@dataclass(frozen=True)
class OverdueItem:
    text: str
    owner: str  # "U.S., due Apr 2024": who owes it and the due date as last revised


@dataclass
class Brief:
    header: Header
    meeting_summary: str  # "Senior officials. Third round of …", or ""
    room: list[Delegation]
    room_note: str  # "As of …: confirm who leads this time.", or "" when the meeting names them
    purpose: str
    objectives: list[str]
    relationship: str
    facts: list[str]
    engagements: list[Engagement]
    outcomes_heading: str  # "Last meeting's outcomes: 2nd Thailand–U.S. … (2+2)"
    last_meeting: str
    outcomes: list[Outcome]
    owed: list[OwedCount]
    overdue_named: list[OverdueItem]
    third_party: list[Engagement]
    omitted: list[str] = field(default_factory=list)
    steps_taken: int = 0  # how many DROP_ORDER steps (drops and cuts) made this brief
    # Which of those (indices) the free space then let fitting undo (trimming.restore_order).
    restored: list[int] = field(default_factory=list)
    # "… and 2 more: see the commitments annex", by how many overdue ones the brief leaves
    # out: fitting the page drops names after compose, so the note is chosen then.
    overdue_more_notes: list[str] = field(default_factory=list)

    @property
    def overdue_more(self) -> str:
        left_out = len(self.overdue_more_notes) - 1 - len(self.overdue_named)
        return self.overdue_more_notes[left_out] if left_out > 0 else ""


@dataclass(frozen=True)
class Point:
    text: str  # one sentence, opening with what to do
    note: str = ""  # "2+2, Feb 2024; annex 7"
    overdue: str = ""  # "due Mar 2024, overdue", or "" when nothing it concerns is overdue


@dataclass(frozen=True)
class TopicPoints:
    key: str
    label: str
    points: list[Point]
    if_raised: list[str]
    quiet: str = ""  # the meeting's tag when the topic has nothing but a past discussion


@dataclass(frozen=True)
class TalkingPoints:
    header: Header
    key_messages: list[str]  # five at most
    further_objectives: list[str]  # the objectives after the fifth
    topics: list[TopicPoints]
    if_raised: list[str]


@dataclass(frozen=True)
class AnnexRow:
    number: str
    text: str
    made_at: str
    made_on: str
    due: str
    status: str
    status_key: str  # open, in-progress, done, dropped, overdue: for styling
    update: str
    source: str


@dataclass(frozen=True)
class AnnexGroup:
    title: str
    rows: list[AnnexRow]


@dataclass(frozen=True)
class Annex:
    header: Header
    summary: str
    groups: list[AnnexGroup]
