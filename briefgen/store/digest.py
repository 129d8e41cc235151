"""What the record cache keeps of a valid meeting, and the meeting rebuilt from it.

`validate` reads of an unchanged meeting only what its checks across records and its summary
use: the id as written, parties, dates, status, review notes, source paths, commitments (ids,
`by`, topic, due date, status, updates) and the values its references name. The rebuilt
Meeting carries those fields and no others (no texts): it is for checking, never for a pack,
and reading a field it lacks raises AttributeError rather than giving a wrong value.

A digest is plain JSON data read from a file that may be hostile, so every value is checked
for its type and form; anything odd makes the whole digest count as absent (the file is then
read again).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel

from briefgen.errors import BriefgenError
from briefgen.partialdates import PartialDate
from briefgen.records import Commitment, CommitmentStatus, Meeting, MeetingStatus, Source, Update
from briefgen.store.references import Digested, model_references

M = TypeVar("M", bound=BaseModel)

_MEETING_STATUSES = frozenset(get_args(MeetingStatus))
_COMMITMENT_STATUSES = frozenset(get_args(CommitmentStatus))
_CODE = re.compile(r"[A-Z][A-Z0-9_-]{1,15}")
# No value the checks may quote holds a control character (they are escaped in messages).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class _Odd(Exception):
    """A digest that no valid meeting gives."""


def digest_of(meeting: Meeting) -> list[Any]:
    """A valid meeting, as read from its file (its id as written, None if it gave none)."""
    named: dict[str, set[str]] = {"party": set(), "topic": set(), "commitment id": set()}
    for reference in model_references(meeting, lambda _: True):
        if reference.what in named:
            named[reference.what].add(reference.value)
    return [
        meeting.id,
        list(meeting.parties),
        meeting.date.iso(),
        _iso(meeting.end_date),
        meeting.status,
        list(meeting.review),
        [source.path for source in meeting.sources],
        [
            [
                c.id,
                list(c.by),
                c.topic,
                _iso(c.due),
                c.status,
                [[u.date.iso(), u.status, _iso(u.due)] for u in c.updates],
            ]
            for c in meeting.commitments
        ],
        sorted(named["party"]),
        sorted(named["topic"]),
        sorted(named["commitment id"]),
    ]


class DigestReader:
    """Reads digests into meetings; the dates and codes met once are known after (a
    workspace repeats them), so each is parsed and checked once per run."""

    def __init__(self) -> None:
        self._dates: dict[Any, PartialDate] = {}
        self._codes: set[Any] = set()

    def meeting(self, value: Any, path: Path) -> Digested | None:
        """The meeting a digest describes, read from `path`, or None when it is not one
        digest_of gives."""
        try:
            return self._digested(value, path)
        except (_Odd, BriefgenError, ValueError, TypeError, IndexError, KeyError):
            return None

    def _digested(self, value: Any, path: Path) -> Digested:
        if type(value) is not list or len(value) != 11:
            raise _Odd
        ident, parties, day, end, status, review, sources, commitments, sides, topics, cited = value
        if status not in _MEETING_STATUSES or not _texts(review, plain=True):
            raise _Odd
        if not _texts(sources) or not _texts(topics) or not _texts(cited):
            raise _Odd
        if (ident is not None and type(ident) is not str) or type(commitments) is not list:
            raise _Odd
        dates = self._dates
        meeting = _bare(
            Meeting,
            {
                "id": ident,
                "parties": self._checked_codes(parties),
                "date": dates.get(day) or self._date(day),
                "end_date": None if end is None else dates.get(end) or self._date(end),
                "status": status,
                "review": review,
                "sources": [_bare(Source, {"path": source}) for source in sources],
                "commitments": [self._commitment(entry) for entry in commitments],
            },
            private={"_file": path},
        )
        if len(parties) < 2:
            raise _Odd
        return Digested(meeting, self._checked_codes(sides), topics, cited)

    def _commitment(self, value: Any) -> Commitment:
        if type(value) is not list or len(value) != 6:
            raise _Odd
        ident, by, topic, due, status, updates = value
        if status not in _COMMITMENT_STATUSES or not by or type(updates) is not list:
            raise _Odd
        if (ident is not None and type(ident) is not str) or (
            topic is not None and type(topic) is not str
        ):
            raise _Odd
        return _bare(
            Commitment,
            {
                "id": ident,
                "by": self._checked_codes(by),
                "topic": topic,
                "due": None if due is None else self._dates.get(due) or self._date(due),
                "status": status,
                "updates": [self._update(entry) for entry in updates] if updates else [],
            },
        )

    def _update(self, value: Any) -> Update:
        if type(value) is not list or len(value) != 3:
            raise _Odd
        day, status, due = value
        if status is not None and status not in _COMMITMENT_STATUSES:
            raise _Odd
        return _bare(
            Update,
            {
                "date": self._date(day),
                "status": status,
                "due": None if due is None else self._date(due),
            },
        )

    def _date(self, value: Any) -> PartialDate:
        day = self._dates.get(value) if type(value) is str else None
        if day is None:
            if type(value) is not str:
                raise _Odd
            day = PartialDate.parse(value)
            if day.iso() != value:
                raise _Odd
            self._dates[value] = day
        return day

    def _checked_codes(self, value: Any) -> list[str]:
        if type(value) is not list:
            raise _Odd
        known = self._codes
        for code in value:
            if code not in known:
                if type(code) is not str or not _CODE.fullmatch(code):
                    raise _Odd
                known.add(code)
        return value


_new = object.__new__
_set = object.__setattr__
# One "fields set" per model, shared by the records made here: it holds every field they
# have, so setting one of those (an id filled in from the file name) leaves it as it is.
_FIELDS_SET: dict[type[BaseModel], set[str]] = {
    Meeting: {"id", "parties", "date", "end_date", "status", "review", "sources", "commitments"},
    Commitment: {"id", "by", "topic", "due", "status", "updates"},
    Update: {"date", "status", "due"},
    Source: {"path"},
}


def _bare(model: type[M], values: dict[str, Any], private: dict[str, Any] | None = None) -> M:
    """A record holding just `values` (the fields _FIELDS_SET names), made without
    validation (model_construct takes a hundred times as long): the values were checked
    above, and when the file they came from was read."""
    record: M = _new(model)
    _set(record, "__dict__", values)
    _set(record, "__pydantic_fields_set__", _FIELDS_SET[model])
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", private)
    return record


def _iso(day: PartialDate | None) -> str | None:
    return day.iso() if day is not None else None


def _texts(value: Any, *, plain: bool = False) -> bool:
    """A list of strings; `plain`: without control characters, as a message may quote them
    unescaped (review notes). Others are quoted only through located_problem, which escapes."""
    if type(value) is not list:
        return False
    if not value:
        return True
    if plain:
        return all(type(text) is str and not _CONTROL.search(text) for text in value)
    return all(type(text) is str for text in value)
