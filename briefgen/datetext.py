"""Dates written in running text, English or Thai, read into PartialDates and ranges.

The ingester uses this on press releases: "On 28-29 February 2024", "April 27, 2024",
"เมื่อวันที่ ๙-๑๐ พฤษภาคม ๒๕๖๕", "29 ก.ย. 2564". Month names, era offsets and the like come from
every locales/<lang>/calendar.yaml, so a language added there is read as well.

A year above 2400 is a Buddhist-Era year and becomes C.E.; so does a two-digit year after an
abbreviated month in a language that writes those ("ก.พ. ๖๗" → 2024). A year on its own is read
only within BARE_YEARS, where a four-digit number is most likely a year.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from briefgen import partialdates
from briefgen.partialdates import (
    LAST_PLAUSIBLE_CE_YEAR,
    CalendarConventions,
    DateValueError,
    PartialDate,
)

#: The year of a date whose text states none and for which no default_year was given. Not a
#: real year (first_day() raises on it), so such a date cannot pass for a real one unnoticed.
UNSTATED_YEAR = 0
#: A four-digit number on its own is taken for a year only in this span (C.E.).
BARE_YEARS = range(1800, 2101)
# Checks "29 February" when the text gives no year.
_LEAP_YEAR = 2000

# What can follow what in a date; "M<" is a month of a language that writes "April 27".
# "y" is an optional year, ",y" one after an optional comma, "Y" a required one.
_SHAPES: tuple[tuple[str, ...], ...] = (
    ("D", "M", "y"),  # 9 May; 28 February 2024
    ("D", "-", "D", "M", "y"),  # 28–29 February 2024
    ("D", "M", "-", "D", "M", "y"),  # 30 April – 2 May 2024
    ("M<", "D", ",y"),  # April 27, 2024
    ("M<", "D", "-", "D", ",y"),  # April 24–26, 2024
    ("M<", "D", "-", "M<", "D", ",y"),  # February 28 – March 1, 2024
    ("M", "Y"),  # April 2024
    ("M", "-", "M", "Y"),  # April – May 2024
    ("Y",),  # 2024
)


@dataclass(frozen=True)
class FoundDate:
    """One date or range in a text. Without a stated year, the year is default_year or
    UNSTATED_YEAR, and year_stated says so."""

    start: PartialDate
    end: PartialDate | None
    text: str
    offset: int
    year_stated: bool


@dataclass(frozen=True)
class _Month:
    number: int
    short: bool
    conventions: CalendarConventions


@dataclass(frozen=True)
class _Token:
    kind: str  # "iso", "month", "prefix", "number", "dash" or "comma"
    text: str
    start: int
    end: int
    month: _Month | None = None
    suffixed: bool = False  # "28th"


@dataclass(frozen=True)
class _Reading:
    start: PartialDate
    end: PartialDate | None
    year_stated: bool
    stop: int  # index of the first token after it


class _Reader:
    """A tokenizer for the month names, year prefixes and day suffixes of every language."""

    def __init__(self, root: Path, languages: tuple[str, ...]) -> None:
        everyone = [partialdates.calendar_conventions(lang, root) for lang in languages]
        self.months: dict[str, _Month] = {}
        month_pieces: dict[str, str] = {}
        for conventions in everyone:
            for name, month in _month_names(conventions):
                stem = name.rstrip(".")  # "ก.พ" and "Feb." are read too
                self.months.setdefault(stem.casefold(), month)
                piece = re.escape(stem) + r"\.?"
                if conventions.spaces_between_words:
                    piece = rf"(?<![^\W\d_]){piece}(?![^\W\d_])"
                month_pieces.setdefault(stem, piece)
        self.era_offsets = [c.year_offset for c in everyone if c.year_offset]
        suffixes = {s: re.escape(s) for c in everyone for s in c.day_suffixes}
        prefixes = {p: re.escape(p) for c in everyone for p in c.year_prefixes}
        self.pattern = re.compile(
            r"(?P<iso>(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9]))"
            f"|(?P<month>{_longest_first(month_pieces)})"
            f"|(?P<prefix>{_longest_first(prefixes)})"
            # A number, but not part of "3,187", "1.5" or "10:30".
            r"|(?<!\d)(?<!\d[.,:/])(?P<number>\d+)"
            rf"(?P<suffix>(?:{_longest_first(suffixes)})(?![^\W\d_]))?(?![.,:/]\d)"
            r"|(?P<dash>[-‐‑‒–—])|(?P<comma>,)",
            re.IGNORECASE,
        )

    def year(self, token: _Token | None, after: _Month | None) -> int | None:
        """The C.E. year `token` writes, if it can be a year where it stands."""
        if token is None or token.kind != "number" or token.suffixed:
            return None
        digits = partialdates.to_ascii_digits(token.text)
        era = after.conventions if after is not None else None
        if era is not None and after is not None and after.short and len(digits) == 2:
            window = era.two_digit_years_from  # "ก.พ. ๖๗"; None: the language never writes so
            return None if window is None else window + int(digits) - era.year_offset
        if len(digits) != 4:
            return None
        year = int(digits)
        if year > LAST_PLAUSIBLE_CE_YEAR:
            # The era of the month's language, else of any language that has one.
            offsets = [era.year_offset] if era and era.year_offset else self.era_offsets
            year -= offsets[0] if offsets else 0
        return year


def _month_names(conventions: CalendarConventions) -> list[tuple[str, _Month]]:
    names = [
        (name, _Month(number, style == "short", conventions))
        for style, listed in conventions.month_names.items()
        for number, name in enumerate(listed, start=1)
    ]
    for number, others in conventions.other_month_names.items():
        names += [(name, _Month(number, False, conventions)) for name in others]
    return names


def _longest_first(pieces: dict[str, str]) -> str:
    """An alternation of regexes keyed by the text they match, longest text first, so that
    "February" wins over "Feb"; one that never matches when there are none."""
    return "|".join(pieces[text] for text in sorted(pieces, key=len, reverse=True)) or "(?!)"


@functools.cache
def _reader(root: Path, languages: tuple[str, ...]) -> _Reader:
    return _Reader(root, languages)


def find_dates(text: str, *, default_year: int | None = None) -> list[FoundDate]:
    """Every date and date range in `text`, in order of appearance. A date without a year
    takes default_year (C.E.), or UNSTATED_YEAR when that is None."""
    root = partialdates.LOCALES_ROOT
    reader = _reader(root, tuple(partialdates.available_languages(root)))
    found = []
    for run in _runs(text, reader):
        i = 0
        while i < len(run):
            reading = _read_at(run, i, reader, default_year)
            if reading is None:
                i += 1
                continue
            first, last = run[i], run[reading.stop - 1]
            written = text[first.start : last.end]
            found.append(
                FoundDate(reading.start, reading.end, written, first.start, reading.year_stated)
            )
            i = reading.stop
    return found


def parse_date_text(text: str, *, default_year: int | None = None) -> FoundDate:
    """The one date or range that `text` writes ("วันที่ ๑ มี.ค. ๒๕๖๗")."""
    found = find_dates(text, default_year=default_year)
    if not found:
        raise DateValueError(f"'{text}' holds no date")
    if len(found) > 1:
        shown = ", ".join(f"'{f.text}'" for f in found)
        raise DateValueError(f"'{text}' holds {len(found)} dates, not one: {shown}")
    return found[0]


def _runs(text: str, reader: _Reader) -> list[list[_Token]]:
    """The text's tokens, in runs separated by anything but white space."""
    runs: list[list[_Token]] = []
    end: int | None = None
    for match in reader.pattern.finditer(text):
        kind = "number" if match["number"] else match.lastgroup or ""
        month = reader.months.get(match[0].rstrip(".").casefold()) if kind == "month" else None
        written = match["number"] or match[0]
        token = _Token(kind, written, match.start(), match.end(), month, bool(match["suffix"]))
        if end is None or text[end : match.start()].strip():
            runs.append([])
        runs[-1].append(token)
        end = match.end()
    return runs


