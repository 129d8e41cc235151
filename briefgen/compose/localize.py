"""Putting record values into the pack's language: text, dates, numbers and labels.

Everything that a template shows is a finished string made here, so templates stay layout.
Numbers and dates briefgen writes follow the profile's digit settings; text authored in the
records is shown as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from gettext import NullTranslations
from pathlib import Path
from typing import Literal

from briefgen.catalogs import profile_translations
from briefgen.fallbacks import FallbackLog
from briefgen.partialdates import PartialDate, format_date, format_range, to_native_digits
from briefgen.profiles import Profile
from briefgen.records import Workspace
from briefgen.textvalue import LocalText

SOURCE_LANGUAGE = "en"
DateStyle = Literal["long", "medium", "short"]
ABBREVIATED_YEARS_FROM = 1950


@dataclass
class Localizer:
    lang: str
    profile: Profile
    # The records the pack is made from: where a text shown in another language is written
    # is looked up in them.
    records: Workspace | None = None
    translations: NullTranslations = field(init=False)
    fallbacks: FallbackLog = field(init=False)

    def __post_init__(self) -> None:
        self.translations = profile_translations(tuple(self.profile.search_path), self.lang)
        self.fallbacks = FallbackLog(self.lang, self.records)

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def n_(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def text(self, value: LocalText | None, field_name: str, source: Path | None = None) -> str:
        """The value in the pack's language. A value shown in another language (English in a
        Thai pack, Thai in an English one) is noted, with its place, for a warning."""
        if value is None:
            return ""
        text, _ = value.get(self.lang, SOURCE_LANGUAGE)
        self.fallbacks.note(value, field_name, source)
        return text

    def digits(self, text: str, *, table: bool = False) -> str:
        native = self.profile.native_digits and (not table or self.profile.native_digits_in_tables)
        return to_native_digits(text, self.lang) if native else text

    def number(self, value: int, *, table: bool = False) -> str:
        return self.digits(str(value), table=table)

    def date(self, value: PartialDate | None, *, table: bool = False) -> str:
        if value is None:
            return ""
        style = self._style(table, value.year)
        return format_date(value, self.lang, style=style, native_digits=self._native(table))

    def date_range(
        self, start: PartialDate, end: PartialDate | None, *, table: bool = False
    ) -> str:
        return format_range(
            start,
            end,
            self.lang,
            style=self._style(table, start.year),
            native_digits=self._native(table),
        )

    def _style(self, table: bool, year: int | None = None) -> DateStyle:
        # Narrow table columns abbreviate the month and keep the whole year (๘ พ.ย. ๒๕๖๗), as
        # Thai official tables do; a two-digit year only where the profile asks for short
        # dates. A historical date always keeps its whole year: two digits would be ambiguous.
        short = self.profile.date_style == "short"
        if short and year is not None and year < ABBREVIATED_YEARS_FROM:
            return "medium" if table else "long"
        if table:
            return "short" if short else "medium"
        return self.profile.date_style

    def _native(self, table: bool) -> bool:
        return self.profile.native_digits and (not table or self.profile.native_digits_in_tables)

    def warnings(self) -> list[str]:
        """A line per field shown in another language, at its place; the rest counted."""
        return self.fallbacks.lines()

    def marking(self, level: str) -> str:
        """A classification level as the pack's language writes it (SECRET, ลับมาก)."""
        labels = {
            "none": "",
            "confidential": self._("CONFIDENTIAL"),
            "secret": self._("SECRET"),
            "top-secret": self._("TOP SECRET"),
        }
        return labels[level]
