"""The meeting's date, out of all the dates a press release holds; and commitments' due dates.

A text dates many things: the page itself, earlier visits, the next meeting, a term of office.
The meeting's date is the one the opening gives it ("On 28-29 February 2024, …", "เมื่อวันที่ …"),
or a Date row, or a later "the meeting was held on …". Dates the text ties to another event
("followed … Austin's visit … on June 4, 2024", "ภายหลัง…") only bound it. When the claims
disagree, or a bound contradicts one, every one is reported and the draft keeps only what they
agree on. A year the text does not state is never filled in silently.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from briefgen.datetext import FoundDate, find_dates
from briefgen.ingest.sentences import Sentence, Sentences
from briefgen.partialdates import PartialDate, calendar_conventions

_INTRO = re.compile(
    r"(?:\b(?:on|dated|held\s+on|from)\s+(?:the\s+)?|(?:เมื่อ|ใน|ระหว่าง|ช่วงระหว่าง)?วันที่\s*)$",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"\b(?:follow(?:s|ed|ing)?|after|since|earlier\s+this\s+year|last\s+(?:month|year)|"
    r"previous(?:ly)?|prior)\b|ภายหลัง|หลังจาก|ตั้งแต่|ต่อจาก|เมื่อต้นปี",
    re.IGNORECASE,
)
_BEFORE = re.compile(
    r"\b(?:ahead\s+of|before|in\s+preparation\s+for|in\s+the\s+run-up\s+to)\b|ก่อน(?:หน้า|การ)?",
    re.IGNORECASE,
)
_RESTATED = re.compile(
    r"\b(?:the|this)\s+(?:meeting|dialogue|talks|visit|consultations?|session)\b[^.;]{0,40}"
    r"\b(?:held|took\s+place|convened|conducted|was)\s+(?:on|in)\s+(?:the\s+)?$"
    r"|(?:การประชุม|การหารือ)(?:ครั้งนี้|ดังกล่าว)\S{0,20}(?:จัดขึ้น|มีขึ้น)(?:เมื่อ|ใน)?วันที่\s*$",
    re.IGNORECASE,
)
_OTHER_EVENT = re.compile(
    r"\b(?:inaugural|previous|last|first|next|upcoming|earlier)\b|ครั้งก่อน|ครั้งแรก|ครั้งต่อไป",
    re.IGNORECASE,
)
_TODAY = re.compile(r"\btoday\b|วันนี้|(\byesterday\b|เมื่อวานนี้)", re.IGNORECASE)
_THIS_YEAR = re.compile(r"\bthis\s+year\b|ปีนี้", re.IGNORECASE)
_DUE_BEFORE = re.compile(
    r"(?:\b(?:in|by|before|until|within|during|from|for)\s+(?:the\s+)?(?:end\s+of\s+|early\s+|"
    r"mid-?|late\s+)?(?:the\s+)?(?:month\s+of\s+|year\s+)?|(?:ภายใน|ใน|ช่วง|ก่อน|ต้น|กลาง|ปลาย|สิ้น)+"
    r"(?:ปี|เดือน)?\s*"
    r"(?:พ\.ศ\.\s*)?)$",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:recent(?:ly)?|earlier|last|previous(?:ly)?|following|ago|was|were|had)\b"
    r"|ที่ผ่านมา|เมื่อ(?:ต้น|ช่วง)?(?:เดือน|ปี)",
    re.IGNORECASE,
)
_OPENING_WORDS = re.compile(r"\s*(?:(?:เมื่อ|ระหว่าง)?วันที่\s*|(?:On|During)\s+(?:the\s+)?)", re.I)
_DATE_LABEL = re.compile(r"^(?:dates?|when|วันที่|วัน\s*เวลา|กำหนดการ)$", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    found: FoundDate
    kind: str  # "opening", "row", "restated", "mention", "later", "today"
    where: str  # a few words of context, for the report

    @property
    def last(self) -> PartialDate:
        return self.found.end or self.found.start


@dataclass
class MeetingDate:
    start: PartialDate
    end: PartialDate | None
    stated: str  # how the text writes it, for the report
    notes: list[str] = field(default_factory=list)  # for date_note
    review: list[str] = field(default_factory=list)
    conflict: bool = False


def meeting_date(
    sentences: Sentences,
    fields: list[tuple[str, str]],
    page_dates: list[FoundDate],
    year_hints: list[tuple[int, str]],
    today: date,
) -> MeetingDate:
    claims, bounds = _claims(sentences, fields, page_dates)
    firm = [c for c in claims if c.kind in ("opening", "row", "restated", "today")]
    contradicted = [c for c in firm if any(_violates(c, b) for b in bounds)]
    valid = [c for c in firm if c not in contradicted]
    if not firm:
        valid = [c for c in claims if c.kind == "mention"] or [
            c for c in claims if c.kind == "later"
        ]
    result = _choose(valid, contradicted, bounds)
    if result is None:
        result = _undated(page_dates, year_hints, today)
    elif result.start.year == 0:
        _fill_year(result, page_dates, sentences, year_hints, today)
    return result


def _claims(
    sentences: Sentences, fields: list[tuple[str, str]], page_dates: list[FoundDate]
) -> tuple[list[Claim], list[tuple[str, Claim]]]:
    claims: list[Claim] = []
    bounds: list[tuple[str, Claim]] = []
    opening = {(s.para, s.start) for s in sentences.lead_window()}
    for sentence in sentences.items:
        in_lead = (sentence.para, sentence.start) in opening or _opens_with_date(sentence)
        previous_end = 0
        for found in find_dates(sentence.text):
            before = sentence.text[previous_end : found.offset][-200:]
            previous_end = found.offset + len(found.text)
            claim = Claim(found, "", _context(sentence, found))
            if found.start.precision == "year" and not _INTRO.search(before):
                continue  # "since 2019", "the term 2025-2027": not a meeting's date
            if _AFTER.search(before):
                bounds.append(("after", claim))
            elif _BEFORE.search(before):
                bounds.append(("before", claim))
            elif _RESTATED.search(before) and not _OTHER_EVENT.search(before[-60:]):
                claims.append(dataclasses.replace(claim, kind="restated"))
            elif in_lead:
                kind = "opening" if _INTRO.search(before[-30:]) else "mention"
                claims.append(dataclasses.replace(claim, kind=kind))
            elif _INTRO.search(before[-30:]):
                claims.append(dataclasses.replace(claim, kind="later"))
        relative = _TODAY.search(sentence.text) if in_lead and page_dates else None
        page = page_dates[0] if page_dates else None
        if relative and page is not None and (page.start.day or not relative[1]):
            day = page.start
            if relative[1]:  # yesterday
                day = PartialDate.from_date(page.start.first_day() - timedelta(days=1))
            found = FoundDate(day, None, relative[0], 0, True)
            claims.append(Claim(found, "today", f"'{relative[0]}', on a page dated {page.text}"))
    for label, value in fields:
        if _DATE_LABEL.match(label.strip(" :")):
            claims += [Claim(f, "row", f"the {label} row") for f in find_dates(value)]
    return claims, bounds


def _opens_with_date(sentence: Sentence) -> bool:
    """A paragraph that opens "เมื่อวันที่ ๑ เมษายน ๒๕๖๔ …" or "On 4 October 2024, …" dates the
    meeting even below a headline-like summary paragraph or the page's own date line."""
    if sentence.start != 0:
        return False
    found = find_dates(sentence.text)
    return bool(found) and bool(_OPENING_WORDS.fullmatch(sentence.text[: found[0].offset]))


