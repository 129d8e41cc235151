"""Pieces every document shares: the header, and how a meeting or a pledge is described."""

from __future__ import annotations

import re

from briefgen.compose.context import Engagement, Header
from briefgen.compose.facts import PackFacts, Pledge
from briefgen.compose.localize import Localizer
from briefgen.compose.thaiwords import thai_words
from briefgen.partialdates import PartialDate
from briefgen.records import Meeting
from briefgen.textvalue import LocalText

_DOUBLE_STOP = re.compile(r"\.\.(?=\s|$)")
# A brief line longer than this is cut: the brief is staccato, the annex keeps the full text.
BRIEF_LINE_CHARS = 260
# A sentence ends at . ! or ? after a lower-case letter, a digit or a bracket, before a space:
# "U.S. treaty" and "D.C. on" go on.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]\"'’”])[.!?](?= )")
# Thai vowels written before their consonant, and the marks written above or below one: a cut
# after the first or before the second would leave half a syllable.
_THAI_LEADING_VOWELS = "เแโใไ"
_THAI_MARKS = frozenset(chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))
_HANGING = " ,;:–—-(/"
_THAI_CHAR = re.compile("[\u0e00-\u0e7f]")


def clip(text: str, limit: int = BRIEF_LINE_CHARS) -> str:
    """The text in at most `limit` characters, cut where a reader expects a cut: after the
    last whole sentence if that keeps half of the room, else at the last space (between
    words, or between Thai phrases), else between two syllables."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - 2  # for " …"
    sentences = [m.end() for m in _SENTENCE_END.finditer(text, 0, room + 1)]
    if sentences and sentences[-1] >= limit // 2:
        return text[: sentences[-1]] + " …"
    cut = text.rfind(" ", 0, room + 1)
    if cut < limit * 0.6 and _THAI_CHAR.search(text, max(cut, 0), room + 1):
        # Thai writes no space between words (a space parts phrases): with no space near the
        # end, the last word boundary pythainlp finds before the limit is the cut.
        cut = max(cut, _thai_word_end(text, room))
    if cut < limit * 0.6:  # one long word, or a Thai word longer than the room left
        cut = room
    # Whatever the tokenizer made of a mixed run, never part a syllable.
    while cut > 1 and (text[cut] in _THAI_MARKS or text[cut - 1] in _THAI_LEADING_VOWELS):
        cut -= 1
    return text[:cut].rstrip(_HANGING) + "…"


def _thai_word_end(text: str, room: int) -> int:
    """The last end of a word at or before `room`, words cut by pythainlp (-1 if none); the
    word running over `room` is read whole (a little past it) so that it is not cut short."""
    end, boundary = 0, -1
    for word in thai_words(text[: room + 40], keep_whitespace=True):
        end += len(word)
        if end > room:
            break
        boundary = end
    return boundary


def tidy(text: str) -> str:
    """One full stop where a value ending in an abbreviation (D.C.) met the sentence's own."""
    return _DOUBLE_STOP.sub(".", text)


def make_header(
    facts: PackFacts, loc: Localizer, document: str, *, logo: str | None, marking: str, draft: bool
) -> Header:
    profile = loc.profile
    counterpart = loc.text(facts.counterpart.name, "name", None)
    meeting = facts.meeting
    if meeting:
        title = meeting_title(meeting, loc)
        when = loc.date_range(meeting.date, meeting.end_date)
        place = loc.text(meeting.location, "location", meeting.file)
    else:
        title = loc._("Relations with {counterpart}").format(counterpart=counterpart)
        when = loc.date(_as_partial(facts))
        place = ""
    keywords = [facts.counterpart.code, counterpart]
    if meeting:
        keywords.append(meeting.key)
    return Header(
        lang=loc.lang,
        ministry=loc.text(profile.name, "name", None),
        ministry_names=ministry_names(profile.name, loc.lang),
        ministry_short=loc.text(profile.short_name, "short_name", None),
        logo=logo,
        marking=loc.marking(marking),
        draft=loc._("DRAFT") if draft else "",
        document=document,
        title=title,
        when=when,
        place=place,
        counterpart=counterpart,
        as_of=loc._("Status as of {date}").format(date=loc.date(_as_partial(facts))),
        page_label=loc._("Page {page} of {pages}"),
        footer=footer_line(loc),
        keywords=", ".join(keywords),
        unit=loc.text(profile.unit, "unit", None),
    )


def footer_line(loc: Localizer) -> str:
    """The profile's own footer line, else the ministry's name and the unit, if any."""
    profile = loc.profile
    if profile.footer is not None:
        return loc.text(profile.footer, "footer", None)
    parts = [loc.text(profile.name, "name", None), loc.text(profile.unit, "unit", None)]
    return " · ".join(part for part in parts if part)


def _as_partial(facts: PackFacts) -> PartialDate:
    return PartialDate.from_date(facts.reference)


def ministry_names(name: LocalText, lang: str) -> list[str]:
    texts = (
        name.all_texts()
        if name.plain is not None
        else [name.by_lang[code] for code in sorted(name.by_lang, key=lambda code: code != lang)]
    )
    return list(dict.fromkeys(texts))


def meeting_title(meeting: Meeting, loc: Localizer) -> str:
    return loc.text(meeting.title, "title", meeting.file)


def engagement(meeting: Meeting, loc: Localizer) -> Engagement:
    # One name per side keeps the row to a line or two; the annex names everyone.
    chairs = {
        side: loc.text(meeting.participants[i].name, f"participants[{i}].name", meeting.file)
        for side, i in meeting.named_chairs().items()
    }
    return Engagement(
        when=loc.date_range(meeting.date, meeting.end_date, table=True),
        title=clip(meeting_title(meeting, loc)),
        place=loc.text(meeting.location, "location", meeting.file),
        co_chairs=" / ".join(chairs.values()),
    )


def pledge_text(pledge: Pledge, loc: Localizer) -> str:
    index = pledge.index
    return loc.text(pledge.commitment.text, f"commitments[{index}].text", pledge.meeting.file)


def pledge_origin(pledge: Pledge, loc: Localizer) -> str:
    """'pledged at the 2nd Thailand–U.S. … , 28–29 February 2024'."""
    meeting = pledge.meeting
    return loc._("{meeting}, {date}").format(
        meeting=meeting_title(meeting, loc), date=loc.date_range(meeting.date, meeting.end_date)
    )
