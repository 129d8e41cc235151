"""The draft record: a mapping in the record format, checked like any record, written as YAML.

The YAML reads like the hand-written records: short lists and {en: …, th: …} pairs on one line,
participants one per line where they fit, full dates unquoted, `review` notes at the top.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from briefgen.errors import IngestError
from briefgen.partialdates import PartialDate, to_native_digits
from briefgen.records import Meeting, Workspace
from briefgen.textvalue import MEETING_ID_PATTERN, has_thai
from briefgen.validation import describe_error, field_path

FIELD_ORDER = (
    "id", "review", "title", "parties", "date", "end_date", "date_note", "location", "status",
    "series", "ordinal", "summary", "participants", "topics", "commitments", "sources",
)  # fmt: skip
_SLUG_STOP = {"the", "and", "of", "on", "for", "in", "a", "an", "to", "with", "meeting"}
WIDTH = 100
ID_LENGTH = 40  # MEETING_ID_PATTERN's limit


def text_value(text: str, lang: str) -> str | dict[str, str]:
    """A text field: plain for English (as the records write it), marked as Thai otherwise."""
    return {"th": text} if lang == "th" and has_thai(text) else text


def date_value(value: PartialDate) -> date | str | int:
    """A date as YAML writes it unquoted: 2024-02-28, 2024-04, 2024."""
    if value.day is not None:
        return value.first_day()
    if value.month is not None:
        return value.iso()
    return value.year


def title_for(series: str | None, ordinal: int | None, headline: str | None, lang: str,
              fallback: str) -> str | dict[str, str]:  # fmt: skip
    if series:
        if lang == "th":
            number = f" ครั้งที่ {to_native_digits(str(ordinal), 'th')}" if ordinal else ""
            space = "" if re.match(r"[\u0E00-\u0E7F]", series) else " "
            return {"th": f"การประชุม{space}{series}{number}"}
        return f"{_ordinal_word(ordinal)} {series}".strip()
    if headline:
        return text_value(headline, lang)
    return fallback


def _ordinal_word(n: int | None) -> str:
    if n is None:
        return ""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def meeting_id(start: PartialDate, parties: list[str], words: str, taken: set[str]) -> str:
    """An id that `make --meeting` takes (MEETING_ID_RULE): the date, the parties and the
    meeting's first words, cut at a word to fit, with -2, -3… if it is taken."""
    latin = re.findall(r"[A-Za-z0-9]+", words.replace("+", "plus"))
    slug = [w.lower() for w in latin if w.lower() not in _SLUG_STOP and len(w) > 1]
    slug = [w for w in slug if w not in {p.lower() for p in parties}][:5] or ["meeting"]
    codes = [re.sub(r"[^a-z0-9_-]", "", p.lower()) for p in parties]
    room = ID_LENGTH - 4  # for a "-99" suffix
    base = start.iso()
    for part in [*codes, *slug]:
        if part and len(base) + 1 + len(part) <= room:
            base = f"{base}-{part}"
    candidate, n = base, 2
    taken = {t.lower() for t in taken}
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    assert MEETING_ID_PATTERN.fullmatch(candidate), candidate
    return candidate


def ordered(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in FIELD_ORDER if data.get(key) not in (None, [], "")}


def check(data: dict[str, Any], workspace: Workspace) -> Meeting:
    """Validate the draft as load_workspace would; a failure is a bug, reported plainly."""
    try:
        meeting = Meeting.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{field_path(e['loc'])}: {describe_error(Meeting, e)[0]}"
            for e in exc.errors(include_url=False)
        ]
        raise IngestError("the draft does not validate: " + "; ".join(problems)) from None
    known = set(workspace.counterparts)
    codes = set(meeting.parties)
    wrong = [p for p in meeting.parties if p not in known]
    wrong += [p.side for p in meeting.participants if p.side not in codes]
    wrong += [c for m in meeting.commitments for c in m.by if c not in codes]
    topics = [t.topic for t in meeting.topics] + [c.topic for c in meeting.commitments if c.topic]
    wrong += [t for t in topics if t not in workspace.topics]
    if wrong:
        raise IngestError(f"the draft names what the workspace lacks: {', '.join(wrong)}")
    return meeting


def to_yaml(data: dict[str, Any], header: list[str]) -> str:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # long texts on one line, as the records write them
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    root = _styled(data, key="")
    stream = io.StringIO()
    yaml.dump(root, stream)
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header)
    return lines + stream.getvalue()


def _styled(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        node = CommentedMap((k, _styled(v, k)) for k, v in value.items())
        if key and _fits(value, 80 if key not in ("participants", "sources") else WIDTH - 10):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_styled(v, key) for v in value)
        if key in ("parties", "by", "agenda") and all(isinstance(v, str) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _fits(value: dict[str, Any], width: int) -> bool:
    if any(isinstance(v, (dict, list)) for v in value.values()):
        return False
    shown = ", ".join(f"{k}: {v}" for k, v in value.items())
    return len(shown) + 6 <= width and not any(
        ":" in str(v) or "#" in str(v) for v in value.values()
    )


def write(path: Path, text: str) -> None:
    """Replace path with text atomically; a clean message, and no leftover, when it cannot."""
    from briefgen.errors import display_path
    from briefgen.outputs import write_atomic

    if path.is_dir():
        raise IngestError(f"cannot write {display_path(path)}: it is a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise IngestError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
