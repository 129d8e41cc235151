"""Writing dates in English and Thai from the per-language calendar.yaml data."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import THAI_MONTHS

from briefgen import partialdates
from briefgen.partialdates import (
    CalendarDataError,
    PartialDate,
    available_languages,
    be_year,
    calendar_conventions,
    ce_year,
    format_date,
    format_range,
    month_name,
    to_ascii_digits,
    to_native_digits,
)

P = PartialDate.of


@pytest.mark.parametrize(
    ("value", "long", "short"),
    [
        (P(2023, 12, 31), "๓๑ ธันวาคม ๒๕๖๖", "๓๑ ธ.ค. ๖๖"),
        (P(2024, 1, 1), "๑ มกราคม ๒๕๖๗", "๑ ม.ค. ๖๗"),
        (P(2023, 12), "ธันวาคม ๒๕๖๖", "ธ.ค. ๖๖"),
        (P(2024, 1), "มกราคม ๒๕๖๗", "ม.ค. ๖๗"),
        (P(2023), "๒๕๖๖", "๒๕๖๖"),
        (P(2024), "๒๕๖๗", "๒๕๖๗"),
    ],
)
def test_buddhist_era_turns_over_with_the_common_era_year(
    value: PartialDate, long: str, short: str
) -> None:
    assert format_date(value, "th") == long
    assert format_date(value, "th", style="short") == short


@pytest.mark.parametrize(("ce", "be"), [(2023, 2566), (2024, 2567), (1999, 2542), (2000, 2543)])
def test_be_and_ce_years_convert_both_ways(ce: int, be: int) -> None:
    assert be_year(ce) == be
    assert ce_year(be) == ce


@pytest.mark.parametrize(
    ("lang", "style", "expected"),
    [
        ("en", "long", ["28 February 2024", "April 2024", "2024"]),
        ("en", "short", ["28 Feb 2024", "Apr 2024", "2024"]),
        ("th", "long", ["๒๘ กุมภาพันธ์ ๒๕๖๗", "เมษายน ๒๕๖๗", "๒๕๖๗"]),
        # A year on its own stays whole in the short style.
        ("th", "short", ["๒๘ ก.พ. ๖๗", "เม.ย. ๖๗", "๒๕๖๗"]),
        # Tables: the short month names, the whole year (Thai official tables).
        ("th", "medium", ["๒๘ ก.พ. ๒๕๖๗", "เม.ย. ๒๕๖๗", "๒๕๖๗"]),
        ("en", "medium", ["28 Feb 2024", "Apr 2024", "2024"]),
    ],
)
def test_partial_dates_keep_their_precision(
    lang: str, style: partialdates.Style, expected: list[str]
) -> None:
    dates = [P(2024, 2, 28), P(2024, 4), P(2024)]
    assert [format_date(d, lang, style=style) for d in dates] == expected


def test_a_date_written_again_is_read_once_and_a_bad_one_refused_each_time() -> None:
    # Records repeat dates: each distinct text is parsed once (a PartialDate is frozen).
    first = PartialDate.parse("2024-02-28")
    assert PartialDate.parse("2024-02-28") is first == P(2024, 2, 28)
    for _ in range(2):
        with pytest.raises(partialdates.DateValueError, match="February 2024 has 29 days"):
            PartialDate.parse("2024-02-30")

    class Marked(PartialDate):
        pass

    assert type(Marked.parse("2024-02-28")) is Marked


@pytest.mark.parametrize(
    ("style", "native", "expected"),
    [
        ("long", True, "๒๘ กุมภาพันธ์ ๒๕๖๗"),
        ("long", False, "28 กุมภาพันธ์ 2567"),
        ("short", True, "๒๘ ก.พ. ๖๗"),
        ("short", False, "28 ก.พ. 67"),
    ],
)
def test_thai_digits_on_and_off(style: partialdates.Style, native: bool, expected: str) -> None:
    assert format_date(P(2024, 2, 28), "th", style=style, native_digits=native) == expected


def test_english_is_the_same_with_native_digits_on_or_off() -> None:
    on = format_date(P(2024, 2, 28), "en", native_digits=True)
    assert on == format_date(P(2024, 2, 28), "en", native_digits=False) == "28 February 2024"


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("native", [True, False])
def test_every_thai_month_name_full_and_abbreviated(month: int, native: bool) -> None:
    full, abbreviated = THAI_MONTHS[month - 1]
    day, year, yy = ("๙", "๒๕๖๗", "๖๗") if native else ("9", "2567", "67")
    value = P(2024, month, 9)
    assert format_date(value, "th", native_digits=native) == f"{day} {full} {year}"
    short = format_date(value, "th", style="short", native_digits=native)
    assert short == f"{day} {abbreviated} {yy}"
    assert month_name(month, "th") == full
    assert month_name(month, "th", style="short") == abbreviated


@pytest.mark.parametrize(
    ("start", "end", "lang", "style", "expected"),
    [
        (P(2024, 2, 28), P(2024, 2, 29), "en", "long", "28–29 February 2024"),
        (P(2024, 4, 30), P(2024, 5, 2), "en", "long", "30 April – 2 May 2024"),
        (P(2023, 12, 30), P(2024, 1, 2), "en", "long", "30 December 2023 – 2 January 2024"),
        (P(2024, 4), P(2024, 5), "en", "long", "April – May 2024"),
        (P(2023, 12), P(2024, 1), "en", "long", "December 2023 – January 2024"),
        (P(2025), P(2027), "en", "long", "2025–2027"),
        (P(2024, 4), P(2024, 5, 3), "en", "long", "April 2024 – 3 May 2024"),
        (P(2024, 2, 28), P(2024, 2, 29), "en", "short", "28–29 Feb 2024"),
        (P(2024, 2, 28), P(2024, 2, 29), "th", "long", "๒๘–๒๙ กุมภาพันธ์ ๒๕๖๗"),
        (P(2024, 4, 30), P(2024, 5, 2), "th", "long", "๓๐ เมษายน – ๒ พฤษภาคม ๒๕๖๗"),
        (P(2023, 12, 30), P(2024, 1, 2), "th", "long", "๓๐ ธันวาคม ๒๕๖๖ – ๒ มกราคม ๒๕๖๗"),
        (P(2024, 4), P(2024, 5), "th", "long", "เมษายน – พฤษภาคม ๒๕๖๗"),
        (P(2023), P(2024), "th", "long", "๒๕๖๖–๒๕๖๗"),
        (P(2024, 2, 28), P(2024, 2, 29), "th", "short", "๒๘–๒๙ ก.พ. ๖๗"),
        (P(2024, 4, 30), P(2024, 5, 2), "th", "short", "๓๐ เม.ย. – ๒ พ.ค. ๖๗"),
        (P(2023, 12, 30), P(2024, 1, 2), "th", "short", "๓๐ ธ.ค. ๖๖ – ๒ ม.ค. ๖๗"),
        (P(2024, 2, 28), P(2024, 2, 29), "th", "medium", "๒๘–๒๙ ก.พ. ๒๕๖๗"),
        (P(2023, 12, 30), P(2024, 1, 2), "th", "medium", "๓๐ ธ.ค. ๒๕๖๖ – ๒ ม.ค. ๒๕๖๗"),
    ],
)
def test_ranges_name_a_shared_month_or_year_once(
    start: PartialDate, end: PartialDate, lang: str, style: partialdates.Style, expected: str
) -> None:
    assert format_range(start, end, lang, style=style) == expected


def test_thai_range_with_arabic_digits() -> None:
    text = format_range(P(2024, 2, 28), P(2024, 2, 29), "th", native_digits=False)
    assert text == "28–29 กุมภาพันธ์ 2567"


@pytest.mark.parametrize("end", [None, P(2024, 2, 28)])
def test_a_range_without_a_distinct_end_is_one_date(end: PartialDate | None) -> None:
    assert format_range(P(2024, 2, 28), end, "th") == "๒๘ กุมภาพันธ์ ๒๕๖๗"


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(partialdates.DateValueError, match="ends before it starts"):
        format_range(P(2024, 3, 1), P(2024, 2, 28), "en")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [("2567", "th", "๒๕๖๗"), ("28–29 ก.พ. 67", "th", "๒๘–๒๙ ก.พ. ๖๗"), ("2024", "en", "2024")],
)
def test_to_native_digits(text: str, lang: str, expected: str) -> None:
    assert to_native_digits(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("๒๕๖๗", "2567"), ("๐๑๒๓๔๕๖๗๘๙", "0123456789"), ("ก.พ. ๖๗", "ก.พ. 67"), ("٢٠٢٤", "2024")],
)
def test_to_ascii_digits_reads_any_script(text: str, expected: str) -> None:
    assert to_ascii_digits(text) == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("th-TH", "th"), ("th_TH", "th"), ("fr", "en"), ("../th", "en")]
)
def test_language_tags_and_unknown_languages(lang: str, expected: str) -> None:
    assert calendar_conventions(lang).lang == expected
    assert format_date(P(2024, 4), lang) == format_date(P(2024, 4), expected)


def test_the_shipped_languages_are_found_with_the_fallback_first() -> None:
    languages = available_languages()
    assert languages[0] == "en"
    assert "th" in languages


FAKE_CALENDAR = """
year_offset: 1000
digits: "٠١٢٣٤٥٦٧٨٩"
months:
  long: [Primus, Secundus, Tertius, Quartus, Quintus, Sextus, Septimus, Octavus, Nonus,
         Decimus, Undecimus, Duodecimus]
  short: [Pri, Sec, Ter, Qua, Qui, Sex, Sep, Oct, Non, Dec, Und, Duo]
