"""Which parties a text names, and where: by the names and aliases in counterparts/.

A mention is a place in the text that names a party ("the U.S. side", "ฝ่ายไทย", "Cambodian"),
or all of them at once ("both sides", "the meeting", "ทั้งสองฝ่าย"). Two names joined by a dash
("Thailand-U.S.") name a relationship, not an actor. places.yaml knows countries and cities the
workspace may not have yet, to say what is missing rather than to guess.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from briefgen.records import Counterpart
from briefgen.textvalue import has_thai

BOTH = "*"
PLACES_FILE = Path(__file__).with_name("places.yaml")

_BOTH_EN = re.compile(
    r"\b(?:both\s+(?:sides|countries|nations|parties|governments|ministers|delegations|leaders)"
    r"|the\s+two\s+(?:sides|countries|nations|governments|ministers|delegations|leaders)"
    r"|the\s+(?:meeting|dialogue|talks|consultations|participants|co-chairs|parties)"
    r"|(?:they|all\s+parties))\b",
    re.IGNORECASE,
)
_CURRENCY = re.compile(r"ดอลลาร์\S*$|ดอลลาร์สหรัฐ|\bdollars?\b", re.IGNORECASE)
_BOTH_TH = re.compile(r"ทั้งสองฝ่าย|ทั้งสองประเทศ|ทั้งสองรัฐบาล|สองฝ่าย|ที่ประชุม|ประธานร่วม")


@dataclass(frozen=True)
class Mention:
    code: str  # a party code, or BOTH
    start: int
    end: int
    text: str
    side: bool = False  # "the Thai side", "ฝ่ายสหรัฐฯ": names an actor for sure
    compound: bool = False  # "Thailand-U.S.": names a relationship, not an actor
    possessive: bool = False  # "the Thai side's", "Thailand's"


@dataclass
class Gazetteer:
    countries: dict[str, list[str]] = field(default_factory=dict)
    cities: list[dict[str, Any]] = field(default_factory=list)


@functools.cache
def gazetteer() -> Gazetteer:
    data = YAML(typ="safe", pure=True).load(PLACES_FILE.read_text(encoding="utf-8"))
    countries = {
        str(code): [str(n) for lang in ("en", "th") for n in names.get(lang, [])]
        for code, names in data["countries"].items()
    }
    return Gazetteer(countries, list(data["cities"]))


class PartyIndex:
    """Finds mentions of the workspace's counterparts (and, apart, of other countries)."""

    def __init__(self, counterparts: dict[str, Counterpart]) -> None:
        self.counterparts = counterparts
        names: dict[str, str] = {}
        for code, counterpart in counterparts.items():
            for name in counterpart.names():
                names.setdefault(name, code)
        self.names = names
        self.pattern = _name_pattern(names, codes=set(counterparts))
        others = {
            name: code
            for code, spellings in gazetteer().countries.items()
            if code not in counterparts
            for name in spellings
        }
        self.other_names = others
        self.other_pattern = _name_pattern(others, codes=set())

    def code_of(self, name: str) -> str | None:
        return _lookup(self.names, name)

    def mentions(self, text: str, *, joint: bool = True) -> list[Mention]:
        """Every mention of a party, and (joint=True) of both or all parties, in order."""
        found = []
        text = mask_departments(text)
        for match in self.pattern.finditer(text):
            code = self.code_of(match["name"])
            if code is None or _CURRENCY.search(text[max(0, match.start() - 8) : match.end() + 9]):
                continue  # "ดอลลาร์สหรัฐ", "U.S. dollars": money, not a party
            found.append(_mention(text, code, match.start(), match.end()))
        if joint:
            joint_pattern = _BOTH_TH if has_thai(text) else _BOTH_EN
            for match in joint_pattern.finditer(text):
                found.append(Mention(BOTH, match.start(), match.end(), match[0], side=True))
        found.sort(key=lambda m: m.start)
        return _mark_compounds(found, text)

    def other_countries(self, text: str) -> dict[str, str]:
        """Countries named in text that the workspace has no counterpart for: code → name."""
        found: dict[str, str] = {}
        for match in self.other_pattern.finditer(mask_departments(text)):
            code = _lookup(self.other_names, match["name"])
            if code:
                found.setdefault(code, match["name"])
        return found


_DEPARTMENT = re.compile(
    r"\b(?:Department|Bureau|Division)\s+of\s+(?:(?:[A-Z][\w-]*|and|of|the),?\s+){1,8}?Affairs\b"
    r"|(?:อธิบดี)?กรม(?!ธรรม์)[\u0E00-\u0E7F]+"
)


