"""Dates as records hold them: full (2024-02-28) or partial (2024-04, 2024), never more precise
than the source; and how they are written in English and in Thai (Buddhist Era, Thai digits).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

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
                raise DateValueError(f"'{shown}' is not a real date: {_month_name(month)} {year} has {last} days")
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


def _month_name(month: int) -> str:
    return _stdlib_calendar.month_name[month]
