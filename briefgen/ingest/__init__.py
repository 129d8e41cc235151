"""`briefgen ingest`: a press release, English or Thai, text or saved HTML, to a draft record.

ingest(path, workspace) reads the file, finds the meeting's date, parties, place, name,
participants, topics and commitments, and writes meetings/<id>.yaml with `review` notes on
all it is unsure of. The source is copied into sources/ under its content hash, so the same
release ingested twice is recognised and not recorded twice.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from briefgen.errors import IngestError, InputError, display_path
from briefgen.ingest.report import Report, print_report

__all__ = ["IngestResult", "ingest", "print_report"]

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


def ingest(
    path: Path,
    workspace: Path,
    counterpart: str | None = None,
    dry_run: bool = False,
    *,
    today: date | None = None,
) -> IngestResult:
    """Draft a meeting record from the press release at path, in the workspace folder."""
    from briefgen.ingest.build import build_draft
    from briefgen.ingest.text import read_document
    from briefgen.store import find_counterpart, load_workspace

    if not path.is_file():
        raise InputError(f"{path}: no such file")
    loaded = load_workspace(workspace)
    wanted = find_counterpart(loaded, counterpart).code if counterpart else None
    document = read_document(path)
    digest = hashlib.sha256(document.raw).hexdigest()
    stored, existing = _stored_source(workspace, digest, path)
    duplicate = next(
        (m.file for m in loaded.meetings if any(s.path == stored for s in m.sources)), None
    )
    data, report = build_draft(document, loaded, stored, wanted, today or date.today())
    from briefgen.ingest.draft import check, to_yaml, write

    check(data, loaded)
    header = [
        f"Drafted by briefgen ingest from {display_path(path)} on {(today or date.today())}.",
        "Check every note under `review` against the source, then delete the notes.",
    ]
    text = to_yaml(data, header)
    result = IngestResult(path, data["id"], text, data, report, stored, dry_run=dry_run)
    if duplicate is not None:
        result.duplicate_of = duplicate
        report.notes.append(
            f"this source is already recorded in {display_path(duplicate)}; nothing written"
        )
        return result
    if dry_run:
        return result
    target = workspace / "meetings" / f"{data['id']}.yaml"
    if not existing:
        copy = workspace / stored
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        result.written.append(copy)
    write(target, text)
    result.written.append(target)
    return result


def _stored_source(workspace: Path, digest: str, path: Path) -> tuple[str, bool]:
    """The source's path in the workspace, and whether a copy is there already."""
    folder = workspace / "sources"
    numbers = [0]
    if folder.is_dir():
        for existing in sorted(folder.iterdir()):
            if not existing.is_file():
                continue
            if digest[:HASH_CHARS] in existing.name or _hash(existing) == digest:
                return f"sources/{existing.name}", True
            number = re.match(r"(\d+)_", existing.name)
            numbers.append(int(number[1]) + 1 if number else 0)
    suffix = path.suffix.lower() if path.suffix.lower() in (".txt", ".html", ".htm") else ".txt"
    return f"sources/{max(numbers):03d}_{digest[:HASH_CHARS]}{suffix}", False


def _hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
