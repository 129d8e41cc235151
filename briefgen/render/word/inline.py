"""Inline content of the HTML as tokens: character formatting, whitespace collapsed as a
browser collapses it, and CSS-like lengths."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.shared import Cm, Emu, Inches, Length, Mm, Pt

WS = re.compile(r"[ \t\n\r\f]+")
WORD_JOINER = "\u2060"
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|pt|in|px|%)?\s*$")


@dataclass(frozen=True)
class Fmt:
    """Character formatting inherited down the inline elements."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    vert: str = ""  # "sub" or "sup"
    char_style: str | None = None


@dataclass
class Tok:
    """A piece of inline content: "t" text, "br" line break or "img" picture."""

    kind: str
    text: str = ""
    fmt: Fmt = Fmt()
    el: Any = None


def has_content(tokens: list[Tok]) -> bool:
    return any(t.kind == "img" or (t.kind == "t" and t.text.strip(" \t\n\r\f")) for t in tokens)


def collapse(tokens: list[Tok]) -> list[Tok]:
    """Browser whitespace: runs of spaces become one, none at a line's start or end; adjacent
    text with the same formatting merges into one run."""
    out: list[Tok] = []
    at_line_start = True
    for tok in tokens:
        if tok.kind == "t":
            # Word joiners keep a line breaker (Pango's Thai) from breaking at a no-break
            # space; Word honours the no-break space itself and Sarabun has no joiner glyph.
            text = WS.sub(" ", tok.text).replace(WORD_JOINER, "")
            if at_line_start or (out and out[-1].kind == "t" and out[-1].text.endswith(" ")):
                text = text.lstrip(" ")
            if not text:
                continue
            at_line_start = False
            if out and out[-1].kind == "t" and out[-1].fmt == tok.fmt:
                out[-1] = Tok("t", out[-1].text + text, tok.fmt)
            else:
                out.append(Tok("t", text, tok.fmt))
        else:
            _trim_end(out)
            out.append(tok)
            at_line_start = tok.kind == "br"
    _trim_end(out)
    return out


def _trim_end(out: list[Tok]) -> None:
    while out and out[-1].kind == "t" and out[-1].text.endswith(" "):
        text = out[-1].text.rstrip(" ")
        if text:
            out[-1] = Tok("t", text, out[-1].fmt)
        else:
            out.pop()


def span(value: str | None, limit: int) -> int:
    """A colspan/rowspan/span attribute, between 1 and limit."""
    try:
        return max(1, min(int(value or 1), max(1, limit)))
    except ValueError:
        return 1


def length(spec: str, *, percent_of: Length | None) -> Length | None:
    """A CSS-like length ("40mm", "2cm", "12pt", "1in", "96px", "96", "30%") or None."""
    match = LENGTH.match(spec or "")
    if not match:
        return None
    number, unit = float(match[1]), match[2] or "px"
    if unit == "%":
        return Emu(int(percent_of * number / 100)) if percent_of else None
    units = {"mm": Mm, "cm": Cm, "pt": Pt, "in": Inches, "px": lambda v: Inches(v / 96)}
    return Length(int(units[unit](number))) if number > 0 else None
