"""`briefgen ingest`: a press release, English or Thai, text or saved HTML, to a draft record.

ingest(path, workspace) reads the file, finds the meeting's date, parties, place, name,
participants, topics and commitments, and writes meetings/<id>.yaml with `review` notes on
all it is unsure of. The source is copied into sources/ under its content hash, so the same
release ingested twice is recognised and not recorded twice.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from briefgen.errors import IngestError, InputError, display_path
from briefgen.ingest.report import Report

__all__ = ["IngestResult", "Report", "ingest"]

HASH_CHARS = 16


@dataclass
class IngestResult:
    source: Path
    meeting_id: str
    yaml: str
    data: dict[str, Any]
    report: Report
    stored_source: str  # the source's path in the workspace, as the record names it
    written: list[Path] = field(default_factory=list)  # nothing with --dry-run
    duplicate_of: Path | None = None  # the record that already has this source
    dry_run: bool = False
    target: Path | None = None  # the record written: a new one, or the planned one updated
    diff: str = ""  # every change, as a unified diff
    edits_existing: bool = False  # whether records already in the workspace change


def ingest(
    path: Path,
    workspace: Path,
    counterpart: str | None = None,
    dry_run: bool = False,
    *,
    today: date | None = None,
) -> IngestResult:
    """Draft a meeting record from the press release at path, in the workspace folder; or, if
    the workspace has the meeting as planned, update that record in place."""
    from briefgen.ingest.apply import (
        Changes,
        planned_matches,
        record_proposals,
        same_date_notes,
        update_planned,
    )
    from briefgen.ingest.build import build_draft
    from briefgen.ingest.draft import check, to_yaml
    from briefgen.ingest.followup import propose_updates
    from briefgen.ingest.sentences import Sentences
    from briefgen.ingest.text import read_document
    from briefgen.partialdates import PartialDate
    from briefgen.store import find_counterpart, load_workspace

    if not path.is_file():
        raise InputError(f"{path}: no such file")
    _refuse_links_out(workspace)
    day = today or date.today()
    loaded = load_workspace(workspace)
    wanted = find_counterpart(loaded, counterpart).code if counterpart else None
    document = read_document(path)
    digest = hashlib.sha256(document.raw).hexdigest()
    stored, existing = _stored_source(workspace, digest, path)
    duplicate = next(
        (m.file for m in loaded.meetings if any(s.path == stored for s in m.sources)), None
    )
    data, report, restated = build_draft(document, loaded, stored, wanted, day)
    check(data, loaded)
    start = PartialDate.parse(str(data["date"]))
    sure, unsure = planned_matches(data, start, loaded)
    target_meeting = sure[0] if len(sure) == 1 else None
    candidates = sure if len(sure) > 1 else unsure
    known = [*candidates, *([target_meeting] if target_meeting else [])]
    data["review"] += same_date_notes(data, loaded, known)
    if target_meeting is None and candidates:
        listed = " or ".join(f"meetings/{m.file.name}" for m in candidates)
        data["review"].insert(
            0,
            f"this release may report the planned meeting in {listed}: if so, move what is "
            "new here into that record and delete this one",
        )
    sentences = Sentences(document.paragraphs, document.headings, document.lang).items
    proposals = propose_updates(sentences, data["parties"], start, loaded, target_meeting)
    proposals += restated  # beside any report on the same commitment: each is its own update
    changes = Changes()
    review: list[str] = []
    title = target_meeting.title.dump() if target_meeting else data["title"]
    record_proposals(changes, proposals, data["date"], title, review)
    data["review"] = [*data["review"], *review]
    header = [
        f"Drafted by briefgen ingest from {display_path(path)} on {day}.",
        "Check every note under `review` against the source, then delete the notes.",
    ]
    text = to_yaml(data, header)
    result = IngestResult(path, data["id"], text, data, report, stored, dry_run=dry_run)
    report.review[:] = data["review"]
    if duplicate is not None:
        result.duplicate_of = duplicate
        report.notes.append(
            f"this source is already recorded in {display_path(duplicate)}; nothing written"
        )
        return result
    if target_meeting is not None:
        result.target = update_planned(changes, target_meeting, data, stored, day)
        result.meeting_id = target_meeting.key
        report.notes.append(f"the release reports the planned meeting in "
                            f"{display_path(target_meeting.file)}: updated in place")  # fmt: skip
    else:
        result.target = workspace / "meetings" / f"{data['id']}.yaml"
        changes.new_file(result.target, text)
    changes.finish()
    result.diff = changes.diff(workspace)
    result.edits_existing = any(old is not None for old in changes.before.values())
    if dry_run:
        return result
    result.written += changes.write(result.target)
    if not existing:  # after the records: a refused write leaves no stray copy behind
        copy = workspace / stored  # the bytes read, under a name no entry has: never through a link
        _write_source(copy, document.raw)
        result.written.append(copy)
    return result


def _refuse_links_out(workspace: Path) -> None:
    """The folders ingest writes into must be inside the workspace: a link from meetings/ or
    sources/ to elsewhere would have it write there."""
    root = workspace.resolve()
    for name in ("meetings", "sources"):
        folder = (workspace / name).resolve()
        if folder != root and root not in folder.parents:
            raise IngestError(
                f"{display_path(workspace / name)} is a link to {folder}, outside the "
                "workspace: ingest writes only inside the workspace, so nothing was written"
            )


def _stored_source(workspace: Path, digest: str, path: Path) -> tuple[str, bool]:
    """The source's path in the workspace, and whether a copy is there already."""
    folder = workspace / "sources"
    numbers = [0]
    if folder.is_dir():
        for existing in sorted(folder.iterdir()):
            number = re.match(r"(\d+)_", existing.name)  # every name counts, so a new one is free
            numbers.append(int(number[1]) + 1 if number else 0)
            if existing.is_symlink() or not existing.is_file():
                continue
            if digest[:HASH_CHARS] in existing.name or _hash(existing) == digest:
                return f"sources/{existing.name}", True
    suffix = path.suffix.lower() if path.suffix.lower() in (".txt", ".html", ".htm") else ".txt"
    return f"sources/{max(numbers):03d}_{digest[:HASH_CHARS]}{suffix}", False


def _write_source(copy: Path, raw: bytes) -> None:
    from briefgen.outputs import write_atomic

    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(copy, raw)
    except OSError as exc:
        raise IngestError(f"cannot write {display_path(copy)}: {exc.strerror or exc}") from None


def _hash(path: Path) -> str:
    from briefgen.ingest.text import read_bounded

    try:
        return hashlib.sha256(read_bounded(path, follow_links=False)).hexdigest()
    except IngestError:
        return ""  # not a source ingest could have stored: a link, a folder, too large
