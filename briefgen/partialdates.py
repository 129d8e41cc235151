"""Dates as records hold them: full (2024-02-28) or partial (2024-04, 2024), never more precise
than the source; and how they are written in English and in Thai (Buddhist Era, Thai digits).

How a language writes dates is data, not code: `locales/<lang>/calendar.yaml` holds its month
names, era offset, digits and patterns, so a new language needs only a new file.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from briefgen.errors import BriefgenError

BE_OFFSET = 543
#: A year above this in a record is a Buddhist-Era year typed by mistake.
LAST_PLAUSIBLE_CE_YEAR = 2400

Precision = Literal["year", "month", "day"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateValueError(ValueError):
    """A date that cannot be: wrong shape, impossible day, or a B.E. year."""


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the day, the month, or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        if cls is PartialDate:  # dates repeat across records, and a PartialDate is frozen
            return _parse_cached(text)
        return cls._parse(text)

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        match = _ISO.match(text.strip())
        if not match:
            raise DateValueError(
                f"'{text}' is not a date; write YYYY-MM-DD, or YYYY-MM or YYYY for a partial date"
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        return cls.of(year, month, day, original=text.strip())

    @classmethod
    def of(
        cls, year: int, month: int | None = None, day: int | None = None, original: str = ""
    ) -> PartialDate:
        shown = original or "-".join(
            f"{v:0{w}d}" for v, w in ((year, 4), (month, 2), (day, 2)) if v is not None
        )
        if year > LAST_PLAUSIBLE_CE_YEAR:
            ce = "-".join([str(year - BE_OFFSET), *shown.split("-")[1:]])
            raise DateValueError(
                f"year {year} looks like a Buddhist-Era year; write the Common-Era date {ce}"
            )
        if year < 1000:
            raise DateValueError(f"'{shown}' has an implausible year")
        if month is not None and not 1 <= month <= 12:
            raise DateValueError(f"'{shown}' has no month {month}")
        if day is not None:
            assert month is not None
            last = _stdlib_calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateValueError(
                    f"'{shown}' is not a real date: {_month_name(month)} {year} has {last} days"
                )
        return cls(year, month, day)

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The last day the date could mean: a commitment due 2024-04 is overdue from 1 May."""
        if self.day is not None:
            return date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return date(self.year, month, _stdlib_calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key() <= other.sort_key()

    def __str__(self) -> str:
        return self.iso()


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str) -> PartialDate:
    return PartialDate._parse(text)


def _month_name(month: int) -> str:
    return _stdlib_calendar.month_name[month]


# --- Writing dates in a language ---------------------------------------------------------------

Style = Literal["long", "medium", "short"]
#: The styles each calendar.yaml spells out. `medium` is made of them: the short month names
#: in the long patterns, so a whole year (๘ พ.ย. ๒๕๖๗, 8 Nov 2024), as tables have it.
STYLES: tuple[Style, ...] = ("long", "short")

LOCALES_ROOT = Path(__file__).parent / "locales"
CALENDAR_FILE = "calendar.yaml"
#: The language used when a pack asks for one that has no calendar.yaml.
FALLBACK_LANGUAGE = "en"
_LANGUAGE_CODE = re.compile(r"[A-Za-z0-9_-]+")

_ASCII_DIGITS = "0123456789"

# Which placeholders each pattern may use; checked when the file loads, so that a typo in a
# new language's file fails at once with the file's name rather than mid-render.
_DAY_FIELDS = frozenset({"day", "month", "year", "yy"})
_RANGE_FIELDS = frozenset({"start", "end"})
_PATTERN_FIELDS: dict[str, frozenset[str]] = {
    "day": _DAY_FIELDS,
    "month": frozenset({"month", "year", "yy"}),
    "year": frozenset({"year", "yy"}),
    "range_same_month": frozenset({"start_day", "end_day", "month", "year", "yy"}),
    "range_same_year": frozenset(
        {"start_day", "start_month", "end_day", "end_month", "year", "yy"}
    ),
    "range_months_same_year": frozenset({"start_month", "end_month", "year", "yy"}),
    "range_years": _RANGE_FIELDS,
    "range_other": _RANGE_FIELDS,
}


