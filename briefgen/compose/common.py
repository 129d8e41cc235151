"""Pieces every document shares: the header, and how a meeting or a pledge is described."""

from __future__ import annotations

import re

from briefgen.compose.clipping import BRIEF_LINE_CHARS as BRIEF_LINE_CHARS
from briefgen.compose.clipping import clip as clip
from briefgen.compose.context import Engagement, Header
from briefgen.compose.facts import PackFacts, Pledge
from briefgen.compose.localize import Localizer
from briefgen.partialdates import PartialDate
from briefgen.records import Meeting
from briefgen.textvalue import LocalText

_DOUBLE_STOP = re.compile(r"\.\.(?=\s|$)")


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