def _context(sentence: Sentence, found: FoundDate) -> str:
    text = sentence.text
    start = max(0, found.offset - 50)
    end = min(len(text), found.offset + len(found.text) + 30)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _violates(claim: Claim, bound: tuple[str, Claim]) -> bool:
    kind, other = bound
    if claim.found.start.year == 0 or other.found.start.year == 0:
        return False
    if kind == "after":
        return claim.last.last_day() < other.found.start.first_day()
    return claim.found.start.first_day() > other.last.last_day()


def _overlap(a: Claim, b: Claim) -> bool:
    if 0 in (a.found.start.year, b.found.start.year):
        return (a.found.start.month, a.found.start.day) == (b.found.start.month, b.found.start.day)
    return not (
        a.last.last_day() < b.found.start.first_day()
        or b.last.last_day() < a.found.start.first_day()
    )


def _choose(
    valid: list[Claim], contradicted: list[Claim], bounds: list[tuple[str, Claim]]
) -> MeetingDate | None:
    order = {"opening": 0, "today": 1, "row": 2, "restated": 3, "mention": 4, "later": 5}
    valid = sorted(valid, key=lambda c: order[c.kind])
    if valid:
        first = valid[0]
        result = MeetingDate(first.found.start, first.found.end, first.found.text)
        if first.kind == "later":
            result.start, result.end = _month_of(first.found.start), None
            result.notes.append(
                f"The opening gives no date; the text dates something later on: {first.where} "
                "That may not be the meeting's own day, so the draft keeps the month."
            )
            result.review.append(
                "date: the opening gives no date; the month comes from a later sentence"
            )
        if first.kind == "today":
            result.notes.append(f"Worked out from {first.where}.")
            result.review.append(f"date: worked out from {first.where}; check it")
        disagree = [c for c in valid[1:] if not _overlap(first, c)]
        if disagree:
            _conflict(result, [first, *disagree], "The text gives different dates for the meeting")
    elif contradicted:
        result = MeetingDate(contradicted[0].found.start, contradicted[0].found.end, "")
    else:
        return None
    for claim in contradicted:
        kind, bound = next(b for b in bounds if _violates(claim, b))
        relation = "after" if kind == "after" else "before"
        result.notes.append(
            f"Conflict: {claim.where} ({claim.found.text}), but the text also says the meeting "
            f"came {relation} {bound.found.text}: {bound.where}"
        )
        result.conflict = True
    if contradicted and not valid:
        every = [c.found for c in contradicted] + [b.found for _, b in bounds]
        result.start, result.end = _common(every), None
        result.stated = ", ".join(f.text for f in every)
        result.notes.append(f"The draft keeps only what every date agrees on: {result.start}.")
    if result.conflict:
        result.review.append("date: the text's dates conflict (see date_note); pick the right one")
    return result


