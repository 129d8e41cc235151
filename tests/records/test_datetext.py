"""Reading dates in running English and Thai text, as press releases write them."""

from __future__ import annotations

import calendar as stdlib_calendar
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import THAI_MONTHS

from briefgen import partialdates
from briefgen.datetext import BARE_YEARS, UNSTATED_YEAR, FoundDate, find_dates, parse_date_text
from briefgen.partialdates import (
    BE_OFFSET,
    LAST_PLAUSIBLE_CE_YEAR,
    DateValueError,
    PartialDate,
    Style,
    format_date,
    format_range,
)

P = PartialDate.of


def found(text: str, **options: int) -> list[tuple[str, str | None, str, bool]]:
    """What find_dates reads, as (start, end, matched text, year stated)."""
    return [
        (f.start.iso(), f.end.iso() if f.end else None, f.text, f.year_stated)
        for f in find_dates(text, **options)
    ]


@pytest.mark.parametrize(
    ("text", "start", "end", "matched"),
    [
        ("เมื่อวันที่ ๙-๑๐ พฤษภาคม ๒๕๖๕ นายธานี", "2022-05-09", "2022-05-10", "๙-๑๐ พฤษภาคม ๒๕๖๕"),
        ("29 ก.ย. 2564", "2021-09-29", None, "29 ก.ย. 2564"),
        ("วันที่ ๑ มี.ค. ๒๕๖๗", "2024-03-01", None, "๑ มี.ค. ๒๕๖๗"),
        ("เมื่อวันที่ ๒๗ กันยายน ๒๕๖๔ นายดอน", "2021-09-27", None, "๒๗ กันยายน ๒๕๖๔"),
        ("๒๘ ก.พ. ๖๗", "2024-02-28", None, "๒๘ ก.พ. ๖๗"),
        ("ก.พ. 67", "2024-02", None, "ก.พ. 67"),
        ("เดือนพฤษภาคม พ.ศ. ๒๕๖๕", "2022-05", None, "พฤษภาคม พ.ศ. ๒๕๖๕"),
        ("ในปี ๒๕๖๖ ทั้งสองฝ่าย", "2023", None, "๒๕๖๖"),
        ("๓๐ เมษายน – ๒ พฤษภาคม ๒๕๖๗", "2024-04-30", "2024-05-02", "๓๐ เมษายน – ๒ พฤษภาคม ๒๕๖๗"),
        ("On 28-29 February 2024, the Ministry", "2024-02-28", "2024-02-29", "28-29 February 2024"),
        ("28–29 February 2024", "2024-02-28", "2024-02-29", "28–29 February 2024"),
        ("| Date | April 27, 2024 |", "2024-04-27", None, "April 27, 2024"),
        ("On 14 July 2017, the", "2017-07-14", None, "14 July 2017"),
        ("earlier this year on June 4, 2024.", "2024-06-04", None, "June 4, 2024"),
        ("Thailand will host in April 2024.", "2024-04", None, "April 2024"),
        ("Gina Raimondo in March 2024. The", "2024-03", None, "March 2024"),
        ("was held in Washington in May 2022.", "2022-05", None, "May 2022"),
        ("February 28 – March 1, 2024", "2024-02-28", "2024-03-01", "February 28 – March 1, 2024"),
        ("April 24–26, 2024", "2024-04-24", "2024-04-26", "April 24–26, 2024"),
        ("30 December 2023 – 2 January 2024", "2023-12-30", "2024-01-02", None),
        ("30 December – 2 January 2024", "2023-12-30", "2024-01-02", None),
        ("for the term 2025-2027.", "2025", "2027", "2025-2027"),
        ("วันที่นำเข้าข้อมูล 1 Mar 2024", "2024-03-01", None, "1 Mar 2024"),
        ("on the 28th February 2024", "2024-02-28", None, "28th February 2024"),
        ("Feb. 28, 2024", "2024-02-28", None, "Feb. 28, 2024"),
        ("Sept 3, 2021", "2021-09-03", None, "Sept 3, 2021"),
        ("since 2019, held", "2019", None, "2019"),
        ("imported 2024-02-28", "2024-02-28", None, "2024-02-28"),
    ],
)
def test_reads_dates_as_press_releases_write_them(
    text: str, start: str, end: str | None, matched: str | None
) -> None:
    assert found(text) == [(start, end, matched or text, True)]


