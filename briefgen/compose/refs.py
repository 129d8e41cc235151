"""Short references and matching: how a talking point says where a commitment comes from
("2+2, Feb 2024; annex 7"), and which commitment a planned point is about."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from briefgen.compose.common import pledge_text
from briefgen.compose.facts import PackFacts, Pledge
from briefgen.compose.localize import Localizer
from briefgen.compose.thaiwords import thai_words
from briefgen.partialdates import (
    PartialDate,
    calendar_conventions,
    format_date,
    month_name,
    to_native_digits,
)
from briefgen.records import Meeting
from briefgen.textvalue import LocalText, has_thai

# A short name the title gives in brackets, after a space: "(2+2)", "(JC)", "(SOM)"; not a
# number alone, nor brackets inside a word.
_SHORT_NAME = re.compile(r"(?:^|(?<=\s))\((?=[^()]*[^\W\d_]|[^()]*\+)([^()\s]{1,12})\)")
_THAI = re.compile(r"[\u0E00-\u0E7F]+")
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
# Words that say nothing about which commitment a point is about.
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "for",
        "on",
        "in",
        "with",
        "its",
        "their",
        "our",
        "at",
        "by",
        "as",
        "from",
        "this",
        "that",
        "these",
        "both",
        "two",
        "all",
        "each",
        "any",
        "be",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "should",
        "shall",
        "can",
        "may",
        "it",
        "they",
        "we",
        "us",
        "thailand",
        "thai",
        "u.s",
        "us",
        "countries",
        "country",
        "side",
        "sides",
        "ask",
        "seek",
        "update",
        "propose",
        "confirm",
        "review",
        "take",
        "stock",
        "follow",
        "up",
        "agree",
        "agreed",
        "continue",
        "further",
        "more",
        "new",
        "next",
        "work",
        "cooperation",
        "partnership",
        "support",
        "progress",
        "status",
        "hold",
        "holding",
        "including",
        "through",
        "under",
        "between",
        "about",
        "also",
        "such",
    ]
)
_THAI_STOP = frozenset(
    [
        "และ",
        "ของ",
        "ใน",
        "การ",
        "ให้",
        "เพื่อ",
        "กับ",
        "ที่",
        "ความ",
        "ร่วม",
        "ทั้ง",
        "สอง",
        "ฝ่าย",
        "ไทย",
        "สหรัฐฯ",
        "จะ",
        "ได้",
        "เป็น",
        "ตาม",
        "ต่อ",
        "ขอ",
        "เสนอ",
        "ทบทวน",
        "ติดตาม",
        "ความร่วมมือ",
        "ระหว่าง",
        "รวมถึง",
        "ด้าน",
        "โดย",
        "ประเทศ",
    ]
)
# A planned point and a commitment are about the same thing when this share of the fewer
# content words of the two is common to both, and at least MIN_SHARED are.
MATCH_SHARE = 0.5
MIN_SHARED = 3


def annex_key(pledge: Pledge) -> tuple[str, int]:
    return (pledge.meeting.key, pledge.index)


def short_month(value: PartialDate, loc: Localizer) -> str:
    """ "Feb 2024", "ก.พ. ๒๕๖๗": the month of a date, abbreviated, in running text, where
    the year is written whole (a table's two-digit year is for its narrow columns)."""
    if not value.month:
        return format_date(value, loc.lang, style="short", native_digits=loc.profile.native_digits)
    conventions = calendar_conventions(loc.lang)
    text = conventions.patterns["short"]["month"].format(
        month=month_name(value.month, loc.lang, style="short"),
        year=value.year + conventions.year_offset,
        yy=value.year + conventions.year_offset,
    )
    return to_native_digits(text, loc.lang) if loc.profile.native_digits else text


def meeting_tag(meeting: Meeting, loc: Localizer) -> str:
    """ "2+2, Feb 2024": the short name the meeting's title gives in brackets, and its month."""
    title = loc.text(meeting.title, "title", meeting.file)
    names = _SHORT_NAME.findall(title)
    when = short_month(meeting.date, loc)
    return (
        loc._("{short_name}, {month}").format(short_name=names[-1], month=when) if names else when
    )


def annex_refs(numbers: Iterable[int], loc: Localizer) -> str:
    """ "annex 7", "annex 12–14", "annex 3, 5, 9": consecutive numbers as a range."""
    ordered = sorted(set(numbers))
    if not ordered:
        return ""
    runs: list[list[int]] = []
    for number in ordered:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [
        loc.number(run[0]) if len(run) == 1 else f"{loc.number(run[0])}–{loc.number(run[-1])}"
        for run in runs
    ]
    # No line break between "annex" and its number.
    # A no-break space is enough for Latin script; a Thai line breaker (Pango's libthai)
    # breaks at it all the same, but not across word joiners around it.
    glue = "\u2060\u00a0\u2060" if has_thai(loc._("annex {items}")) else "\u00a0"
    label = loc._("annex {items}").replace(" {items}", glue + "{items}")
    return label.format(items=", ".join(parts))


def word_count(text: str) -> int:
    """Words as a reader counts them: Thai runs cut by pythainlp, the rest at spaces."""
    count = 0
    for piece in text.split():
        thai = _THAI.findall(piece)
        if not thai:
            count += 1
            continue
        count += sum(_thai_words(run) for run in thai)
        count += 1 if _THAI.sub("", piece).strip("()[],.;:–-") else 0
    return count


@functools.lru_cache(maxsize=4096)
def _thai_words(run: str) -> int:
    return len([w for w in thai_words(run) if w.strip()])


@functools.lru_cache(maxsize=4096)
def _features(text: str) -> frozenset[str]:
    """Content words: Thai runs cut by pythainlp, the rest at spaces and punctuation."""
    words: set[str] = set()
    for run in _THAI.findall(text):
        words.update(w for w in thai_words(run) if len(w.strip()) > 1)
    words -= _THAI_STOP
    latin = {w.lower().strip(".") for w in _WORD.findall(_THAI.sub(" ", text))}
    words.update(w for w in latin if w not in _STOP and len(w) > 1)
    return frozenset(words)


def similarity(a: LocalText, b: LocalText) -> float:
    """How much two texts share: in English when both have it (the records' source
    language), else in the first language both are written in."""
    shared_langs = [lang for lang in a.languages() if lang in b.languages()]
    if "en" in shared_langs:
        shared_langs = ["en"]
    first = a.get(shared_langs[0])[0] if shared_langs else a.all_texts()[0]
    second = b.get(shared_langs[0])[0] if shared_langs else b.all_texts()[0]
    x, y = _features(first), _features(second)
    shared = len(x & y)
    if shared < MIN_SHARED:
        return 0.0
    return shared / min(len(x), len(y))


def match_points(
    points: list[LocalText], pledges: list[Pledge], taken: set[tuple[str, int]]
) -> dict[int, list[Pledge]]:
    """For planned points that name no commitment: the commitments each is about, by wording.
    Each commitment goes to the one point it shares most with, if it shares enough."""
    found: dict[int, list[Pledge]] = {}
    for pledge in pledges:
        if annex_key(pledge) in taken:
            continue
        scores = [(similarity(text, pledge.commitment.text), i) for i, text in enumerate(points)]
        score, best = max(scores, default=(0.0, -1))
        if score >= MATCH_SHARE:
            found.setdefault(best, []).append(pledge)
    return found


def pledges_by_id(facts: PackFacts) -> dict[str, Pledge]:
    return {p.commitment.id: p for p in facts.pledges if p.commitment.id}


def restated(pledges: list[Pledge], home: str, loc: Localizer) -> list[list[Pledge]]:
    """The pledges grouped by owner and words (the same undertaking restated at several
    meetings), each group oldest first, the groups in the order of their first member."""
    groups: dict[tuple[str, str], list[Pledge]] = {}
    for pledge in pledges:
        words = " ".join(pledge_text(pledge, loc).casefold().split()).rstrip(".")
        groups.setdefault((pledge.owner(home), words), []).append(pledge)
    return [
        sorted(group, key=lambda p: (p.meeting.date.sort_key(), p.index))
        for group in groups.values()
    ]