class CalendarDataError(BriefgenError):
    """A language's calendar.yaml is missing or malformed."""


@dataclass(frozen=True)
class CalendarConventions:
    """How one language writes dates, as its calendar.yaml says."""

    lang: str
    #: Added to a Common-Era year to give the year as written (543 for the Buddhist Era).
    year_offset: int
    #: The language's digits for 0–9.
    digits: str
    #: Twelve month names per style.
    month_names: Mapping[Style, tuple[str, ...]]
    #: Per style, a pattern for each key of _PATTERN_FIELDS.
    patterns: Mapping[Style, Mapping[str, str]]
    #: A two-digit year yy means this + yy in the language's era; None: never written so.
    two_digit_years_from: int | None
    spaces_between_words: bool
    month_before_day: bool
    day_suffixes: tuple[str, ...]
    year_prefixes: tuple[str, ...]
    #: Further spellings a reader should know, by month number ("Sept").
    other_month_names: Mapping[int, tuple[str, ...]]


def available_languages(root: Path | None = None) -> list[str]:
    """The languages with a calendar.yaml, the fallback language first."""
    base = root or LOCALES_ROOT
    found = sorted(p.parent.name for p in base.glob(f"*/{CALENDAR_FILE}"))
    return sorted(found, key=lambda lang: lang != FALLBACK_LANGUAGE)


def calendar_conventions(lang: str, root: Path | None = None) -> CalendarConventions:
    """The conventions of `lang` ("th", "th-TH", "th_TH"); the fallback's for an unknown one."""
    base = root or LOCALES_ROOT
    for code in (lang, lang.replace("_", "-").split("-")[0].lower(), FALLBACK_LANGUAGE):
        path = base / code / CALENDAR_FILE
        # A language code, never a path: "--lang ../x" must not read files elsewhere.
        if _LANGUAGE_CODE.fullmatch(code) and path.is_file():
            return _load_conventions(path)
    raise CalendarDataError(f"no {CALENDAR_FILE} for '{lang}' or '{FALLBACK_LANGUAGE}' in {base}")


@functools.cache
def _load_conventions(path: Path) -> CalendarConventions:
    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        return _conventions_from(path.parent.name, data)
    except (YAMLError, KeyError, TypeError, ValueError) as error:
        raise CalendarDataError(f"{path}: {_describe(error)}") from error


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing key {error}"
    return str(error)


def _conventions_from(lang: str, data: dict[str, Any]) -> CalendarConventions:
    reading = data.get("reading") or {}
    month_names = {style: tuple(str(n) for n in data["months"][style]) for style in STYLES}
    patterns = {style: _checked_patterns(data["styles"][style]) for style in STYLES}
    digits = str(data["digits"])
    if len(digits) != 10:
        raise ValueError(f"digits must be ten characters, 0 to 9, not '{digits}'")
    for style, names in month_names.items():
        if len(names) != 12:
            raise ValueError(f"months.{style} must name 12 months, not {len(names)}")
    window = data.get("two_digit_years_from")
    return CalendarConventions(
        lang=lang,
        year_offset=int(data["year_offset"]),
        digits=digits,
        month_names=month_names,
        patterns=patterns,
        two_digit_years_from=None if window is None else int(window),
        spaces_between_words=bool(reading.get("spaces_between_words", True)),
        month_before_day=bool(reading.get("month_before_day", False)),
        day_suffixes=tuple(str(s) for s in reading.get("day_suffixes") or ()),
        year_prefixes=tuple(str(p) for p in reading.get("year_prefixes") or ()),
        other_month_names={
            int(month): tuple(str(n) for n in names)
            for month, names in (reading.get("other_month_names") or {}).items()
        },
    )