def test_offset_is_where_the_date_starts() -> None:
    text = "วันที่ ๑ มี.ค. ๒๕๖๗"
    [date] = find_dates(text)
    assert text[date.offset :] == date.text == "๑ มี.ค. ๒๕๖๗"


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("abbreviated", [False, True], ids=["full", "abbreviated"])
@pytest.mark.parametrize("thai_digits", [True, False], ids=["thai-digits", "arabic-digits"])
def test_every_thai_month_name_is_read(month: int, abbreviated: bool, thai_digits: bool) -> None:
    name = THAI_MONTHS[month - 1][abbreviated]
    day, year = ("๑๕", "๒๕๖๗") if thai_digits else ("15", "2567")
    text = f"เมื่อวันที่ {day} {name} {year} ที่ผ่านมา"
    assert found(text) == [(f"2024-{month:02d}-15", None, f"{day} {name} {year}", True)]
    assert found(f"ในเดือน{name} {year}") == [(f"2024-{month:02d}", None, f"{name} {year}", True)]


@pytest.mark.parametrize("month", range(1, 13))
def test_two_digit_buddhist_years_after_abbreviated_months(month: int) -> None:
    name = THAI_MONTHS[month - 1][1]
    assert found(f"๓ {name} ๖๗") == [(f"2024-{month:02d}-03", None, f"๓ {name} ๖๗", True)]
    assert found(f"๓ {name} 42") == [(f"1999-{month:02d}-03", None, f"๓ {name} 42", True)]


def test_two_digit_years_are_not_read_after_full_month_names() -> None:
    assert found("๓ มกราคม ๖๗") == [("0000-01-03", None, "๓ มกราคม", False)]


@pytest.mark.parametrize(
    ("text", "default_year", "start", "end"),
    [
        ("ช่วงระหว่างวันที่ 24-26 เมษายน พลเอก", None, "0000-04-24", "0000-04-26"),
        ("ช่วงระหว่างวันที่ 24-26 เมษายน พลเอก", 2017, "2017-04-24", "2017-04-26"),
        ("on 9 May the", None, "0000-05-09", None),
        ("on 9 May the", 2024, "2024-05-09", None),
        ("30 December – 2 January", 2024, "2023-12-30", "2024-01-02"),
        # The default year has no 29 February, so the year stays unknown rather than wrong.
        ("29 February", 2023, "0000-02-29", None),
        ("29 February", 2024, "2024-02-29", None),
    ],
)
def test_a_missing_year_is_marked_not_guessed(
    text: str, default_year: int | None, start: str, end: str | None
) -> None:
    options = {} if default_year is None else {"default_year": default_year}
    [date] = find_dates(text, **options)
    assert (date.start.iso(), date.end.iso() if date.end else None) == (start, end)
    assert not date.year_stated


def test_the_unstated_year_is_no_real_date() -> None:
    [date] = find_dates("9 May")
    assert date.start.year == UNSTATED_YEAR
    with pytest.raises(ValueError):
        date.start.first_day()


def test_every_date_of_a_release_in_order() -> None:
    text = (
        "วันที่นำเข้าข้อมูล 11 พ.ค. 2565\n\nเมื่อวันที่ ๙-๑๐ พฤษภาคม ๒๕๖๕ นายธานี ทองภักดี ..."
        " ในวันที่ ๙ พฤษภาคม ๒๕๖๕ เพื่อหารือ ... ในปี ๒๕๖๖"
    )
    assert found(text) == [
        ("2022-05-11", None, "11 พ.ค. 2565", True),
        ("2022-05-09", "2022-05-10", "๙-๑๐ พฤษภาคม ๒๕๖๕", True),
        ("2022-05-09", None, "๙ พฤษภาคม ๒๕๖๕", True),
        ("2023", None, "๒๕๖๖", True),
    ]
    offsets = [d.offset for d in find_dates(text)]
    assert offsets == sorted(offsets)


