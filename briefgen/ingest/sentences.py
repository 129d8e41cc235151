"""Sentences and words. English by rule, Thai with pythainlp's bundled engines.

Thai has no full stop: pythainlp's default sentence engine (crfcut) cuts a paragraph at the
spaces that end sentences, and its default word engine (newmm) cuts words with the dictionary
that ships in the package. Neither downloads anything. Full stops inside abbreviations ("U.S.",
"พ.ค.") are hidden from crfcut, which would cut there, and a piece that only continues the one
before it ("โดยเฉพาะ…", "รวมทั้ง…") is joined back to it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

# Abbreviations after which a full stop does not end an English sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "adm", "cmdr", "sgt",
    "hon", "rev", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "jr", "sr", "inc", "ltd", "co",
    "dept", "govt", "u.s", "u.k", "u.n", "h.e", "d.c", "h.r.h", "h.m", "pol", "ret", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
_EN_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# Thai pieces that continue the sentence before them.
_TH_CONTINUES = re.compile(
    r"^(?:โดยเฉพาะ|รวมทั้ง|รวมถึง|ตลอดจน|อาทิ|ได้แก่|และ|หรือ|ซึ่ง|เพื่อ|ที่|กับ|ของ|ใน|แก่|"
    r"ให้|ต่อ|ด้วย|ทั้งใน|ทั้งนี้เพื่อ|[A-Za-z(\[])"
)
_HIDDEN_DOT = "\u2024"  # ONE DOT LEADER stands in for an abbreviation's full stop
MIN_THAI_SENTENCE = 30


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph; start and end are offsets in that paragraph."""

    text: str
    para: int
    start: int
    end: int
    kind: str = "body"  # "body", "lead" (the opening paragraph), or "field" (a table row)


def split_paragraph(paragraph: str, lang: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of a paragraph."""
    spans = _thai_spans(paragraph) if lang == "th" else _english_spans(paragraph)
    return [(s, e) for s, e in spans if paragraph[s:e].strip()]


def _english_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _EN_BOUNDARY.finditer(text):
        before = text[start : match.start()]
        last_word = re.search(r"([A-Za-z.]+)\.$", before.rstrip("\"”’')]"))
        if last_word:
            word = last_word.group(1).lower().rstrip(".")
            if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word):  # "Jedidiah P. Royal"
                continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [_strip(text, s, e) for s, e in spans]


def _thai_spans(text: str) -> list[tuple[int, int]]:
    hidden = text.replace(".", _HIDDEN_DOT)  # Thai ends sentences with a space, not a stop
    pieces = thai_sentences(hidden)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = hidden.find(piece, cursor)
        if found < 0:
            continue
        end = found + len(piece)
        if spans and (
            _TH_CONTINUES.match(piece)
            or end - found < MIN_THAI_SENTENCE
            or spans[-1][1] - spans[-1][0] < MIN_THAI_SENTENCE
        ):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((found, end))
        cursor = end
    if not spans:
        return [(0, len(text))]
    spans[-1] = (spans[-1][0], max(spans[-1][1], len(text.rstrip())))
    return [_strip(text, s, e) for s, e in spans]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def thai_sentences(text: str) -> list[str]:
    """pythainlp's sentences with its default engine; by spaces if that engine cannot load
    (segmenter_problem() then says why, for the ingest report)."""
    segment, _ = _thai_segmenter()
    return segment(text) if segment else re.split(r"(?<=\S)\s{1,}(?=\S)", text)


def segmenter_problem() -> str | None:
    """Why Thai sentences are cut at spaces, or None when pythainlp's engine is there."""
    return _thai_segmenter()[1]


@functools.cache
def _thai_segmenter() -> tuple[Callable[[str], list[str]] | None, str | None]:
    try:
        from pythainlp.tokenize import sent_tokenize

        sent_tokenize("ทดสอบ")  # loads the bundled CRF model now, so a failure shows here
    except ImportError as exc:
        return (
            None,
            f"Thai sentences are cut at spaces: pythainlp's sentence engine is missing ({exc})",
        )

    def segment(text: str) -> list[str]:
        return [str(piece) for piece in sent_tokenize(text)]

    return segment, None


def thai_words(text: str) -> list[tuple[str, int]]:
    """Thai words (newmm, the bundled dictionary) with their offsets in text."""
    from pythainlp.tokenize import word_tokenize

    words = []
    cursor = 0
    for word in word_tokenize(text, keep_whitespace=False):
        found = text.find(word, cursor)
        if found < 0:
            continue
        words.append((word, found))
        cursor = found + len(word)
    return words


# "เมื่อวันที่ ๑ เมษายน ๒๕๖๔ นาย…", "On 4 October 2024, Mr. …": the paragraph that reports the
# meeting, even below a summary paragraph that repeats the headline.
_DATED_OPENING = re.compile(
    r"\s*(?:(?:เมื่อ|ระหว่าง)?วันที่\s*[0-9๐-๙]|(?:On|During)\s+(?:the\s+)?[0-9])", re.IGNORECASE
)


class Sentences:
    """The sentences of a document's paragraphs, and its fields, found by place."""

    def __init__(self, paragraphs: list[str], headings: set[int], lang: str) -> None:
        self.paragraphs = paragraphs
        self.items: list[Sentence] = []
        self.by_para: dict[int, list[Sentence]] = {}
        body = [i for i in range(len(paragraphs)) if i not in headings]
        dated = [i for i in body[:3] if _DATED_OPENING.match(paragraphs[i])]
        self.lead = dated[0] if dated else (body[0] if body else 0)
        for i in body:
            kind = "lead" if i == self.lead else "body"
            found = [
                Sentence(paragraphs[i][s:e], i, s, e, kind)
                for s, e in split_paragraph(paragraphs[i], lang)
            ]
            self.by_para[i] = found
            self.items += found

    def at(self, para: int, offset: int) -> Sentence | None:
        for sentence in self.by_para.get(para, []):
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    def lead_window(self, count: int = 2) -> list[Sentence]:
        """The opening sentences: those of the lead paragraph, and the next ones to `count`."""
        lead = list(self.by_para.get(self.lead, []))
        rest = [s for s in self.items if s.para > self.lead]
        return lead + rest[: max(0, count - len(lead))]