def _read_at(
    run: list[_Token], i: int, reader: _Reader, default_year: int | None
) -> _Reading | None:
    reading = _longest_reading(run, i, reader, default_year)
    if reading is None or not reading.year_stated or reading.end is not None:
        return reading
    # Two whole dates joined by a dash: "30 December 2023 – 2 January 2024", "2025–2027".
    if reading.stop < len(run) and run[reading.stop].kind == "dash":
        after = _longest_reading(run, reading.stop + 1, reader, default_year)
        if (
            after is not None
            and after.year_stated
            and after.end is None
            and after.start.precision == reading.start.precision
            and reading.start < after.start
        ):
            return _Reading(reading.start, after.start, True, after.stop)
    return reading


def _longest_reading(
    run: list[_Token], i: int, reader: _Reader, default_year: int | None
) -> _Reading | None:
    if i < len(run) and run[i].kind == "iso":
        try:
            return _Reading(PartialDate.parse(run[i].text), None, True, i + 1)
        except DateValueError:
            return None
    readings = [_read_shape(shape, run, i, reader, default_year) for shape in _SHAPES]
    return max(filter(None, readings), key=lambda r: r.stop, default=None)


def _read_shape(
    shape: tuple[str, ...], run: list[_Token], i: int, reader: _Reader, default_year: int | None
) -> _Reading | None:
    days: list[int] = []
    months: list[_Month] = []
    year = None
    for symbol in shape:
        token = run[i] if i < len(run) else None
        if symbol in ("Y", "y", ",y"):
            j = i + 1 if symbol == ",y" and token and token.kind == "comma" else i
            j += 1 if j < len(run) and run[j].kind == "prefix" else 0
            year = reader.year(run[j] if j < len(run) else None, months[-1] if months else None)
            if year is None and symbol == "Y":
                return None
            i = i if year is None else j + 1
        elif token is None:
            return None
        elif symbol == "D" and token.kind == "number" and len(token.text) <= 2:
            days.append(int(partialdates.to_ascii_digits(token.text)))
            i += 1
        elif symbol in ("M", "M<") and token.month is not None:
            if symbol == "M<" and not token.month.conventions.month_before_day:
                return None
            months.append(token.month)
            i += 1
        elif symbol == "-" and token.kind == "dash":
            i += 1
        else:
            return None
    return _resolve(days, [m.number for m in months], year, i, default_year)