@pytest.mark.parametrize(
    "text",
    [
        "| 3,187 view",
        "Dialogue (2+2) and the 2nd meeting",
        "USD 25 million over 15 years",
        "at 10:30 on floor 12",
        "1.5 per cent",
        "1000 troops",
        "the Marine Corps 2 battalions",
        "ครั้งที่ ๑ ณ กรุงวอชิงตัน",
        "15 ปีที่ผ่านมา",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_parse_date_text_reads_one_date() -> None:
    date = parse_date_text("วันที่ ๑ มี.ค. ๒๕๖๗")
    assert date == FoundDate(P(2024, 3, 1), None, "๑ มี.ค. ๒๕๖๗", 7, True)
    assert parse_date_text("24-26 เมษายน", default_year=2017).start == P(2017, 4, 24)


@pytest.mark.parametrize(
    ("text", "message"),
    [("no date here", "holds no date"), ("1 May 2024 and 3 May 2024", "holds 2 dates")],
)
def test_parse_date_text_refuses_none_or_several(text: str, message: str) -> None:
    with pytest.raises(DateValueError, match=message):
        parse_date_text(text)


INDONESIAN_CALENDAR = """
year_offset: 0
digits: "0123456789"
months:
  long: [Januari, Februari, Maret, April, Mei, Juni, Juli, Agustus, September, Oktober,
         November, Desember]
  short: [Jan, Feb, Mar, Apr, Mei, Jun, Jul, Agu, Sep, Okt, Nov, Des]
styles:
  long: &patterns
    day: "{day} {month} {year}"
    month: "{month} {year}"
    year: "{year}"
    range_same_month: "{start_day}–{end_day} {month} {year}"
    range_same_year: "{start_day} {start_month} – {end_day} {end_month} {year}"
    range_months_same_year: "{start_month}–{end_month} {year}"
    range_years: "{start}–{end}"
    range_other: "{start} – {end}"
  short: *patterns
"""


def test_a_new_language_is_read_from_its_calendar_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for lang in ("en", "th"):
        shutil.copytree(partialdates.LOCALES_ROOT / lang, tmp_path / lang)
    (tmp_path / "id").mkdir()
    (tmp_path / "id" / "calendar.yaml").write_text(INDONESIAN_CALENDAR, encoding="utf-8")
    monkeypatch.setattr(partialdates, "LOCALES_ROOT", tmp_path)
    text = "pada 17 Agustus 1945 dan 9-10 Mei 2022, ๙ พ.ค. ๖๗"
    assert found(text) == [
        ("1945-08-17", None, "17 Agustus 1945", True),
        ("2022-05-09", "2022-05-10", "9-10 Mei 2022", True),
        ("2024-05-09", None, "๙ พ.ค. ๖๗", True),
    ]
    written = format_range(P(2024, 2, 28), P(2024, 3, 1), "id")
    assert written == "28 Februari – 1 Maret 2024"
    assert parse_date_text(written).end == P(2024, 3, 1)


# --- Round trips: whatever format_date writes, find_dates reads back -------------------------

# Thai years above 2400 are B.E.; years written lower are read as C.E.
FIRST_THAI_YEAR = LAST_PLAUSIBLE_CE_YEAR - BE_OFFSET + 1
# Two-digit years after Thai abbreviated months: 2500–2599 B.E.
THAI_TWO_DIGIT_YEARS = range(2500 - BE_OFFSET, 2600 - BE_OFFSET)


def readable_years(lang: str, style: str, precision: str) -> range:
    """The years whose dates can be read back unambiguously in this language and style."""
    if precision == "year":
        years = BARE_YEARS
    elif lang == "th" and style == "short":
        years = THAI_TWO_DIGIT_YEARS
    else:
        years = range(1000, LAST_PLAUSIBLE_CE_YEAR + 1)
    return range(max(years.start, FIRST_THAI_YEAR if lang == "th" else 0), years.stop)


@st.composite
def partial_dates(draw: st.DrawFn, years: range, precision: str) -> PartialDate:
    year = draw(st.integers(years.start, years.stop - 1))
    month = None if precision == "year" else draw(st.integers(1, 12))
    day = None
    if precision == "day" and month is not None:
        day = draw(st.integers(1, stdlib_calendar.monthrange(year, month)[1]))
    return P(year, month, day)


@dataclass(frozen=True)
class Written:
    lang: str
    style: Style
    native_digits: bool
    dates: list[PartialDate]


@st.composite
def written_dates(draw: st.DrawFn, count: int) -> Written:
    lang = draw(st.sampled_from(["en", "th"]))
    style: Style = draw(st.sampled_from(["long", "short"]))
    precision = draw(st.sampled_from(["day", "month", "year"]))
    years = readable_years(lang, style, precision)
    dates = sorted(draw(partial_dates(years, precision)) for _ in range(count))
    return Written(lang, style, draw(st.booleans()), dates)


@given(written_dates(count=1))
def test_format_date_then_find_dates_round_trips(case: Written) -> None:
    [value] = case.dates
    text = format_date(value, case.lang, style=case.style, native_digits=case.native_digits)
    assert find_dates(text) == [FoundDate(value, None, text, 0, True)]


@given(written_dates(count=2))
def test_format_range_then_find_dates_round_trips(case: Written) -> None:
    start, end = case.dates
    text = format_range(start, end, case.lang, style=case.style, native_digits=case.native_digits)
    assert find_dates(text) == [FoundDate(start, None if end == start else end, text, 0, True)]