styles:
  long: &patterns
    day: "{month} {day}, {year}"
    month: "{month} {year}"
    year: "{year}"
    range_same_month: "{month} {start_day}–{end_day}, {year}"
    range_same_year: "{start_month} {start_day} – {end_month} {end_day}, {year}"
    range_months_same_year: "{start_month}–{end_month} {year}"
    range_years: "{start}–{end}"
    range_other: "{start} – {end}"
  short: *patterns
reading:
  spaces_between_words: true
  month_before_day: true
"""


def write_fake_language(root: Path, text: str = FAKE_CALENDAR) -> None:
    (root / "xx").mkdir()
    (root / "xx" / "calendar.yaml").write_text(text, encoding="utf-8")


def test_a_new_language_needs_only_a_calendar_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_fake_language(tmp_path)
    monkeypatch.setattr(partialdates, "LOCALES_ROOT", tmp_path)
    assert format_date(P(2024, 2, 28), "xx") == "Secundus ٢٨, ٣٠٢٤"
    assert format_date(P(2024, 2, 28), "xx", native_digits=False) == "Secundus 28, 3024"
    assert format_date(P(2024, 2, 28), "xx", style="short") == "Sec ٢٨, ٣٠٢٤"
    assert format_range(P(2024, 2, 28), P(2024, 3, 1), "xx-YY") == "Secundus ٢٨ – Tertius ١, ٣٠٢٤"
    assert available_languages() == ["xx"]


def test_a_broken_calendar_file_names_itself(tmp_path: Path) -> None:
    write_fake_language(tmp_path, FAKE_CALENDAR.replace("{month} {year}", "{month} {yaer}"))
    with pytest.raises(CalendarDataError, match=r"xx/calendar\.yaml.*pattern month"):
        calendar_conventions("xx", tmp_path)


def test_a_calendar_file_must_name_twelve_months(tmp_path: Path) -> None:
    write_fake_language(tmp_path, FAKE_CALENDAR.replace(" Duo]", "]"))
    with pytest.raises(CalendarDataError, match="12 months"):
        calendar_conventions("xx", tmp_path)


@pytest.mark.parametrize(
    ("date_style", "table", "expected"),
    [
        ("long", True, "๘ พ.ย. ๒๕๖๗"),  # a table: short month, whole Buddhist-Era year
        ("long", False, "๘ พฤศจิกายน ๒๕๖๗"),
        ("short", True, "๘ พ.ย. ๖๗"),  # two digits only where the profile asks for them
        ("short", False, "๘ พ.ย. ๖๗"),
    ],
)
def test_table_dates_keep_the_whole_year_unless_the_profile_asks_for_short(
    date_style: str, table: bool, expected: str, tmp_path: Path
) -> None:
    from briefgen.compose.localize import Localizer
    from briefgen.profiles import load_profile

    profile = load_profile("mfa", tmp_path).model_copy(update={"date_style": date_style})
    assert Localizer("th", profile).date(P(2024, 11, 8), table=table) == expected
