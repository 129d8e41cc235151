"""Checks across files: the parties, sides, `by` codes and topics a meeting names exist.

A meeting whose fields did not validate is still checked wherever its references can be
read from the values as written, so one pass of `validate` reports every problem: a wrong
date and an unknown party in the same file are both named at once.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import TypeAdapter, ValidationError

from briefgen import countries
from briefgen.errors import display_path
from briefgen.records import Meeting
from briefgen.store.loader import Loader, is_inside_workspace, located_problem
from briefgen.textvalue import Code, Ident, TopicKey
from briefgen.yamlio import KeyPath


@dataclass
class References:
    """What a meeting may name: counterpart codes and topic keys. A record that did not
    validate still counts when its code or key can be read, so that a slip in it is
    reported once, in its file, and not again in every meeting that names it."""

    codes: list[str]
    topics: list[str]
    # Codes and keys of records that did not validate: accepted, but not offered as known.
    unchecked: set[str] = field(default_factory=set)
    # topics.yaml did not load: no topic key can be checked.
    any_topic: bool = False


class Reference(NamedTuple):
    loc: KeyPath
    value: str
    what: str  # "counterpart", "party" (one of the meeting's own), "topic" or "commitment id"
    key: bool = False  # the value is a mapping key (talking_points)


@dataclass
class Digested:
    """A meeting as the record cache kept it (store/digest.py), and the values its
    references name, by kind."""

    meeting: Meeting
    parties: list[str]  # "party": sides and `by` codes, each of which must be a party
    topics: list[str]
    cited: list[str]  # commitment ids that talking points cite (`re:`)

    def references_known(self, codes: set[str], topics: set[str] | None, ids: set[str]) -> bool:
        """Whether every reference names something known (topics None: any topic is): then
        the meeting has no reference problem, exactly as the full check would find."""
        own = self.meeting.parties
        return (
            all(code in codes for code in own)
            and all(code in own for code in self.parties)
            and (topics is None or all(key in topics for key in self.topics))
            and all(name in ids for name in self.cited)
        )


#: A meeting read: its file, and the validated record or, failing that, its raw values.
Read = tuple[Path, Meeting | dict[str, Any]]
#: A meeting to check: as read, or as the record cache kept it.
Checked = tuple[Path, Meeting | Digested | dict[str, Any]]


def check_references(
    loader: Loader,
    meetings: Iterable[Checked],
    known: References,
    reread: Callable[[Path], Read | None] | None = None,
) -> None:
    """Every reference of every meeting checked. A cached meeting whose references are all
    known has no problem; one with any unknown is read again (`reread`) and checked in
    full, so that its problems are the very ones a check without the cache gives."""
    meetings = list(meetings)
    commitment_ids = _check_commitment_ids(loader, meetings)
    codes, topics, ids = set(known.codes), set(known.topics), set(commitment_ids)
    for path, checked in meetings:
        if isinstance(checked, Digested):
            if checked.references_known(codes, None if known.any_topic else topics, ids):
                _check_dates_and_sources(loader, path, checked.meeting)
                continue
            again = reread(path) if reread is not None else None
            if again is None:
                continue
            path, meeting = again
        else:
            meeting = checked
        broken = _party_list_broken(meeting, known)
        references: Iterable[Reference]
        if isinstance(meeting, Meeting):
            listed = functools.partial(_is_list, loader, path)
            parties, references = meeting.parties, model_references(meeting, listed)
        else:
            parties, references = _raw_references(meeting)
        choices = {
            "counterpart": known.codes,
            "party": parties,
            "topic": known.topics,
            "commitment id": commitment_ids,
        }
        for reference in references:
            if reference.what == "party" and broken and not _unknown(reference.value, known):
                continue
            if reference.what == "topic" and known.any_topic:
                continue
            allowed = choices[reference.what]
            if reference.value not in allowed and (
                reference.what == "party" or reference.value not in known.unchecked
            ):
                note = _alpha3_note(reference.value) if reference.what == "counterpart" else ""
                message = unknown_message(reference.what, reference.value, list(allowed), note)
                loader.problem(path, reference.loc, message, key=reference.key)
        if isinstance(meeting, Meeting):
            _check_dates_and_sources(loader, path, meeting)


def _party_list_broken(meeting: Meeting | dict[str, Any], known: References) -> bool:
    """Whether the meeting's party list is itself wrong: malformed, or naming a counterpart
    the workspace lacks (JPN for JP). Then a side or `by` naming a real counterpart is not
    blamed for missing from it: the party line is reported, once."""
    if isinstance(meeting, Meeting):
        parties: Any = meeting.parties
    else:
        parties = meeting.get("parties")
        if not isinstance(parties, list):
            return True
        parties = [_read(Code, party) for party in parties]
    return any(party is None or _unknown(party, known) for party in parties)


def _unknown(code: str, known: References) -> bool:
    """Whether a code names no counterpart of the workspace (loaded or not)."""
    return code not in known.codes and code not in known.unchecked


def model_references(meeting: Meeting, listed: Callable[[int], bool]) -> Iterator[Reference]:
    """Every reference a valid meeting makes; `listed(i)`: whether commitment i's `by` was
    written as a list (its codes are then located one by one)."""
    for i, party in enumerate(meeting.parties):
        yield Reference(("parties", i), party, "counterpart")
    for i, participant in enumerate(meeting.participants):
        yield Reference(("participants", i, "side"), participant.side, "party")
    for i, discussion in enumerate(meeting.topics):
        yield Reference(("topics", i, "topic"), discussion.topic, "topic")
    for i, commitment in enumerate(meeting.commitments):
        by_list = listed(i)
        for j, code in enumerate(commitment.by):
            loc: KeyPath = ("commitments", i, "by", j) if by_list else ("commitments", i, "by")
            yield Reference(loc, code, "party")
        if commitment.topic:
            yield Reference(("commitments", i, "topic"), commitment.topic, "topic")
    for i, key in enumerate(meeting.agenda):
        yield Reference(("agenda", i), key, "topic")
    for key, points in meeting.talking_points.items():
        yield Reference(("talking_points", key), key, "topic", key=True)
        for j, point in enumerate(points):
            for ref in point.re:
                yield Reference(("talking_points", key, j, "re"), ref, "commitment id")
    for i, line in enumerate(meeting.if_raised):
        if line.topic:
            yield Reference(("if_raised", i, "topic"), line.topic, "topic")


def _check_commitment_ids(loader: Loader, meetings: list[Checked]) -> list[str]:
    """Every commitment id in the workspace; one used twice is a problem where it recurs."""
    seen: dict[str, Path] = {}
    for path, meeting in meetings:
        # A meeting that did not validate still names its ids, where they can be read: a
        # slip elsewhere in it must not make every point that cites them "unknown".
        ids = (
            [commitment.id for commitment in meeting.commitments]
            if isinstance(meeting, Meeting)
            else [commitment.id for commitment in meeting.meeting.commitments]
            if isinstance(meeting, Digested)
            else [
                _read(Ident, entry.get("id")) if isinstance(entry, dict) else None
                for _, entry in _items(meeting, "commitments")
            ]
        )
        for i, name in enumerate(ids):
            if name is None:
                continue
            if name in seen:
                first = display_path(seen[name])
                message = f"commitment id '{name}' is already used in {first}"
                loader.problem(path, ("commitments", i, "id"), message)
            else:
                seen[name] = path
    return list(seen)


def _raw_references(data: dict[str, Any]) -> tuple[list[str], list[Reference]]:
    """The meeting's parties and references as written, where they can be read: values
    that are themselves malformed were reported with the fields and are left out."""
    references: list[Reference] = []
    parties: list[str] = []
    for loc, value in _items(data, "parties"):
        party = _read(Code, value)
        if party is not None:
            parties.append(party)
            references.append(Reference(loc, party, "counterpart"))
    references += _raw_fields(data, "participants", "side", Code, "party")
    references += _raw_fields(data, "topics", "topic", TopicKey, "topic")
    for loc, entry in _items(data, "commitments"):
        by = entry.get("by") if isinstance(entry, dict) else None
        codes = list(enumerate(by)) if isinstance(by, list) else [(None, by)]
        for j, code in codes:
            value = _read(Code, code) if code is not None else None
            if value is not None:
                at: KeyPath = (*loc, "by", j) if j is not None else (*loc, "by")
                references.append(Reference(at, value, "party"))
        topic = (
            _read(TopicKey, entry["topic"])
            if isinstance(entry, dict) and entry.get("topic")
            else None
        )
        if topic is not None:
            references.append(Reference((*loc, "topic"), topic, "topic"))
    for loc, key in _items(data, "agenda"):
        value = _read(TopicKey, key)
        if value is not None:
            references.append(Reference(loc, value, "topic"))
    talking_points = data.get("talking_points")
    if isinstance(talking_points, dict):
        for key in talking_points:
            value = _read(TopicKey, key)
            if value is not None:
                references.append(Reference(("talking_points", key), value, "topic", True))
    references += _raw_fields(data, "if_raised", "topic", TopicKey, "topic")
    return parties, references


def _raw_fields(
    data: dict[str, Any], name: str, field: str, kind: Any, what: str
) -> list[Reference]:
    """`field` of each entry of the list `name`, where it can be read."""
    found = []
    for loc, entry in _items(data, name):
        if isinstance(entry, dict) and entry.get(field) is not None:
            value = _read(kind, entry[field])
            if value is not None:
                found.append(Reference((*loc, field), value, what))
    return found


def _items(data: dict[str, Any], name: str) -> Iterator[tuple[KeyPath, Any]]:
    values = data.get(name)
    if isinstance(values, list):
        for i, value in enumerate(values):
            yield (name, i), value


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def _read(kind: Any, value: Any) -> str | None:
    """The value as the record would hold it (a code upper-cased), or None if malformed."""
    try:
        read: str = _adapter(kind).validate_python(value)
    except ValidationError:
        return None
    return read


def readable_code(value: Any) -> str | None:
    """A counterpart code as a record would hold it, or None if it is no code."""
    return _read(Code, value)


def _check_dates_and_sources(loader: Loader, path: Path, meeting: Meeting) -> None:
    # A partial end_date is before the date only if all of it is: 2024-02 may end a
    # meeting that starts on 2024-02-28.
    if meeting.end_date and meeting.end_date.last_day() < meeting.date.first_day():
        loader.problem(
            path, ("end_date",), f"{meeting.end_date} is before the start date {meeting.date}"
        )
    for i, source in enumerate(meeting.sources):
        if not _source_inside(loader.root, source.path):
            loader.problem(
                path,
                ("sources", i, "path"),
                f"'{source.path}': a source path must be relative and inside the workspace",
            )
        elif not _is_file(loader.root / source.path):
            loaded = loader.loaded(path)
            at = loaded.locate(("sources", i, "path")) if loaded is not None else None
            at_line, at_column = at if at else (None, None)
            message = f"source file {source.path} is missing"
            loader.warnings.append(
                located_problem(path, at_line, at_column, f"sources[{i}].path", message)
            )


def _source_inside(root: Path, source: str) -> bool:
    """A source path is relative, never climbs out, and is no link out of the workspace."""
    relative = Path(source)
    if relative.is_absolute() or ".." in relative.parts:
        return False
    return is_inside_workspace(root / relative, root)


def _is_file(path: Path) -> bool:
    """Whether path is a file; a name the system cannot even look up (too long) is not."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _is_list(loader: Loader, path: Path, index: int) -> bool:
    data = loader.files[path].data
    return isinstance(data["commitments"][index].get("by"), list)


def _alpha3_note(value: str) -> str:
    """Records name a country by its two-letter code: say so for a three-letter one (JPN)."""
    code = countries.from_alpha3(value) if len(value) == 3 else None
    if code is None:
        return ""
    return f"{value} is {countries.region_name(code, 'en')}'s three-letter code; records use {code}"


def unknown_message(what: str, value: str, choices: list[str], note: str = "") -> str:
    message = f"unknown {what} '{value}'" + (f" ({note})" if note else "")
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not close:
        folded = {c.casefold(): c for c in choices}
        close = [folded[value.casefold()]] if value.casefold() in folded else []
    known = ", ".join(sorted(choices))
    if close:
        message += f"; did you mean '{close[0]}'?"
        return f"{message} Known: {known}" if choices else message
    return f"{message}; known: {known}" if choices else message
