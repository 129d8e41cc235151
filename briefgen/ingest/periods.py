"""Due dates written as a part of a year: a quarter, a half, the middle, the start or end.

"in the first quarter of 2027", "by mid-2027", "early next year", "ภายในไตรมาสแรกของปี ๒๕๗๐",
"กลางปี ๒๕๗๐". A record's due date is a year, a month or a day, so a quarter or half is due by
its last month and "mid-" by June; "early" and "late" name no month, so the year is kept.
"""

from __future__ import annotations

import re

from briefgen.datetext import find_dates
from briefgen.partialdates import PartialDate

_QUARTERS = {"first": 1, "1st": 1, "q1": 1, "second": 2, "2nd": 2, "q2": 2, "third": 3,
             "3rd": 3, "q3": 3, "fourth": 4, "4th": 4, "q4": 4, "แรก": 1, "ที่ ๑": 1, "ที่ 1": 1,
             "ที่ ๒": 2, "ที่ 2": 2, "ที่ ๓": 3, "ที่ 3": 3, "ที่ ๔": 4, "ที่ 4": 4}  # fmt: skip
_YEAR = r"(?P<year>(?:พ\.ศ\.\s*|ค\.ศ\.\s*)?[0-9๐-๙]{4}|next\s+year|this\s+year|ปีหน้า|ปีนี้)"
_PERIOD = re.compile(
    rf"(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?|(?P<qq>Q[1-4])\s+"
    rf"|(?P<half>first|second)\s+half\s+(?:of\s+)?|(?P<part>early|mid|late|the\s+end\s+of|"
    rf"end\s+of|the\s+middle\s+of|middle\s+of)[\s-]*"
    rf"|ไตรมาส(?P<tq>แรก|ที่\s*[0-9๐-๙])\s*(?:ของ)?\s*|(?P<tpart>ต้น|กลาง|ปลาย|สิ้น)\s*)"
    rf"(?:(?:the\s+)?year\s+|ปี\s*)?{_YEAR}",
    re.IGNORECASE,
)
# "mid-2027" is due by June; "early 2027", "late 2027" name no month: the year is kept.
_PART_MONTH = {"mid": 6, "middle": 6, "กลาง": 6}


def period_due(text: str, meeting: PartialDate) -> tuple[PartialDate, str] | None:
    """A due date given as part of a year: "first quarter of 2027", "by mid-2027", "early next
    year", "ไตรมาสแรกของปี ๒๕๗๐". The due is the period's last month (a quarter, a half, the
    middle of the year), or its year when the text names no month ("early next year"); the note
    says how it was read."""
    match = _PERIOD.search(text)
    if match is None:
        return None
    year_text = match["year"].lower()
    if year_text in ("next year", "ปีหน้า", "this year", "ปีนี้"):
        if not meeting.year:
            return None
        year = meeting.year + (1 if year_text in ("next year", "ปีหน้า") else 0)
    else:
        found = find_dates(match["year"])
        if not found:
            return None
        year = found[0].start.year
    if match["q"] or match["qq"] or match["tq"]:
        key = (match["q"] or match["qq"] or match["tq"]).lower()
        key = re.sub(r"\s+", " ", key).replace("ที่", "ที่ ").replace("  ", " ")
        month = 3 * _QUARTERS.get(key, _QUARTERS.get(key.replace(" ", ""), 4))
    elif match["half"]:
        month = 6 if match["half"].lower() == "first" else 12
    else:
        part = (match["part"] or match["tpart"]).lower().split()[-1]
        month = _PART_MONTH.get(part, 12)
    due = PartialDate.of(year, month) if month < 12 else PartialDate.of(year)
    return due, f"'{match[0].strip()}' read as due by the end of {due}" + (
        "" if due.month else f" (the text names a part of the year; the draft keeps {year})"
    )