def mask_departments(text: str) -> str:
    """The text with a ministry department's name blanked out: "Department of American and
    South Pacific Affairs", "กรมอเมริกาและแปซิฟิกใต้" name an office, never a party."""
    return _DEPARTMENT.sub(lambda m: " " * len(m[0]), text)


def _lookup(names: dict[str, str], name: str) -> str | None:
    """The code a name (or a demonym made from it: "Cambodian") stands for."""
    folded = {known.casefold(): code for known, code in names.items()}
    name = name.casefold()
    for suffix in ("", "n", "ns", "ese", "ian", "ians"):
        if name.endswith(suffix) and name[: len(name) - len(suffix)] in folded:
            return folded[name[: len(name) - len(suffix)]]
    if name.endswith("ese") and name[:-3] + "a" in folded:  # "Chinese", "Burmese"
        return folded[name[:-3] + "a"]
    return None


def _name_pattern(names: dict[str, str], *, codes: set[str]) -> re.Pattern[str]:
    pieces = []
    for name in sorted(names, key=len, reverse=True):
        escaped = re.escape(name)
        if has_thai(name):
            pieces.append(escaped)  # Thai runs words together: no word boundaries
        elif name in codes:
            pieces.append(rf"(?-i:(?<![A-Za-z]){escaped}(?![A-Za-z]))")  # "US", never "us"
        elif name.endswith("."):
            pieces.append(rf"(?<![A-Za-z]){escaped}")
        elif name.endswith("a"):  # "Cambodia" also reads "Cambodian", "China" "Chinese"
            stem = re.escape(name[:-1])
            pieces.append(rf"(?<![A-Za-z]){stem}(?:a|an|ans|ese)(?![A-Za-z])")
        else:  # "Japan" also reads "Japanese", "Russia" …
            pieces.append(rf"(?<![A-Za-z]){escaped}(?:n|ns|ese|ian|ians)?(?![A-Za-z])")
    body = "|".join(pieces) or "(?!)"
    return re.compile(f"(?P<name>{body})", re.IGNORECASE)


def _mention(text: str, code: str, start: int, end: int) -> Mention:
    after = text[end : end + 12]
    before = text[max(0, start - 6) : start]
    side = bool(re.match(r"\s*(?:side|delegation|government)\b", after, re.IGNORECASE)) or (
        before.endswith("ฝ่าย")
    )
    if side and not has_thai(text[start:end]):
        end += len(re.match(r"\s*\w+", after)[0])  # type: ignore[index]
    possessive = bool(re.match(r"[’']s?(?![A-Za-z])", text[end : end + 2]))
    return Mention(code, start, end, text[start:end], side=side, possessive=possessive)


def _mark_compounds(mentions: list[Mention], text: str) -> list[Mention]:
    marked = list(mentions)
    for i in range(len(mentions) - 1):
        first, second = mentions[i], mentions[i + 1]
        between = text[first.end : second.start]
        joined = r"\s*[-–—/]\s*" if not has_thai(first.text) else r"\s*[-–—/]?\s*"
        if BOTH not in (first.code, second.code) and re.fullmatch(joined, between):
            marked[i] = Mention(**{**first.__dict__, "compound": True})
            marked[i + 1] = Mention(**{**second.__dict__, "compound": True})
    return marked


def find_city(text: str) -> tuple[dict[str, Any], int] | None:
    """The first city of places.yaml named in text, and where."""
    match = _city_pattern().search(text)
    return (_city_of(match), match.start()) if match else None


def city_at(text: str, start: int) -> dict[str, Any] | None:
    """The city of places.yaml named at text[start], its name within 40 characters."""
    match = _city_pattern().match(text, start, start + 40)
    return _city_of(match) if match else None


def city_starts(text: str) -> Iterator[int]:
    """Where a city's name may start in text: one scan, however long the text."""
    return (match.start() for match in _city_starts_pattern().finditer(text))


def _city_of(match: re.Match[str]) -> dict[str, Any]:
    return gazetteer().cities[int((match.lastgroup or "c0")[1:])]


@functools.cache
def _city_pattern() -> re.Pattern[str]:
    """Every city's spellings in one pattern, the cities in the gazetteer's order (the first
    wins a tie) and each city's longest spelling first; group c<i> is the i-th city."""
    pieces = []
    for i, city in enumerate(gazetteer().cities):
        spellings = sorted([city["en"], city["th"], *city.get("also", [])], key=len, reverse=True)
        names = "|".join(
            re.escape(name) if has_thai(name) else rf"(?<![A-Za-z]){re.escape(name)}\b"
            for name in spellings
        )
        pieces.append(f"(?P<c{i}>{names})")
    return re.compile("|".join(pieces) or "(?!)")


@functools.cache
def _city_starts_pattern() -> re.Pattern[str]:
    return re.compile(f"(?=(?:{_city_pattern().pattern}))")
