"""The meeting's parties, place, name, ordinal and topics.

Parties are the counterparts named in the headline and the opening; the place is a Location
row, else a city of places.yaml after "in"/"ณ" in the opening, else the building after
"at"/"ที่" ("ที่ กระทรวงความมั่นคงแห่งมาตุภูมิ"); the meeting's name is a run of capitalised
words ending in Dialogue, Talks, Meeting… (or the Thai "การประชุม… ครั้งที่ ๑"), and its
ordinal the number attached to that name ("the 2nd …", "… ครั้งที่ ๑"), never one of another
meeting the text mentions.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from briefgen.ingest.parties import BOTH, PartyIndex, city_at, city_starts, find_city
from briefgen.ingest.sentences import Sentences
from briefgen.partialdates import to_ascii_digits
from briefgen.records import Topic
from briefgen.textvalue import has_thai

_MEETING_WORDS = (
    r"Dialogue|Talks|Meeting|Consultations?|Commission|Committee|Summit|Forum|Conference|"
    r"Working\s+Group|Retreat|Round\s*table|Session"
)
_NAME_WORD = r"(?:[A-Z0-9][\w.’'+&/–—-]*|[–—-]|of|on|and|for|the|in)"
_MEETING_NAME = re.compile(
    rf"(?:[Tt]he\s+)?(?:(?P<ord>\d{{1,3}})(?:st|nd|rd|th)\s+|(?P<word>(?i:first|second|third|"
    rf"fourth|fifth|sixth|seventh|eighth|ninth|tenth|inaugural))\s+)?"
    rf"(?P<name>(?:[A-Z][\w.’'+&/–—-]*\s+)(?:{_NAME_WORD}\s+){{0,10}}?(?:{_MEETING_WORDS})"
    rf"(?:\s+\([^)]{{1,12}}\))?)"
)
_OTHER_MEETING = re.compile(
    r"\b(?:next|upcoming|forthcoming|following|previous|last|future)\b"
    r"[^.;]*$",
    re.IGNORECASE,
)
_ORDINAL_WORDS = {
    "first": 1, "inaugural": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_TH_ORDINAL = re.compile(r"ครั้งที่\s*(?P<n>[0-9๐-๙]{1,3})")
_TH_MEETING = re.compile(r"(?:การประชุม|การหารือ|การเจรจา)\s*(?P<name>[^\s].*)$")
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|held\s+in)\s+(?:the\s+)?(?:city\s+of\s+|province\s+of\s+)?|"
    r"(?:ณ|ที่)\s*(?:จังหวัด|เมือง|นคร|กรุง)?)$",
    re.I,
)
_BUILDING = re.compile(
    r"(?:\bat\s+(?:the\s+)?(?P<en>(?:[A-Z][\w.’'-]*\s*(?:of\s+|the\s+|and\s+)?){1,10}"
    r"(?:Ministry|Department|Palace|Hotel|House|Building|Centre|Center|Embassy|Office|"
    r"Headquarters|Pentagon)[\w\s.’'-]{0,60}?)(?=[,.;]|\s+(?:on|in|to|and)\s)"
    r"|(?:ณ|ที่)\s*(?P<th>(?:กระทรวง|ทำเนียบ|สำนักงาน|สถานเอกอัครราชทูต|โรงแรม|ศูนย์|อาคาร|กรม|"
    r"ห้องประชุม|พระราชวัง)\S*(?:\s*\([^)]{1,80}\))?))"
)


@dataclass
class MeetingName:
    series: str | None
    ordinal: int | None


def find_parties(
    index: PartyIndex, headline: str | None, sentences: Sentences, home: str
) -> tuple[list[str], Counter[str]]:
    """The counterparts the headline and opening name, home first; and counts over the text."""
    counts: Counter[str] = Counter()
    for sentence in sentences.items:
        for mention in index.mentions(sentence.text, joint=False):
            counts[mention.code] += 1
    opening = " ".join([headline or "", *(s.text for s in sentences.lead_window(3))])
    named = [m.code for m in index.mentions(opening, joint=False) if m.code != BOTH]
    parties = list(dict.fromkeys(named))
    if len(parties) < 2:
        parties += [code for code, _ in counts.most_common() if code not in parties]
    parties = parties[:2] if len(parties) > 2 and not many_named(opening) else parties
    if home in parties:
        parties.remove(home)
        parties.insert(0, home)
    return parties, counts


def many_named(opening: str) -> bool:
    return bool(_MANY.search(opening))


# "a trilateral meeting", "การประชุมไตรภาคี"; not "Deputy Assistant Secretary for Multilateral
# Affairs", an office's name.
_MANY = re.compile(
    r"\b(?:tri|multi)lateral\b(?!\s+(?:Affairs|Division|Department|Bureau|Relations|Office))"
    r"|ไตรภาคี|พหุภาคี",
    re.IGNORECASE,
)


def find_place(
    fields: list[tuple[str, str]], headline: str | None, sentences: Sentences
) -> tuple[str | dict[str, str] | None, str]:
    """The place, and how it was found."""
    for label, value in fields:
        if re.match(r"^(?:location|venue|place|where|สถานที่)$", label.strip(" :"), re.I):
            city = find_city(value)
            if city:
                return {"en": city[0]["en"], "th": city[0]["th"]}, f"the {label} row"
            return value.strip(), f"the {label} row"
    texts = [headline or "", *(s.text for s in sentences.lead_window(3))]
    for n, text in enumerate(texts):
        for word in city_starts(text):  # only where a city's name starts: linear in the text
            if not _starts_word(text, word):
                continue
            named = city_at(text, word)
            # The words before are short: look back a little, not over the whole text.
            if named and _PLACE_BEFORE.search(text, max(0, word - _LOOK_BACK), word):
                where = "the headline" if n == 0 else "the opening"
                return {"en": named["en"], "th": named["th"]}, where
    for text in texts:
        building = _BUILDING.search(text)
        if building:
            place = " ".join((building["en"] or building["th"]).split()).rstrip(" ,.")
            return _both_languages(place), "a building named in the opening"
    return None, ""


_PROVINCE_PREFIX = re.compile(r"จังหวัด|เมือง")  # "ณ จังหวัดเสียมราฐ": the city follows
_LOOK_BACK = 80


def _starts_word(text: str, at: int) -> bool:
    """Whether a city named at text[at] begins a word, or follows a province prefix that does."""

    def word_start(i: int) -> bool:
        return i == 0 or text[i - 1].isspace()

    if word_start(at):
        return not _PROVINCE_PREFIX.match(text, at)
    return any(
        text.startswith(prefix, at - len(prefix)) and word_start(at - len(prefix))
        for prefix in ("จังหวัด", "เมือง")
    )


def _both_languages(place: str) -> str | dict[str, str]:
    """'กระทรวงความมั่นคงแห่งมาตุภูมิ (United States Department of Homeland Security : DHS)':
    Thai texts give the English name in brackets."""
    match = re.fullmatch(r"(?P<th>[^(]+?)\s*\(\s*(?P<en>[A-Za-z][^:)]*?)\s*(?::\s*[^)]*)?\)", place)
    if match and has_thai(match["th"]):
        return {"en": match["en"], "th": match["th"]}
    return place


def find_name(headline: str | None, sentences: Sentences) -> MeetingName:
    """The meeting's name and ordinal, as the headline or opening writes it."""
    texts = [headline or "", *(s.text for s in sentences.lead_window(3))]
    name = None
    for text in texts:
        match = _first_name(text)
        if match:
            name = match
            break
    if name is None:
        return MeetingName(None, None)
    series = " ".join(name["name"].split())
    series = re.sub(r"^(?:The|the)\s+", "", series)
    ordinal = _ordinal(name)
    for text in texts:  # the ordinal may be in the opening rather than the headline
        if ordinal is not None:
            break
        ordinal = _ordinal_near(text, series)
    return MeetingName(series, ordinal)