def _conflict(result: MeetingDate, claims: list[Claim], why: str) -> None:
    listed = "; ".join(f"{c.found.text} ({c.where})" for c in claims)
    result.notes.append(f"{why}: {listed}")
    result.start, result.end = _common([c.found for c in claims]), None
    result.notes.append(f"The draft keeps only what they agree on: {result.start}.")
    result.conflict = True


def _common(found: list[FoundDate]) -> PartialDate:
    """The most precise date that every one of these falls in: the same month, or year."""
    dates = [d for f in found for d in (f.start, f.end) if d is not None and d.year]
    first = dates[0]
    if all(d.year == first.year and d.month == first.month for d in dates) and first.month:
        return PartialDate.of(first.year, first.month)
    return PartialDate.of(first.year)


def _month_of(value: PartialDate) -> PartialDate:
    return dataclasses.replace(value, day=None) if value.month else value


def _fill_year(
    result: MeetingDate,
    page_dates: list[FoundDate],
    sentences: Sentences,
    year_hints: list[tuple[int, str]],
    today: date,
) -> None:
    """The text gives a day and month but no year: take one from the best hint, and say so."""
    year, why = _year_hint(page_dates, sentences, year_hints, today, result.start)
    result.start = dataclasses.replace(result.start, year=year)
    if result.end is not None:
        result.end = dataclasses.replace(result.end, year=year)
    result.notes.append(f"The text gives no year for {result.stated}; {year} is {why}.")
    result.review.append(f"date: the year is not stated; {year} is {why} — confirm it")


