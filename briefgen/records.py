"""The record models: counterparts, meetings, topics and commitments.

These are the data format's contract. Every model forbids unknown fields, so a misspelt
field name is an error rather than silently ignored data.
"""

from __future__ import annotations

import datetime
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr

from briefgen.errors import Problem
from briefgen.partialdates import PartialDate
from briefgen.textvalue import Code, DateField, Ident, LocalText, PlainText, TopicKey

#: Heads of delegation a brief names per side; the records keep everyone.
HEADS_PER_SIDE = 3
MeetingStatus = Literal["held", "planned", "cancelled"]
CommitmentStatus = Literal["open", "in-progress", "done", "dropped"]
Role = Literal["co-chair", "chair", "head", "member"]
Level = Literal["leaders", "ministerial", "senior-officials", "working"]
OPEN_STATUSES: tuple[CommitmentStatus, ...] = ("open", "in-progress")


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)


class Topic(Record):
    label: LocalText
    keywords: dict[str, list[PlainText]] = Field(default_factory=dict)


class Person(Record):
    name: LocalText
    title: LocalText | None = None


class Relations(Record):
    established: DateField | None = None
    summary: LocalText | None = None
    facts: list[LocalText] = Field(default_factory=list)


class Counterpart(Record):
    code: Code
    name: LocalText
    short_name: LocalText | None = None
    aliases: list[PlainText] = Field(default_factory=list)
    kind: Literal["country", "organisation"] = "country"
    relations: Relations | None = None
    people: list[Person] = Field(default_factory=list)

    _file: Path | None = PrivateAttr(default=None)  # set when the workspace loads

    @property
    def file(self) -> Path | None:
        return self._file

    def names(self) -> list[str]:
        """Every name the counterpart goes by, for finding it case-insensitively."""
        texts = [self.code, *self.name.all_texts(), *self.aliases]
        if self.short_name:
            texts += self.short_name.all_texts()
        return texts


class Participant(Record):
    name: LocalText
    title: LocalText | None = None
    side: Code
    role: Role = "member"


class TopicDiscussion(Record):
    topic: TopicKey
    summary: LocalText | None = None
    points: list[LocalText] = Field(default_factory=list)


class Update(Record):
    date: DateField
    status: CommitmentStatus | None = None
    due: DateField | None = None
    note: LocalText | None = None
    quote: PlainText | None = None  # the source's sentence that reports it


class Commitment(Record):
    #: Optional: lets a planned talking point name the commitment it is about (`re:`).
    id: Ident | None = None
    by: Annotated[list[Code], BeforeValidator(_one_or_many), Field(min_length=1)]
    text: LocalText
    topic: TopicKey | None = None
    due: DateField | None = None
    status: CommitmentStatus = "open"
    updates: list[Update] = Field(default_factory=list)
    quote: PlainText | None = None

    def as_of(self, day: date) -> Commitment:
        """The commitment as it stood on `day`: updates dated after it have not happened yet
        (a pack for a past meeting, or an update recorded ahead of time)."""
        known = [u for u in self.updates if u.date.first_day() <= day]
        return (
            self if len(known) == len(self.updates) else self.model_copy(update={"updates": known})
        )

    def latest_update(self) -> Update | None:
        return max(self.updates, key=lambda u: u.date.sort_key()) if self.updates else None

    def current_status(self) -> CommitmentStatus:
        """The status as of the latest update that set one; the record's own otherwise."""
        for update in sorted(self.updates, key=lambda u: u.date.sort_key(), reverse=True):
            if update.status:
                return update.status
        return self.status

    def current_due(self) -> PartialDate | None:
        """The due date as last revised; the original stays in `due` as the baseline."""
        for update in sorted(self.updates, key=lambda u: u.date.sort_key(), reverse=True):
            if update.due:
                return update.due
        return self.due

    def is_overdue(self, as_of: date) -> bool:
        due = self.current_due()
        return self.current_status() in OPEN_STATUSES and due is not None and due.last_day() < as_of


class Source(Record):
    path: PlainText
    note: LocalText | None = None