def _first_name(text: str) -> re.Match[str] | None:
    for match in _MEETING_NAME.finditer(text):
        if _OTHER_MEETING.search(text[max(0, match.start() - 40) : match.start()]):
            continue  # "convene the next meeting of the Joint Boundary Commission"
        if re.search(r"\bsince\b", text[match.end() : match.end() + 20]):
            return _without_ordinal(match)
        return match
    return None


def _without_ordinal(match: re.Match[str]) -> re.Match[str] | None:
    """'the first … Dialogue since 2019' is no ordinal; read the name alone."""
    return _MEETING_NAME.search(match["name"])


def _ordinal(match: re.Match[str]) -> int | None:
    if match["ord"]:
        return int(match["ord"])
    if match["word"]:
        return _ORDINAL_WORDS[match["word"].lower()]
    return None


def _ordinal_near(text: str, series: str) -> int | None:
    at = text.find(series)
    if at < 0:
        return None
    after = _TH_ORDINAL.match(text[at + len(series) :].lstrip())
    return int(to_ascii_digits(after["n"])) if after else None


def thai_name(headline: str | None, sentences: Sentences) -> MeetingName:
    """A Thai meeting name: 'การประชุม<name> ครั้งที่ ๑' in the headline or opening."""
    for text in [headline or "", *(s.text for s in sentences.lead_window(3))]:
        for ordinal in _TH_ORDINAL.finditer(text):
            start = max(
                text.rfind("การประชุม", 0, ordinal.start()),
                text.rfind("การหารือ", 0, ordinal.start()),
            )
            if start < 0 or ordinal.start() - start > 160:
                continue
            phrase = text[start : ordinal.start()].strip()
            name = _TH_MEETING.match(phrase)
            series = name["name"].strip() if name else phrase
            return MeetingName(series, int(to_ascii_digits(ordinal["n"])))
    return MeetingName(None, None)


def topic_counts(text: str, topics: dict[str, Topic]) -> Counter[str]:
    """How often each topic's keywords occur in text."""
    counts: Counter[str] = Counter()
    for key, topic in topics.items():
        for words in topic.keywords.values():
            for word in words:
                if has_thai(word):
                    hits = text.count(word)
                else:
                    hits = len(_keyword_pattern(word).findall(text))
                counts[key] += hits
    return +counts


@functools.lru_cache(maxsize=512)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as texts write it: bounded by letters and digits only, so that "visa" is found
    in "visa-free" and "visa/residence"; its words joined by a space, hyphen or slash
    ("high-speed rail", "high speed rail"); the last one inflected ("visas", "economies",
    "students" for "student", "student" for "students")."""
    words = re.split(r"[\s/‐-]+", keyword.strip())
    *head, last = words
    if re.search(r"[^aeiou]y$", last, re.IGNORECASE):
        tail = re.escape(last[:-1]) + r"(?:y|ies|ied)"
    elif re.search(r"[^s]s$", last, re.IGNORECASE) and len(last) > 4:
        tail = re.escape(last[:-1]) + r"(?:s|es)?"
    elif last.lower().endswith("e"):
        tail = re.escape(last[:-1]) + r"(?:e|es|ed|ing|e['’]s)"
    else:
        tail = re.escape(last) + r"(?:s|es|ed|ing|['’]s)?"
    body = r"[\s/‐–-]+".join([*(re.escape(w) for w in head), tail])
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])", re.IGNORECASE)