def _undated(
    page_dates: list[FoundDate], year_hints: list[tuple[int, str]], today: date
) -> MeetingDate:
    year, why = _year_hint(page_dates, None, year_hints, today, None)
    result = MeetingDate(PartialDate.of(year), None, "")
    result.notes.append(f"The text gives no date for the meeting; {year} is {why}.")
    result.review.append(f"date: the text gives no date; {year} is {why} — find the real date")
    return result


def _year_hint(
    page_dates: list[FoundDate],
    sentences: Sentences | None,
    year_hints: list[tuple[int, str]],
    today: date,
    day: PartialDate | None,
) -> tuple[int, str]:
    if day is not None and sentences is not None:
        same = _same_day_elsewhere(sentences, page_dates, day)
        if same is not None:
            return same.start.year, f"the year of '{same.text}', the same day elsewhere in the text"
    if page_dates:
        page = page_dates[0].start
        year = page.year
        if (
            day
            and day.month
            and page.month
            and (day.month, day.day or 0) > (page.month, page.day or 99)
        ):
            year -= 1
        return year, f"taken from the page's own date ({page_dates[0].text})"
    if sentences is not None:
        for sentence in sentences.items:
            if _THIS_YEAR.search(sentence.text):
                stated = [f for f in find_dates(sentence.text) if f.year_stated]
                if stated:
                    return stated[0].start.year, f"the year of '{stated[0].text}', 'this year'"
    if year_hints:
        year, why = year_hints[0]
        return year, why
    return today.year, "this year (a guess: nothing in the text or the workspace tells)"


def _same_day_elsewhere(
    sentences: Sentences, page_dates: list[FoundDate], day: PartialDate
) -> FoundDate | None:
    """A full date elsewhere in the text with the same day and month: "on July 18" and, in the
    first line, "18 July 2014"."""
    texts = [s.text for s in sentences.items]
    found = [f for text in texts for f in find_dates(text)] + page_dates
    for other in found:
        start = other.start
        if other.year_stated and start.year and (start.month, start.day) == (day.month, day.day):
            return other
    return None


# --- Due dates -------------------------------------------------------------------------------


def due_date(text: str, meeting: PartialDate) -> tuple[PartialDate | None, str | None]:
    """A date by which an action is due, if the clause states one after the meeting."""
    from briefgen.ingest.periods import period_due

    period = period_due(text, meeting)
    if period is not None:
        return period
    after = meeting.last_day() if meeting.year else None
    for found in find_dates(text):
        if not _DUE_BEFORE.search(text[: found.offset][-40:]):
            continue
        if not found.year_stated or found.end is not None:
            continue
        if after is None or found.start.last_day() > after:
            return found.start, None
    month = _bare_month(text)
    if month and _PAST.search(text):
        return None, None  # "following the recent visits … in January": done, not due
    if month and meeting.year and meeting.month:
        year = meeting.year + (1 if month < meeting.month else 0)
        return PartialDate.of(year, month), f"no year given for the due month; {year} assumed"
    return None, None


def _bare_month(text: str) -> int | None:
    """A month named without a year after 'in'/'ใน' ("in March", "ในเดือนมีนาคม")."""
    no_year = r"(?!\s*,?\s*(?:[0-9๐-๙]{4}|พ\.ศ|ค\.ศ))"
    before = {
        "en": r"\b(?:in|by|during|until)\s+(?:early\s+|mid-|late\s+)?",
        "th": r"(?:ใน|ภายใน|ช่วง)(?:เดือน)?",
    }
    for lang, lead in before.items():
        names = calendar_conventions(lang).month_names["long"]
        for number, name in enumerate(names, start=1):
            end = r"\b" if lang == "en" else ""
            if re.search(lead + re.escape(name) + end + no_year, text, re.IGNORECASE):
                return number
    return None