def _checked_patterns(patterns: dict[str, Any]) -> dict[str, str]:
    checked = {}
    for key, fields in _PATTERN_FIELDS.items():
        pattern = str(patterns[key])
        try:
            pattern.format_map({field: "" for field in fields})
        except (KeyError, IndexError, ValueError) as error:
            raise ValueError(f"pattern {key} '{pattern}' may use only {sorted(fields)}") from error
        checked[key] = pattern
    return checked


def be_year(ce_year: int) -> int:
    """The Buddhist-Era year of a Common-Era year: 2024 → 2567."""
    return ce_year + BE_OFFSET


def ce_year(be_year: int) -> int:
    """The Common-Era year of a Buddhist-Era year: 2567 → 2024."""
    return be_year - BE_OFFSET


def to_native_digits(text: str, lang: str) -> str:
    """`text` with its ASCII digits written in the language's digits ("2567" → "๒๕๖๗")."""
    return _in_digits(text, calendar_conventions(lang))


def _in_digits(text: str, conventions: CalendarConventions) -> str:
    return text.translate(str.maketrans(_ASCII_DIGITS, conventions.digits))


def to_ascii_digits(text: str) -> str:
    """`text` with every decimal digit, of any script, written 0–9 ("๒๕๖๗" → "2567")."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def month_name(month: int, lang: str, *, style: Style = "long") -> str:
    return calendar_conventions(lang).month_names[style][month - 1]


def format_date(
    value: PartialDate, lang: str, *, style: Style = "long", native_digits: bool = True
) -> str:
    """A date as the language writes it, at the date's own precision: "เมษายน ๒๕๖๗"."""
    conventions = calendar_conventions(lang)
    text = _written(value, conventions, style)
    return _in_digits(text, conventions) if native_digits else text


def format_range(
    start: PartialDate,
    end: PartialDate | None,
    lang: str,
    *,
    style: Style = "long",
    native_digits: bool = True,
) -> str:
    """A span of dates, naming a shared month or year once: "28–29 February 2024"."""
    conventions = calendar_conventions(lang)
    if end is None or end == start:
        text = _written(start, conventions, style)
    elif end.last_day() < start.first_day():
        raise DateValueError(f"the range {start} to {end} ends before it starts")
    else:
        key, fields = _range_fields(start, end, conventions, style)
        text = _patterns(conventions, style)[key].format_map(fields)
    return _in_digits(text, conventions) if native_digits else text


def _patterns(conventions: CalendarConventions, style: Style) -> Mapping[str, str]:
    return conventions.patterns["long" if style == "medium" else style]


def _written(value: PartialDate, conventions: CalendarConventions, style: Style) -> str:
    """The date in the pattern for its precision, still in ASCII digits."""
    return _patterns(conventions, style)[value.precision].format_map(
        _fields(value, conventions, style)
    )


def _fields(value: PartialDate, conventions: CalendarConventions, style: Style) -> dict[str, str]:
    year = value.year + conventions.year_offset
    fields = {"year": str(year), "yy": f"{year % 100:02d}"}
    if value.month is not None:
        names = conventions.month_names["short" if style == "medium" else style]
        fields["month"] = names[value.month - 1]
    if value.day is not None:
        fields["day"] = str(value.day)
    return fields


def _range_fields(
    start: PartialDate, end: PartialDate, conventions: CalendarConventions, style: Style
) -> tuple[str, dict[str, str]]:
    precision = start.precision if start.precision == end.precision else None
    if precision is None or precision == "year" or start.year != end.year:
        key = "range_years" if precision == "year" else "range_other"
        whole = {
            "start": _written(start, conventions, style),
            "end": _written(end, conventions, style),
        }
        return key, whole
    first, last = _fields(start, conventions, style), _fields(end, conventions, style)
    months = {"start_month": first["month"], "end_month": last["month"]}
    if precision == "month":
        return "range_months_same_year", {**last, **months}
    days = {**last, "start_day": first["day"], "end_day": last["day"]}
    if start.month == end.month:
        return "range_same_month", days
    return "range_same_year", {**days, **months}