class IfRaised(Record):
    topic: TopicKey | None = None
    text: LocalText


class PlannedPoint(Record):
    text: LocalText
    #: The ids of the commitments the point is about.
    re: Annotated[list[Ident], BeforeValidator(_one_or_many)] = Field(default_factory=list)


def _planned_point(value: Any) -> Any:
    """A talking point is text ("…" or {en: …, th: …}), or {text: …, re: [ids]}. Plain text
    is checked here, so that a problem with it is reported at the point, as it always was."""
    if isinstance(value, dict) and ("text" in value or "re" in value):
        return value
    return PlannedPoint(text=LocalText.validate(value))


TalkingPoint = Annotated[PlannedPoint, BeforeValidator(_planned_point)]


class Meeting(Record):
    id: Ident | None = None
    title: LocalText
    parties: Annotated[list[Code], Field(min_length=2)]
    date: DateField
    end_date: DateField | None = None
    date_note: LocalText | None = None
    location: LocalText | None = None
    status: MeetingStatus
    series: PlainText | None = None
    ordinal: int | None = Field(default=None, ge=1)
    level: Level | None = None
    summary: LocalText | None = None
    participants: list[Participant] = Field(default_factory=list)
    topics: list[TopicDiscussion] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    objectives: list[LocalText] = Field(default_factory=list)
    agenda: list[TopicKey] = Field(default_factory=list)
    talking_points: dict[TopicKey, list[TalkingPoint]] = Field(default_factory=dict)
    if_raised: list[IfRaised] = Field(default_factory=list)
    #: What a person still has to check in a record drafted by `briefgen ingest`.
    review: list[PlainText] = Field(default_factory=list)

    # None, not Path(): pydantic deep-copies a private default for every instance.
    _file: Path | None = PrivateAttr(default=None)

    @property
    def file(self) -> Path:
        return self._file if self._file is not None else Path()

    @property
    def key(self) -> str:
        assert self.id is not None, "ids are filled in when the workspace loads"
        return self.id

    def co_chairs(self) -> list[Participant]:
        chairs = [p for p in self.participants if p.role in ("co-chair", "chair")]
        return chairs or [p for p in self.participants if p.role == "head"]

    def named_chairs(self) -> dict[str, int]:
        """The one participant per side that a pack names in a meeting's row (its co-chair,
        chair or head), by side, as an index into participants."""
        chairs = self.co_chairs()
        named: dict[str, int] = {}
        for i, person in enumerate(self.participants):
            if person in chairs:
                named.setdefault(person.side, i)
        return named

    def heads_of_delegation(self) -> list[int]:
        """The participants a pack may name with their titles, as who is in the room: the
        co-chairs (else everyone listed), at most HEADS_PER_SIDE a side; indices."""
        heads = self.co_chairs() or self.participants
        chosen: list[int] = []
        per_side: dict[str, int] = {}
        for i, person in enumerate(self.participants):
            if person in heads and per_side.get(person.side, 0) < HEADS_PER_SIDE:
                per_side[person.side] = per_side.get(person.side, 0) + 1
                chosen.append(i)
        return chosen

    def involves(self, *codes: str) -> bool:
        return all(code in self.parties for code in codes)

    def is_upcoming(self, as_of: datetime.date) -> bool:  # `date` is a field here
        """Planned and not known to be over by as_of: a meeting dated only "2026-12" is
        still to come on 5 December 2026."""
        return self.status == "planned" and self.date.last_day() >= as_of

    def began_before(self, reference: datetime.date) -> bool:
        """Its commitments stand by the reference date: it began before it. A pack and
        `list` count the same commitments by this, never those of a meeting still ahead."""
        return self.date.first_day() < reference


class Workspace(BaseModel):
    """Everything loaded from one workspace folder, checked across files."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    root: Path
    counterparts: dict[str, Counterpart]
    topics: dict[str, Topic]
    meetings: list[Meeting]
    warnings: list[Problem] = Field(default_factory=list)

    def meeting(self, meeting_id: str) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def meetings_between(self, home: str, other: str) -> list[Meeting]:
        return [m for m in self.meetings if m.involves(home, other)]
