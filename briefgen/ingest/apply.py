"""Putting a draft into the workspace: a new record, or the planned record it reports, updated
in place; and the proposed updates to earlier commitments, written into their records.

Records are edited with ruamel's round trip, so their comments and layout stay as the officer
left them; each file is replaced atomically. A dry run shows the same changes as a diff.
"""

from __future__ import annotations

import copy
import difflib
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap

from briefgen.errors import IngestError, display_path
from briefgen.ingest.draft import _styled, write
from briefgen.ingest.followup import Proposal, update_entry
from briefgen.ingest.merge import merge_participants, merged_text, same_text
from briefgen.partialdates import PartialDate
from briefgen.records import Meeting, Workspace

NEAR_DAYS = 7  # "within a few days of the planned date"


@dataclass
class Changes:
    """The files ingest changes: their text before (None for a new file) and after."""

    before: dict[Path, str | None] = field(default_factory=dict)
    after: dict[Path, str] = field(default_factory=dict)
    documents: dict[Path, CommentedMap] = field(default_factory=dict)

    def document(self, path: Path) -> CommentedMap:
        if path not in self.documents:
            text = path.read_text(encoding="utf-8")
            try:
                self.documents[path] = _yaml().load(text)
            except YAMLError as exc:
                raise IngestError(f"{display_path(path)}: cannot be read as YAML: {exc}") from None
            self.before[path] = text
        return self.documents[path]

    def new_file(self, path: Path, text: str) -> None:
        self.before[path] = None
        self.after[path] = text

    def finish(self) -> None:
        for path, document in self.documents.items():
            stream = io.StringIO()
            _yaml().dump(document, stream)
            self.after[path] = stream.getvalue()
            _check(path, self.after[path])

    def diff(self, root: Path) -> str:
        out: list[str] = []
        for path, text in self.after.items():
            name = display_path(path, root)
            old = self.before.get(path)
            out += difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=name if old is not None else "/dev/null",
                tofile=name,
            )
        return "".join(out)

    def write(self, first: Path) -> list[Path]:
        """Write every file, the ingested record first; refuse before writing any if one
        cannot be (a folder where a record should be), so that no proposal is left without
        the review note that names it."""
        for path in self.after:
            if path.is_dir():
                raise IngestError(f"cannot write {display_path(path)}: it is a folder")
            if self.before.get(path) is None and os.path.lexists(path):
                raise IngestError(  # a file that came since the workspace was read
                    f"{display_path(path)} appeared while ingesting; nothing written"
                )
        order = sorted(self.after, key=lambda path: path != first)
        for path in order:
            write(path, self.after[path])
        return order


def _check(path: Path, text: str) -> None:
    """The changed record must load as any record does; a failure is a bug, said plainly."""
    from pydantic import ValidationError

    try:
        Meeting.model_validate(YAML(typ="safe", pure=True).load(text))
    except (ValidationError, YAMLError) as exc:
        raise IngestError(
            f"the change to {display_path(path)} would not validate, so nothing was written: "
            f"{str(exc).splitlines()[0]}"
        ) from None


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    return yaml


# --- Which planned record a release reports ---------------------------------------------------


def planned_matches(
    draft: dict[str, Any], start: PartialDate, workspace: Workspace
) -> tuple[list[Meeting], list[Meeting]]:
    """Planned records of the same parties that this release may report: sure ones (same
    series near the date, same series and ordinal, or same ordinal near the date), and unsure
    ones (near the date only)."""
    sure, unsure = [], []
    for meeting in workspace.meetings:
        if meeting.status != "planned" or set(meeting.parties) != set(draft["parties"]):
            continue
        near = _near(meeting.date, start)
        series = _same_series(draft.get("series"), meeting.series)
        ordinal = draft.get("ordinal") is not None and draft.get("ordinal") == meeting.ordinal
        if (series and (near or ordinal)) or (ordinal and near):  # a Thai release of an
            sure.append(meeting)  # English-named series: its ordinal and date still match
        elif near:
            unsure.append(meeting)
    return sure, unsure


