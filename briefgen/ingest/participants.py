"""Who sat at the table: participants, their sides and roles, from the people a text names.

A person is a participant when named in the opening sentences, in a sentence about the meeting
itself ("co-chaired by", "held meetings with", "เป็นประธานร่วม"), or in a Participants row; not
when only talked about ("the visit of …", "… ’s visit", a spokesperson reporting), nor when met
at another meeting the text also reports ("on the same day … also met", "ในวันเดียวกัน").

A side comes from the title ("U.S. Assistant Secretary", "…สหรัฐฯ"), else from counterparts/
people, else from the people listed with them, else from the script of a name in a Thai text;
failing all, it is a guess and the review notes say so.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from briefgen.ingest import vocabulary as vocab
from briefgen.ingest.parties import PartyIndex, mask_departments
from briefgen.ingest.people import PersonMention, english_people, strip_rank, thai_people
from briefgen.ingest.sentences import Sentences
from briefgen.records import Counterpart
from briefgen.records import Person as Known
from briefgen.textvalue import has_thai

ROLE_ORDER = {"co-chair": 0, "chair": 0, "head": 1, "member": 2}


@dataclass
class Person:
    mentions: list[PersonMention]
    name: str | dict[str, str]
    title: str | None = None
    side: str | None = None
    side_how: str = ""
    role: str = "member"
    present: bool = False
    lead: bool = False
    other_meeting: bool = False
    notes: list[str] = field(default_factory=list)
    known_titles: list[str] = field(default_factory=list)  # from counterparts/, with dates

    @property
    def shown(self) -> str:
        return self.name if isinstance(self.name, str) else next(iter(self.name.values()))


@dataclass
class PeopleFound:
    participants: list[Person]
    mentioned: list[Person]  # named, but not at the table
    elsewhere: list[Person]  # at another meeting the text reports


def find_participants(
    sentences: Sentences,
    fields: list[tuple[str, str]],
    lang: str,
    index: PartyIndex,
    parties: list[str],
    home: str,
    counterparts: dict[str, Counterpart],
) -> PeopleFound:
    finder = thai_people if lang == "th" else english_people
    mentions: list[PersonMention] = []
    for para, text in enumerate(sentences.paragraphs):
        if para in sentences.by_para:
            mentions += finder(para, text, index)
    field_texts = [v for label, v in fields if re.match(r"participants?|ผู้เข้าร่วม", label, re.I)]
    roster = [
        m for v in field_texts for m in english_people(-1, v, index) + thai_people(-1, v, index)
    ]
    people = _group(mentions + roster)
    for person in people:
        _place(person, sentences)
        _link_known(person, counterparts, parties)
        if person.title is None:
            person.title = next((m.title for m in person.mentions if m.title), None)
    for person in people:
        person.present = person.present or any(m.para == -1 for m in person.mentions)
    present = [p for p in people if p.present and not (p.other_meeting and not p.lead)]
    _roles(present, sentences)
    _sides(present, sentences, lang, parties, home)
    present.sort(key=lambda p: (ROLE_ORDER[p.role], p.mentions[0].para, p.mentions[0].start))
    return PeopleFound(
        present,
        [p for p in people if not p.present and not p.other_meeting],
        [p for p in people if p.other_meeting and not p.lead and p not in present],
    )


def _group(mentions: list[PersonMention]) -> list[Person]:
    """One Person per name: full names first, then one-word references joined to them."""
    people: list[Person] = []
    for mention in sorted(mentions, key=lambda m: m.single):
        match = next((p for p in people if _same(p.mentions[0], mention)), None)
        if match:
            match.mentions.append(mention)
        elif not mention.single:
            people.append(Person([mention], mention.name))
    return people


def _same(known: PersonMention, other: PersonMention) -> bool:
    a, b = known.key_words, other.key_words
    if not a or not b:
        return False
    if other.single:  # "DASD Updegrove": a surname; "พลเอก ประวิตร": a Thai given name
        return b[0] == (a[0] if not known.latin else a[-1])
    if a[-1] != b[-1] and not (not known.latin and a[0] == b[0]):
        return False
    return difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio() >= 0.8


def _place(person: Person, sentences: Sentences) -> None:
    """Whether the person was at the table, from the sentences that name them."""
    lead = {(s.para, s.start) for s in sentences.lead_window()}
    for mention in person.mentions:
        if mention.para < 0:
            continue
        sentence = sentences.at(mention.para, mention.start)
        if sentence is None:
            continue
        before = sentence.text[: mention.start - sentence.start]
        absent = (
            mention.possessive
            or bool(vocab.NOT_PRESENT.search(before[-80:]))
            or bool(mention.title and vocab.SPOKESPERSON.search(mention.title))
        )
        if absent:
            continue
        in_lead = (sentence.para, sentence.start) in lead
        if vocab.OTHER_MEETING.search(sentence.text) and not in_lead:
            person.other_meeting = True
            continue
        text = sentence.text
        if in_lead or vocab.MEETING_VERBS_TH.search(text) or vocab.MEETING_VERBS_EN.search(text):
            person.present = True
            person.lead = person.lead or in_lead


def _link_known(person: Person, counterparts: dict[str, Counterpart], parties: list[str]) -> None:
    """Take the name and side that counterparts/ gives a person it knows."""
    written = strip_rank(person.shown).casefold()
    best: tuple[float, str, Known] | None = None
    for code, counterpart in counterparts.items():
        for known in counterpart.people:
            for text in known.name.all_texts():
                ratio = difflib.SequenceMatcher(None, written, strip_rank(text).casefold()).ratio()
                if ratio >= 0.86 and (best is None or ratio > best[0]):
                    best = (ratio, code, known)
    if best is None:
        return
    _, code, known = best
    name = known.name.dump()
    person.known_titles = known.title.all_texts() if known.title else []
    texts = [name] if isinstance(name, str) else list(name.values())
    if strip_rank(person.shown) not in [strip_rank(t) for t in texts]:
        person.notes.append(
            f"the source writes '{person.shown}'; counterparts/{code}.yaml has "
            f"'{texts[0]}', which the draft uses"
        )
        person.name = name
    if code in parties:
        person.side, person.side_how = code, f"counterparts/{code}.yaml"


def _roles(present: list[Person], sentences: Sentences) -> None:
    for person in present:
        for mention in person.mentions:
            sentence = sentences.at(mention.para, mention.start)
            if sentence is None:
                continue
            if not mention.latin or has_thai(sentence.text):
                # Thai sentences are cut short of the verb: read the paragraph.
                text, offset = sentences.paragraphs[mention.para], 0
            else:
                text, offset = sentence.text, sentence.start
            role = _role_in(text, mention.start - offset, mention.end - offset)
            if role and ROLE_ORDER[role] <= ROLE_ORDER[person.role]:
                person.role = role
        if person.role == "member" and person.lead:
            person.role = "head"


def _role_in(text: str, start: int, end: int) -> str | None:
    before, after = text[:start], text[end:]
    if re.search(r"\bco-?chaired\s+by\b", before, re.IGNORECASE):
        return "co-chair"
    if re.search(r"(?<!co-)(?<!co)\bchaired\s+by\b", before, re.IGNORECASE):
        return "chair"
    if re.match(r"co-?chairing\b", text, re.IGNORECASE) and "," in before:
        return "co-chair"  # "Co-chairing the Dialogue …, DASD Updegrove …"
    # "X and Y co-chaired the meeting": nothing but names and titles up to the verb.
    listed = re.match(r"([^;]{0,400}?)\b(co-?)?chaired\b", after, re.IGNORECASE)
    if listed and not re.search(r"\b[a-z]{3,}\b", _without_titles(listed[1])):
        return "co-chair" if listed[2] else "chair"
    thai = re.search(r"เป็นประธาน(ร่วม)?", after)
    if thai and not re.search(r"เข้าร่วม|ได้|พบหารือ|กล่าว|ซึ่ง|เพื่อ|โดย", after[: thai.start()]):
        return "co-chair" if thai[1] else "chair"
    return None


def _without_titles(text: str) -> str:
    return re.sub(r"\b(?:and|of|for|the|on)\b", "", text)


def _sides(
    present: list[Person], sentences: Sentences, lang: str, parties: list[str], home: str
) -> None:
    for person in present:
        if person.side is None:
            party = next((m.title_party for m in person.mentions if m.title_party), None)
            if party in parties:
                person.side, person.side_how = party, "title"
    _inherit_from_list(present, sentences)
    _inherit_from_list(present, sentences)
    others = [p for p in parties if p != home]
    # Titles that name a country belong to the other side: unmarked ones to the home side.
    marked_others = any(m.title_party not in (None, home) for p in present for m in p.mentions)
    # … and when only the home side's titles name their country, unmarked ones are the other's.
    marked_home = any(m.title_party == home for p in present for m in p.mentions)
    for person in present:
        if person.side is not None:
            continue
        latin = person.mentions[0].latin
        if lang == "th" and not latin and home in parties:
            person.side, person.side_how = home, "Thai name in a Thai text"
        elif lang == "th" and latin and len(others) == 1:
            person.side, person.side_how = others[0], "foreign name in a Thai text"
        elif marked_others and home in parties and person.title:
            person.side = home
            person.side_how = "title names no country, as the home side's do in this text"
        elif home in parties and person.title and mask_departments(person.title) != person.title:
            person.side, person.side_how = home, "a department of the home ministry"
        elif marked_home and not marked_others and len(others) == 1 and person.title:
            person.side = others[0]
            person.side_how = "title names no country, as the other side's do in this text"
        else:
            person.side = home if home in parties else parties[0]
            person.side_how = "guess"
    # A bilateral meeting has two sides: one guessed person, and nobody on the other side.
    guessed = [p for p in present if p.side_how == "guess"]
    alone = len(others) == 1 and not any(p.side == others[0] for p in present)
    if alone and len(guessed) == 1 and len(present) > 1:
        guessed[0].side, guessed[0].side_how = others[0], "the only one not on the home side"
    # A co-chaired meeting has co-chairs on every side: the opening names them.
    if any(p.role == "co-chair" for p in present):
        chaired = {p.side for p in present if p.role == "co-chair"}
        for person in present:
            if person.role == "head" and person.side not in chaired:
                person.role = "co-chair"
                person.notes.append(
                    "co-chair because the other side's co-chairs are named and "
                    "this person heads the opening sentence"
                )


def _inherit_from_list(present: list[Person], sentences: Sentences) -> None:
    """People listed together in one sentence, with nothing but titles between, share a side."""
    placed = sorted(
        ((m.para, m.start, m.end, p) for p in present for m in p.mentions if m.para >= 0),
        key=lambda x: (x[0], x[1]),
    )
    for (para, _, end, first), (para2, start2, _, second) in zip(placed, placed[1:], strict=False):
        if para != para2 or (first.side is None) == (second.side is None):
            continue
        between = sentences.paragraphs[para][end:start2]
        if re.search(r"\b(?:with|together|counterparts?|met|and\s+their)\b|กับ|ฝ่าย|โดย|มี", between):
            continue
        if re.search(r"[.;]\s", between):
            continue
        source, target = (first, second) if first.side else (second, first)
        if target.title:
            continue  # a title without a country, beside one with it: another side (co-chairs)
        target.side, target.side_how = source.side, f"listed with {source.shown}"
