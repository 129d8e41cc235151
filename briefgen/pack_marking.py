"""The marking a pack carries, as its PDF records it, and the checks `mail` makes of it.

`make` writes the pack's classification level and draft mark into the pack PDF's document
information (render/combine.py); `mail` reads them back rather than guessing, refuses a pack
marked otherwise than asked or older than its records, and marks the e-mail as the pack is.
"""

from __future__ import annotations

import contextlib
import errno
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from briefgen.boundedread import NotRegularFile, TooLarge, read_at_most
from briefgen.build import Prepared
from briefgen.compose.context import Header
from briefgen.errors import MailError, display_path
from briefgen.markings import CLASSIFICATIONS
from briefgen.outputs import pack_is_incomplete
from briefgen.render.combine import CLASSIFICATION_KEY, DRAFT_KEY

LEVELS = CLASSIFICATIONS  # lowest first
MAX_PACK_MB = 200  # a real pack is a few MB


@dataclass(frozen=True)
class PackMarking:
    level: str | None  # None: the PDF does not say (made before packs recorded it)
    draft: bool
    made: datetime | None  # when the PDF was made, to the second


def read_pack(path: Path) -> bytes:
    """The pack PDF's bytes, if it is the pack `make` wrote: a whole pack (no run stopped
    while renaming its files), a regular file in --out itself (not a link, which could lead
    anywhere), of a sane size. Whether it is a readable PDF, `read_marking` checks."""
    name, again = display_path(path), "make the pack again"
    if pack_is_incomplete(path.parent):
        raise MailError(
            f"the pack in {display_path(path.parent)} is incomplete (a run stopped while "
            f"writing it, so some files may be old); {again}"
        )
    try:
        return read_at_most(path, MAX_PACK_MB * 1024 * 1024, follow_links=False)
    except NotRegularFile:
        raise MailError(f"{name} is not a file; remove it and {again}") from None
    except TooLarge:
        raise MailError(f"{name} is larger than {MAX_PACK_MB} MB; {again}") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise MailError(
                f"{name} is a link; briefgen attaches only the pack it wrote in the output "
                f"folder: remove the link and {again}"
            ) from None
        raise MailError(f"cannot read {name}: {exc.strerror or exc}") from None


def read_marking(pdf: bytes) -> PackMarking:
    """The classification, draft mark and creation time the pack's PDF records."""
    import io

    import pikepdf
    from pikepdf.models.metadata import decode_pdf_date

    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            info = {str(key): str(value) for key, value in document.docinfo.items()}
            pages = len(document.pages)
    except Exception as exc:  # pikepdf's errors, and what a damaged file makes its parts raise
        reason = re.sub(r"^stream <[^>]*>:\s*", "", str(exc)) or type(exc).__name__
        raise MailError(f"the pack is not a readable PDF ({reason}); make the pack again") from None
    if pages == 0:
        raise MailError("the pack is not a readable PDF (it has no pages); make the pack again")
    level = info.get(f"/{CLASSIFICATION_KEY}")
    made = None
    with contextlib.suppress(ValueError, KeyError):
        made = decode_pdf_date(info["/CreationDate"])
        made = made if made.tzinfo else made.replace(tzinfo=UTC)
    return PackMarking(level if level in LEVELS else None, info.get(f"/{DRAFT_KEY}") == "yes", made)


def check_pack(
    asked: str | None, asked_draft: bool, force: bool, prepared: Prepared, path: Path, pdf: bytes
) -> tuple[str, bool]:
    """The marking the e-mail carries: the pack's own, as its PDF records it.

    Refused, unless `force`: a pack marked otherwise than `asked` (--classification) and
    `asked_draft` (--draft) say, one that does not say how it is marked, and one older than
    a record it draws on. Forced, the e-mail carries the higher of the two levels, and DRAFT
    if either is one."""
    found = read_marking(pdf)
    name = display_path(path)
    again = "make the pack again"
    if found.level is None:
        if not force:
            raise MailError(
                f"{name} does not record its classification (it was made by an older "
                f"briefgen); {again}, or give --force to attach it as it is"
            )
        return asked or prepared.profile.classification, asked_draft
    if asked is not None and asked != found.level and not force:
        raise MailError(
            f"{name} is marked {_level_name(found.level)}, not {_level_name(asked)} as "
            f"--classification asks; {again} with --classification {asked}, or give --force "
            "to attach it as it is"
        )
    if asked_draft and not found.draft and not force:
        raise MailError(
            f"{name} is not marked DRAFT, as --draft asks; {again} with --draft, or give "
            "--force to attach it as it is"
        )
    changed = newer_record(prepared, path, found.made)
    if changed is not None and not force:
        raise MailError(
            f"{name} is older than the records it was made from: {display_path(changed)} "
            f"changed since; {again}, or give --force to attach it as it is"
        )
    level = max(found.level, asked or "none", key=LEVELS.index)
    return level, found.draft or asked_draft


def newer_record(prepared: Prepared, pack: Path, made: datetime | None) -> Path | None:
    """The first record file the pack draws on that changed after the pack was made."""
    facts = prepared.facts
    meetings = [
        *([facts.meeting] if facts.meeting else []),
        *facts.history,
        *facts.third_party,
        *(pledge.meeting for pledge in facts.pledges),
    ]
    files = [prepared.workspace.root / "topics.yaml", *(m.file for m in meetings)]
    since = made.timestamp() if made else pack.stat().st_mtime
    for path in dict.fromkeys(files):
        with contextlib.suppress(OSError):
            if int(path.stat().st_mtime) > int(since):
                return path
    return None


def mark(subject: str, body: str, header: Header) -> tuple[str, str]:
    """The marking before the subject ("[CONFIDENTIAL] …") and atop the body, whatever the
    template wrote: a marked pack never travels under an unmarked subject."""
    marks = [text for text in (header.marking, header.draft) if text]
    if not marks:
        return subject, body
    prefix = " ".join(f"[{text}]" for text in marks)
    for text in marks:  # a template that already leads with a mark keeps it once
        subject = subject.removeprefix(f"[{text}]").lstrip()
    return f"{prefix} {subject}", f"{' – '.join(marks)}\n\n{body}"


def _level_name(level: str) -> str:
    return level.replace("-", " ").upper() if level != "none" else "unclassified (none)"