def _resolve(
    days: list[int], months: list[int], year: int | None, stop: int, default_year: int | None
) -> _Reading | None:
    """The dates that the pieces read make, or None if they make no real date."""
    if not months and (year is None or year not in BARE_YEARS):
        return None
    first = (months[0] if months else None, days[0] if days else None)
    last = (months[-1] if months else None, days[-1] if days else None)
    is_range = len(days) == 2 or len(months) == 2
    # Without a stated year, try default_year; if that makes no date (29 February), no year.
    candidates = [year] if year is not None else [default_year, None]
    for candidate in candidates:
        try:
            start, end = _dates(first, last if is_range else None, candidate or _LEAP_YEAR)
        except DateValueError:
            continue
        if candidate is None:
            start = dataclasses.replace(start, year=UNSTATED_YEAR)
            end = end and dataclasses.replace(end, year=UNSTATED_YEAR)
        return _Reading(start, end, year is not None, stop)
    return None


def _dates(
    first: tuple[int | None, int | None], last: tuple[int | None, int | None] | None, year: int
) -> tuple[PartialDate, PartialDate | None]:
    """Start and end in `year`; a start month after the end month is in the year before."""
    if last is None:
        return PartialDate.of(year, *first), None
    crosses_year = first[0] is not None and last[0] is not None and first[0] > last[0]
    start = PartialDate.of(year - 1 if crosses_year else year, *first)
    end = PartialDate.of(year, *last)
    if end < start:
        raise DateValueError(f"{start} to {end} ends before it starts")
    return start, (None if end == start else end)
