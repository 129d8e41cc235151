"""The peer route's contexts: the three documents as briefgen composes them, as plain data.

briefgen's compose step decides what each document says; the peer route fills its Word
templates with exactly that, so the two routes print the same content and differ only in how
they lay it out. The brief is the composed one, before briefgen fits it to one page (fitting
may leave items out; the peer route, which cannot measure a page, keeps them all).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any


def pack_contexts(counterpart: str, data: Path, as_of: str) -> dict[str, dict[str, Any]]:
    from briefgen import build as b

    options = b.MakeOptions(
        counterpart=counterpart, data=data, out=data, as_of=date.fromisoformat(as_of), lang="en"
    )
    prepared = b.prepare(options)
    composed = b.compose(prepared, options)
    brief = dataclasses.asdict(composed.brief)
    brief["overdue_more"] = composed.brief.overdue_more
    return {
        "brief": brief,
        "talking-points": dataclasses.asdict(composed.talking_points),
        "annex": dataclasses.asdict(composed.annex),
    }


def strings(value: Any) -> list[str]:
    """Every text in a context, for checking that a filled document shows it."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [
            text for key, item in value.items() if key not in _UNPRINTED for text in strings(item)
        ]
    if isinstance(value, list | tuple):
        return [text for item in value for text in strings(item)]
    return []


def docx_text(path: Path) -> str:
    """The text of a DOCX's body paragraphs and table cells."""
    from docx import Document

    document = Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def coverage(contexts: dict[str, dict[str, Any]], filled: Path) -> float:
    """The share of the contexts' texts (longer than 3 characters) that appear in the filled
    DOCX files: 1.0 when the peer route shows all that briefgen composed."""
    found = total = 0
    for key, context in contexts.items():
        text = docx_text(filled / f"{key}.docx")
        wanted = [s for s in strings(context) if len(s) > 3]
        total += len(wanted)
        found += sum(1 for s in wanted if s in text)
    return found / total if total else 0.0


# What briefgen's documents do not print either: the header (the templates print its parts),
# keys that only style or order, and the brief's notes and shorter forms for fitting it to a
# page (a delegation's names without titles).
_UNPRINTED = {"header", "key", "status_key", "omitted", "overdue_more_notes", "names"}