def _near(planned: PartialDate, start: PartialDate) -> bool:
    if not (planned.year and start.year):
        return False
    gap = abs((planned.first_day() - start.first_day()).days)
    if planned.day is None or start.day is None:
        return planned.year == start.year and planned.month == start.month
    return gap <= NEAR_DAYS


def _series_words(series: str) -> str:
    series = re.sub(r"\([^)]*\)", " ", series)
    series = re.sub(r"[–—‐-]", " ", series.replace("U.S.", "US"))
    return " ".join(re.findall(r"[^\W_]+", series.casefold()))


def _same_series(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    x, y = _series_words(a), _series_words(b)
    return bool(x and y) and (x == y or x in y or y in x)


def same_date_notes(draft: dict[str, Any], workspace: Workspace, known: list[Meeting]) -> list[str]:
    """Notes on other records of the same parties whose dates overlap the release's: the same
    meeting, perhaps, from another source. Records in `known` (the one updated, the planned
    ones already named as candidates) are left out: they have notes of their own."""
    start = PartialDate.parse(str(draft["date"]))
    end = PartialDate.parse(str(draft["end_date"])) if draft.get("end_date") else start
    notes = []
    for meeting in workspace.meetings:
        if any(meeting is other for other in known) or not meeting.date.year:
            continue
        if set(meeting.parties) != set(draft["parties"]):
            continue
        if (meeting.end_date or meeting.date).last_day() < start.first_day():
            continue
        if end.last_day() < meeting.date.first_day():
            continue
        notes.append(f"meetings/{meeting.file.name} has the same parties and date: is it the "
                     "same meeting from another source?")  # fmt: skip
    return notes


def shown_day(value: PartialDate) -> str:
    """18 Dec 2026, as a note says a date."""
    if value.day is None:
        return str(value)
    day = value.first_day()
    return f"{day.day} {day:%b %Y}"


# --- Editing records ---------------------------------------------------------------------------


def update_planned(
    changes: Changes, meeting: Meeting, draft: dict[str, Any], source: str, today: date
) -> Path:
    """Mark the planned record held (or keep it planned, if the release is ahead of the date),
    with the release's dates, place, people, topics, commitments and source."""
    path = meeting.file
    doc = changes.document(path)
    was = f"{meeting.date}" + (f", {meeting.location.all_texts()[0]}" if meeting.location else "")
    shift = len(doc.get("commitments") or [])  # the draft's commitments go after the record's
    if draft["status"] == "planned":
        status = (
            f"status: left planned: the release dates the meeting "
            f"{shown_day(PartialDate.parse(str(draft['date'])))}, after today "
            f"({shown_day(PartialDate.from_date(today))}); briefgen ingest updated this record "
            f"from {source}: check what it took from there, and set status: held once the "
            "meeting has taken place"
        )
    else:
        status = (
            f"status: this record was planned ({was}); briefgen ingest marked it held from "
            f"{source} on {today}: check the date, place, people and commitments it took from there"
        )
    merged: list[str] = []
    if draft.get("participants") and isinstance(doc.get("participants"), list):
        placed = merge_participants(doc["participants"], draft["participants"], merged)
    else:
        placed = {i: i for i in range(len(draft.get("participants") or []))}
        if draft.get("participants"):
            _set(doc, "participants", draft["participants"])
    notes = [status, *merged]
    notes += [_shifted(_placed(note, placed), shift) for note in draft.get("review", [])]
    left = {str(note) for note in doc.get("review") or []}
    _extend(doc, "review", [note for note in dict.fromkeys(notes) if note not in left])
    _set(doc, "status", draft["status"])
    _set(doc, "date", draft["date"])
    for key in ("end_date", "date_note"):
        if draft.get(key):
            _set(doc, key, draft[key])
        elif key in doc:
            del doc[key]  # the planned record's note on its provisional date no longer holds
    if draft.get("location"):
        _set_location(doc, draft["location"])
    known = {str(t.get("topic")) for t in doc.get("topics") or []}
    _extend(doc, "topics", [t for t in draft.get("topics", []) if t["topic"] not in known])
    _extend(doc, "commitments", draft.get("commitments", []))
    if not any(str(s.get("path")) == source for s in doc.get("sources") or []):
        _extend(doc, "sources", draft["sources"])
    return path


def _set_location(doc: CommentedMap, place: str | dict[str, str]) -> None:
    """The release's place: added in the languages the record lacks when it is the same place
    (or the two share no language to tell); the release's, when it says another place."""
    if doc.get("location") is not None and same_text(doc["location"], place) is not False:
        doc["location"] = merged_text(doc["location"], place)
    else:
        _set(doc, "location", place)


def _placed(note: str, placed: dict[int, int | None]) -> str:
    """A draft's note on participants[i], for where that person went in the record."""

    def where(match: re.Match[str]) -> str:
        j = placed.get(int(match[1]))
        return f"participants[{j}]" if j is not None else "participants (not added)"

    return re.sub(r"^participants\[(\d+)\]", where, note)


def _shifted(note: str, shift: int) -> str:
    """A draft's note on commitments[i], for the record where they follow `shift` others."""
    return re.sub(r"^commitments\[(\d+)\]", lambda m: f"commitments[{int(m[1]) + shift}]", note)


def _extend(node: CommentedMap, key: str, items: list[Any]) -> None:
    """Add items to the list at key, leaving the items (and comments) already there alone."""
    if not items:
        return
    if isinstance(node.get(key), list):
        node[key].extend(_styled(copy.deepcopy(items), key))
    else:
        _set(node, key, items)


def record_proposals(
    changes: Changes,
    proposals: list[Proposal],
    day: object,
    meeting: str | dict[str, str],
    review: list[str],
) -> None:
    """Write each proposed update into its commitment; name it in the ingested record."""
    for proposal in proposals:
        doc = changes.document(proposal.meeting.file)
        commitment = doc["commitments"][proposal.index]
        _extend(commitment, "updates", [update_entry(proposal, day, meeting)])
        text = proposal.commitment.text.all_texts()[0]
        short = text if len(text) <= 60 else text[:57].rstrip() + "…"
        if proposal.word == "restated":
            review.append(_restated_note(proposal, short))
            continue
        review.append(
            f"commitments: proposed an update ({proposal.status or proposal.word}) to "
            f"meetings/{proposal.meeting.file.name} commitments[{proposal.index}] ('{short}'); "
            "check it there against the source, then delete this note"
        )


def _restated_note(proposal: Proposal, short: str) -> str:
    earlier = proposal.commitment
    was = f"due {earlier.due}, " if earlier.due else ""
    due = f", due {proposal.due}" if proposal.due else ""
    return (
        f"commitments: the release makes again the commitment in "
        f"meetings/{proposal.meeting.file.name} commitments[{proposal.index}] ('{short}', {was}"
        f"{earlier.current_status()}): proposed an update there ({proposal.status}{due}) instead "
        "of a second copy here; if it is a new undertaking, add it here from that update's quote"
    )


# Where a new key goes: the record format's order, with the review notes at the top.
RECORD_ORDER = ("id", "review", *(k for k in Meeting.model_fields if k not in ("id", "review")))


def _set(node: CommentedMap, key: str, value: Any, order: tuple[str, ...] = RECORD_ORDER) -> None:
    """Set key in a round-trip mapping; a new key goes where the record format puts it."""
    if key in node:
        if node[key] != value:  # an unchanged value keeps its layout and quoting
            node[key] = _styled(copy.deepcopy(value), key)
        return
    styled = _styled(copy.deepcopy(value), key)  # shared objects would be dumped as aliases
    keys = list(node)
    after = order[order.index(key) + 1 :] if key in order else ()
    position = next((i for i, k in enumerate(keys) if k in after), len(keys))
    node.insert(position, key, styled)
