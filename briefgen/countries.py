"""Countries as CLDR knows them, through Babel: names in English and Thai, ISO alpha-3 codes.

One source for every place that turns what an officer types ("JPN", "Japan", "ญี่ปุ่น") into
a region code, and for writing a counterpart's file from its code. CLDR is already a
dependency (Babel's locale data), so no second country list is kept in briefgen.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.core import get_global

LANGUAGES = ("en", "th")
# CLDR names these, but they are no counterpart: unknown, outlying and pseudo regions.
_NOT_COUNTRIES = {"ZZ", "QO", "XA", "XB", "EU", "EZ", "UN"}


@cache
def _territories(lang: str) -> dict[str, str]:
    """Two-letter region codes and their names: no continents ("001"), no aliases, and none
    of the codes CLDR reserves for unknown or private use (ZZ, QO, XA…)."""
    names = Locale.parse(lang).territories
    return {
        code: name
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def is_region(code: str) -> bool:
    """Whether CLDR knows this two-letter code (any case) as a country or region."""
    return code.upper() in _territories("en")


def region_name(code: str, lang: str) -> str | None:
    """CLDR's name of a region in one of LANGUAGES, e.g. ("GB", "th") -> "สหราชอาณาจักร"."""
    return _territories(lang).get(code.upper())


@cache
def _alpha3() -> dict[str, str]:
    aliases = get_global("territory_aliases")
    return {
        alias: targets[0]
        for alias, targets in aliases.items()
        if len(alias) == 3 and alias.isalpha() and len(targets) == 1
    }


def from_alpha3(code: str) -> str | None:
    """The two-letter code of an ISO 3166 alpha-3 code: "JPN" -> "JP"; None if unknown."""
    return _alpha3().get(code.upper())


@cache
def _by_name() -> dict[str, str]:
    index: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in _territories(lang).items():
            index.setdefault(name.casefold(), code)
    return index


def code_for_name(name: str) -> str | None:
    """The region code whose CLDR name (English or Thai, any case) is `name`, or None."""
    return _by_name().get(name.strip().casefold())


def known_names() -> list[str]:
    """Every CLDR name in LANGUAGES: candidates for did-you-mean suggestions."""
    return list(_by_name())


def to_alpha3(code: str) -> str | None:
    """The ISO 3166 alpha-3 code of a region code: "GB" -> "GBR"; None if CLDR has none."""
    return next((a3 for a3, a2 in _alpha3().items() if a2 == code.upper()), None)


def suggestions(text: str, limit: int = 3) -> list[str]:
    """Region codes an unknown code or name may have meant: "UK" -> GB, "Englnd" -> GB."""
    import difflib

    wanted = text.strip()
    found = [code] if (code := from_alpha3(wanted) or code_for_name(wanted)) else []
    if wanted.upper() == "UK":  # the one common code that is not ISO's
        found.append("GB")
    names = difflib.get_close_matches(wanted.casefold(), known_names(), n=limit, cutoff=0.75)
    found += [_by_name()[name] for name in names]
    codes = difflib.get_close_matches(wanted.upper(), list(_territories("en")), n=limit)
    found += codes if len(wanted) == 2 else []
    return list(dict.fromkeys(found))[:limit]
