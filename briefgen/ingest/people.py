"""Finding people and their titles in a paragraph, English or Thai.

English writes "H.E. Mrs. Eksiri Pintaruchi, Permanent Secretary for Foreign Affairs" and
"Minister of National Defence Tea Seiha": a run of capitalised words holds a title and ends in
a name, or a name is followed by its title after a comma. A run counts as a person only with an
honorific, a rank or a title around it, so "Cobra Gold" and "Chiang Mai" are not people.
Thai writes "นายธานี ทองภักดี ปลัดกระทรวงการต่างประเทศ": an honorific, a name, then the title
up to the verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.ingest import vocabulary as vocab
from briefgen.ingest.parties import PartyIndex
from briefgen.textvalue import has_thai


@dataclass(frozen=True)
class PersonMention:
    para: int
    start: int  # offsets of the name in the paragraph
    end: int
    name: str  # as written, without honorifics; a military rank is kept
    title: str | None
    title_party: str | None  # a party the title names ("U.S. Assistant Secretary…")
    latin: bool
    possessive: bool = False  # "Prime Minister Hun Manet’s …"
    single: bool = False  # one word: "DASD Updegrove", "พลเอก ประวิตร"

    @property
    def key_words(self) -> list[str]:
        return [w for w in re.split(r"[\s.]+", strip_rank(self.name)) if len(w) > 1]


def strip_rank(name: str) -> str:
    return re.sub(rf"^(?:{vocab.RANKS_EN}|{vocab.RANKS_TH})\s*", "", name).strip()


# --- English ---------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<word>(?:[A-Z]\.){2,}|[A-Z][a-z]{0,3}\.|[A-Za-z][\w-]*(?:[’'](?!s\b)[\w-]+)*)"
    r"|(?P<poss>[’']s\b)|(?P<comma>,)|(?P<other>[^\s\w])"
)


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    kind: str


def english_people(para: int, text: str, parties: PartyIndex) -> list[PersonMention]:
    tokens = [_Tok(m[0], m.start(), m.end(), m.lastgroup or "") for m in _TOKEN.finditer(text)]
    runs = _runs(tokens)
    found: list[PersonMention] = []
    for i, (run, possessive) in enumerate(runs):
        words = [t.text for t in run]
        cut = _after_honorifics(words) or _name_start(words, parties)
        if cut is None:
            continue
        prefix, name_toks = words[:cut], run[cut:]
        honorific, rank, title_words = _split_prefix(prefix)
        title = " ".join(title_words) or None
        if title and not _is_title(title_words):
            title = None
        follower = _following_title(runs, i, text)
        if not title and follower:
            title = follower
        name = text[name_toks[0].start : name_toks[-1].end]
        single = len([w for w in words[cut:] if not re.fullmatch(r"[A-Z]\.", w)]) < 2
        if single and not (title or rank or honorific):
            continue
        if not (title or rank or honorific or _is_acronym(prefix)):
            continue
        if i > 0 and runs[i - 1][1] and title and run[0].start - runs[i - 1][0][-1].end < 4:
            owner = " ".join(t.text for t in runs[i - 1][0])
            title = f"{title} to {owner}"  # "Hun Manet’s Foreign Policy Advisor"
        party = None
        if title:
            title, party = _title_party(title, parties)
        full = f"{vocab.short_rank(rank)} {name}".strip() if rank else name
        found.append(
            PersonMention(
                para, name_toks[0].start, name_toks[-1].end, full, title, party, True,
                possessive=possessive, single=single,
            )
        )  # fmt: skip
    return found


def _runs(tokens: list[_Tok]) -> list[tuple[list[_Tok], bool]]:
    """Runs of capitalised words joined by of/for/and/the; whether each ends in a possessive."""
    runs: list[tuple[list[_Tok], bool]] = []
    current: list[_Tok] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "word" and token.text[0].isupper():
            if current and _splits_at_and(current, tokens, i):
                runs.append((current, False))
                current = []
            current.append(token)
        elif (
            token.kind == "word"
            and current
            and (
                token.text in vocab.CONNECTORS
                or (token.text == "to" and current[-1].text in vocab.TITLE_HEADS)  # "Ambassador to"
            )
        ):
            joined = _connector_span(tokens, i)
            if joined is None:
                runs.append((current, False))
                current = []
            else:
                current.extend(tokens[i:joined])
                i = joined
                continue
        elif token.kind == "poss" and current:
            runs.append((current, True))
            current = []
        elif current:
            runs.append((current, False))
            current = []
        i += 1
    if current:
        runs.append((current, False))
    return [(_trim(run), poss) for run, poss in runs if _trim(run)]


def _connector_span(tokens: list[_Tok], i: int) -> int | None:
    """The index after one connector ("of") or a pair ("of the") followed by a capital."""
    j = i + 1
    if j < len(tokens) and tokens[j].text == "the" and tokens[i].text != "the":
        j += 1
    if j < len(tokens) and tokens[j].kind == "word" and tokens[j].text[0].isupper():
        return j
    return None


def _splits_at_and(current: list[_Tok], tokens: list[_Tok], i: int) -> bool:
    """'Tea Seiha and Prime Minister …': a new run after a name joined by 'and'."""
    if len(current) < 3 or current[-1].text != "and":
        return False
    before = [t.text for t in current[:-1]]
    return sum(1 for w in before[-2:] if _is_name_word(w)) == 2


def _trim(run: list[_Tok]) -> list[_Tok]:
    while run and (run[-1].text in vocab.CONNECTORS or run[-1].text.lower() in vocab.MONTHS):
        run = run[:-1]  # "… del Rosario on July 18": the date is no part of the name
    return run


def _name_start(words: list[str], parties: PartyIndex) -> int | None:
    """Where the trailing name of a run starts, or None if the run ends in no name."""
    cut = len(words)
    while cut > 0 and (
        _is_name_word(words[cut - 1], parties)
        or (re.fullmatch(r"[A-Z]\.?", words[cut - 1]) and cut < len(words))  # "S M Krishna"
        or (words[cut - 1] in vocab.NAME_PARTICLES and 1 < cut < len(words))  # "del Rosario"
    ):
        cut -= 1
    while cut < len(words) and words[cut] in vocab.NAME_PARTICLES:
        cut += 1
    if cut == len(words) or re.fullmatch(r"[A-Z]\.", words[cut]):
        return None
    if len(words) - cut > 4:
        cut = len(words) - 4
    return cut


def _after_honorifics(words: list[str]) -> int | None:
    """'H.E. Mrs. Eksiri Pintaruchi', 'the Honorable Jedidiah P. Royal': after an honorific or
    a rank, up to four capitalised words with no title among them are the name."""
    honorifics, rank, rest = _split_prefix(words)
    if not (honorifics or rank) or not 1 <= len(rest) <= 4:
        return None
    if _is_title(rest) or any(not re.fullmatch(r"[A-Z][\w’'-]*\.?", w) for w in rest):
        return None
    return len(words) - len(rest)


def _is_name_word(word: str, parties: PartyIndex | None = None) -> bool:
    if not re.fullmatch(r"(?:Mc|Mac)?[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)*", word):
        return False
    if word in vocab.NOT_NAMES or word.lower() in vocab.MONTHS:
        return False
    return parties is None or parties.code_of(word) is None


def _split_prefix(prefix: list[str]) -> tuple[list[str], str, list[str]]:
    text = " ".join(prefix)
    honorifics: list[str] = []
    while True:
        match = re.match(rf"(?:the\s+)?({vocab.HONORIFICS_EN})\s*", text, re.IGNORECASE)
        if not match:
            break
        honorifics.append(match[1])
        text = text[match.end() :]
    rank = ""
    match = re.search(rf"(?:^|\s)({vocab.RANKS_EN})$", text)
    if match:
        rank = match[1]
        text = text[: match.start()].strip()
    return honorifics, rank, text.split()


def _is_title(words: list[str]) -> bool:
    """Whether the words hold a title: a head word ("Vice-Minister" counts as "Minister")."""
    heads = vocab.TITLE_HEADS
    return any(w in heads or any(p in heads for p in w.split("-")) for w in words) or (
        _is_acronym(words)
    )


def _is_acronym(words: list[str]) -> bool:
    return bool(words) and bool(re.fullmatch(r"[A-Z]{2,6}", words[-1])) and len(words) == 1


def _following_title(runs: list[tuple[list[_Tok], bool]], i: int, text: str) -> str | None:
    """'Name, Title': the run after a comma, if it is a title (and not the next person)."""
    if i + 1 >= len(runs):
        return None
    run, following = runs[i][0], runs[i + 1][0]
    if not re.fullmatch(r"\s*,\s*(?:the\s+)?", text[run[-1].end : following[0].start]):
        return None
    words = [t.text for t in following]
    if not _is_title(words) or _ends_in_name(words):
        return None
    return text[following[0].start : following[-1].end]


def _ends_in_name(words: list[str]) -> bool:
    return len(words) >= 2 and _is_name_word(words[-1]) and _is_name_word(words[-2])


def _title_party(title: str, parties: PartyIndex) -> tuple[str, str | None]:
    """The title without a leading party adjective, and the party it names."""
    mentions = [m for m in parties.mentions(title, joint=False) if not m.compound]
    if not mentions:
        return title, None
    first = mentions[0]
    if re.search(r"\bto\s+(?:the\s+)?$", title[: first.start]):
        return title, None  # "Ambassador to Thailand": the ambassador is not Thai
    if first.start == 0:
        title = title[first.end :].strip()
    return title, first.code


# --- Thai ------------------------------------------------------------------------------------

_TH_PERSON = re.compile(
    rf"(?P<hon>{vocab.RANKS_TH}|{vocab.HONORIFICS_TH})\s?"
    r"(?P<name>(?:[A-Z][\w’'-]*\.?\s?){1,4}(?<!\s)"
    r"|[\u0E01-\u0E4F]+(?:-[\u0E01-\u0E4F]+)*(?:\s[\u0E01-\u0E4F]+(?:-[\u0E01-\u0E4F]+)*){0,2})"
    # Thai letters, and hyphens inside a name ("คัง คยอง-ฮวา"); Thai digits are no name
)
# A title written onto the name, as Thai texts write it: "เอกอัครราชทูตมนัสวี ศรีโสดาพล",
# "สมาชิกวุฒิสภาสหรัฐฯ Tammy Duckworth", "ส.ส. Rich McCormick".
_TH_TITLED = re.compile(
    r"(?P<title>(?:เอก)?อัครราชทูต|ส\.ส\.|ส\.ว\.|สมาชิกวุฒิสภา\S*|สมาชิกสภาผู้แทนราษฎร\S*)\s?"
    r"(?:(?P<latin>[A-Z][a-z]+(?:\s[A-Z]\.)?(?:\s(?:Mc|Mac)?[A-Z][a-z’'-]+){1,2})(?![\w-])"
    r"|(?P<thai>[\u0E01-\u0E4F]{2,12}\s[\u0E01-\u0E4F]{2,16})(?![\u0E01-\u0E4F]))"
)


def thai_people(para: int, text: str, parties: PartyIndex) -> list[PersonMention]:
    found = []
    position = 0
    while match := _TH_PERSON.search(text, position):
        position = match.end()
        honorific, name = match["hon"], match["name"].strip()
        latin = not has_thai(name)
        end = match.start("name") + len(name)
        if not latin:
            words = name.split(" ")
            if _starts_with_any(words[0], vocab.TH_NOT_SURNAME):
                position = match.start("name")
                continue
            # A given name, a surname, and for some foreign names a third word: up to the title.
            kept = [words[0]]
            for word in words[1:]:
                if _starts_with_any(word, vocab.TH_NOT_SURNAME):
                    break
                kept.append(word)
            name = " ".join(kept)
            end = position = match.start("name") + len(name)  # what follows is read again
        elif len(name.split()) < 2:
            continue
        after = text[end:]
        aside = re.match(r"\s*\([^()]{1,80}\)", after)  # "(H.E. Mr. Nguyen Quoc Dung)"
        title = _thai_title(after[aside.end() :] if aside else after)
        party = _thai_title_party(title, parties) if title else None
        shown = f"{honorific} {name}" if re.fullmatch(vocab.RANKS_TH, honorific) else name
        found.append(
            PersonMention(
                para, match.start("name"), end, shown, title, party, latin,
                single=not latin and " " not in name,
            )
        )  # fmt: skip
    return found + _titled_people(para, text, parties, found)


def _titled_people(para: int, text: str, parties: PartyIndex, taken: list[PersonMention]
                   ) -> list[PersonMention]:  # fmt: skip
    found = []
    for match in _TH_TITLED.finditer(text):
        name = match["latin"] or match["thai"]
        start = match.start("latin") if match["latin"] else match.start("thai")
        if any(m.start <= start < m.end for m in taken):
            continue
        words = name.split()
        if match["latin"] and not all(_is_name_word(w, parties) for w in words if len(w) > 2):
            continue
        if match["thai"] and (
            parties.mentions(name, joint=False)
            or _starts_with_any(words[0], vocab.TH_TITLE_STARTS + vocab.TH_NOT_SURNAME)
            or _starts_with_any(words[1], vocab.TH_NOT_SURNAME)
        ):
            continue
        found.append(PersonMention(para, start, start + len(name), name, match["title"], None,
                                   bool(match["latin"])))  # fmt: skip
    return found


def _thai_title_party(title: str, parties: PartyIndex) -> str | None:
    """The country a Thai title names as its own: "เอกอัครราชทูตมาเลเซียประจำประเทศไทย" is
    Malaysia's; the country after ประจำ (accredited to) or ณ (at) is the host, not the side."""
    mentions = [
        m
        for m in parties.mentions(title, joint=False)
        if not m.compound and not re.search(r"(?:ประจำ|ณ)\s*(?:ประเทศ|ราชอาณาจักร|กรุง)?\s*$",
                                            title[: m.start])
    ]  # fmt: skip
    return mentions[-1].code if mentions else None


def _starts_with_any(text: str, prefixes: tuple[str, ...]) -> bool:
    return text.startswith(prefixes)


def _thai_title(rest: str) -> str | None:
    """The title written after a Thai name, up to the verb or the next person."""
    chunks = rest.lstrip().split(" ")
    if not chunks or not _starts_with_any(chunks[0], vocab.TH_TITLE_STARTS):
        return None
    title: list[str] = []
    for n, chunk in enumerate(chunks):
        if n and not _starts_with_any(chunk, vocab.TH_TITLE_CONTINUES):
            break
        cut = re.search(vocab.TH_TITLE_STOPS, chunk)
        if cut and cut.start() > 0:
            title.append(chunk[: cut.start()])
            break
        if cut:
            break
        title.append(chunk)
    text = " ".join(title).strip()
    return text or None
