"""Commitments: statements of future action, who owes each, and when it is due.

A clause is a commitment when its wording looks ahead: a modal ("will host", "would provide"),
an undertaking ("agreed to establish", "committed to", "looked forward to", "conveyed the
invitation"), or in Thai "จะ", "เห็นพ้อง(ที่จะ)", "ตกลง", "พร้อม(ให้)". Work under way ("ongoing
internal process to join", "อยู่ระหว่างการพิจารณา") is a commitment in progress. Weaker signs, a
date after the meeting or both sides acting together ("By resuming … both nations …"), count too
and are marked for review. A request ("sought support", "ขอให้") is not a commitment of the side
that asks.

Who owes it is the actor nearest before the cue: a party ("The U.S. would …", "that Thailand
will host"), all parties ("both sides", "the meeting", "ทั้งสองฝ่าย"), or a participant's side.
A party after "to", "with", "ให้", "กับ" is the receiver, not the actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefgen.ingest.cues import (
    DISCUSSION_EN,
    JOINT_ACTION_EN,
    PROGRESS_EN,
    RESTATED_COMMITMENT,
    STRONG_EN,
    english_clauses,
    thai_cue,
)
from briefgen.ingest.dates import due_date
from briefgen.ingest.parties import BOTH, Mention, PartyIndex
from briefgen.ingest.sentences import Sentence, Sentences
from briefgen.ingest.wording import imperative
from briefgen.partialdates import PartialDate

_MEETING_SUBJECT = re.compile(  # the meeting word right before the cue: its subject
    r"\b(?:Dialogue|Talks|Meeting|Consultations?|Commission|Committee|Summit|Forum|"
    r"Conference|Working\s+Group|Session|round)(?:\s+\([^)]{1,20}\))?\s+$"
    r"|(?:การประชุม|การหารือ)\S*(?:\s+\S+){0,3}\s*$"
)
_OWN_DATE = re.compile(  # a meeting announced: its own date or place, not an undertaking
    r"\s*(?:will|would|shall|is\s+to|are\s+to|is\s+scheduled\s+to|จะ|มีกำหนด)\s*(?:be\s+)?"
    r"(?:held|take\s+place|convened?|hosted|organi[sz]ed|scheduled|จัดขึ้น|มีขึ้น|จัด(?:การประชุม)?)",
    re.IGNORECASE,
)
_AGREEMENT = re.compile(r"agree|เห็นพ้อง|ตกลง", re.IGNORECASE)
_OBJECT_BEFORE_EN = re.compile(
    r"\b(?:to|for|with|from|of|between|by|into|towards?|at|against|among|than)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_OBJECT_BEFORE_TH = re.compile(r"(?:กับ|ให้|แก่|ต่อ|จาก|ระหว่าง|ถึง|สู่|และ|ขอบคุณ)\s*$")
_OUTCOME_LABEL = re.compile(
    r"^(?:outcomes?|results?|agreements?|commitments?|next\s+steps|follow-?up|deliverables|"
    r"ผลการประชุม|ผลลัพธ์|ข้อตกลง|ผลการหารือ)$",
    re.IGNORECASE,
)
MAX_TEXT = 400
DATED = "a date after the meeting"


@dataclass
class Actor:
    codes: list[str]
    start: int  # offset in the sentence
    subject: bool  # right before the cue: the clause's grammatical subject


@dataclass
class FoundCommitment:
    by: list[str]
    text: str
    quote: str
    lang: str
    status: str = "open"
    due: PartialDate | None = None
    cue: str = ""
    weak: bool = False
    notes: list[str] = field(default_factory=list)


def find_commitments(
    sentences: Sentences,
    fields: list[tuple[str, str]],
    lang: str,
    index: PartyIndex,
    parties: list[str],
    people: list[tuple[str, str]],  # (name as written, side)
    meeting: PartialDate,
) -> list[FoundCommitment]:
    finder = _Finder(lang, index, parties, people, meeting)
    found: list[FoundCommitment] = []
    for sentence in sentences.items:
        found += finder.sentence(sentence, sentences)
    for label, value in fields:
        if _OUTCOME_LABEL.match(label.strip(" :")):
            found += finder.outcomes(value)
    unique: dict[str, FoundCommitment] = {}
    for commitment in found:
        unique.setdefault(commitment.quote, commitment)
    return list(unique.values())


class _Finder:
    def __init__(
        self,
        lang: str,
        index: PartyIndex,
        parties: list[str],
        people: list[tuple[str, str]],
        meeting: PartialDate,
    ) -> None:
        self.lang = lang
        self.index = index
        self.parties = parties
        self.people = [(n, s) for n, s in people if len(n) > 3]
        self.meeting = meeting

    def sentence(self, sentence: Sentence, sentences: Sentences) -> list[FoundCommitment]:
        text = sentence.text
        if text.rstrip().endswith("?"):
            return []
        clauses = english_clauses(text) if self.lang == "en" else self._thai_clauses(text)
        found = []
        sentence_actor = self._actors(text, len(text))
        for start, end in clauses:
            clause = text[start:end]
            cue = self._cue(clause)
            if cue is None:
                continue
            cue_at, cue_text, status, weak = cue
            if _MEETING_SUBJECT.search(clause[max(0, cue_at - 40) : cue_at]) and _OWN_DATE.match(
                clause[cue_at:]
            ):
                continue  # "The 4th … Dialogue will be held in Bangkok in 2027": no one owes it
            actors = [a for a in self._actors(text, start + cue_at, floor=start) if self._codes(a)]
            actor = _nominal_owner(clause, cue_at, cue_text, self) or (
                actors[-1] if actors else None
            )
            earlier = [a for a in sentence_actor if a.start < start and self._codes(a)]
            if actor is None and earlier:
                actor = earlier[0]  # "… and agreed to …": the sentence's subject
            if actor is None and self.lang == "th":  # "โดยในโอกาส… ทั้งสองฝ่ายได้…": subject later
                later = [
                    a for a in self._actors(text, len(text), sides_only=True)
                    if a.start > start + cue_at
                ]  # fmt: skip
                if later and not _AGREEMENT.search(cue_text):
                    actor = later[0]
                else:
                    actor = self._look_back(sentence, sentences, cue_text)
            if actor is None and _MEETING_SUBJECT.search(clause[max(0, cue_at - 40) : cue_at]):
                actor = Actor([BOTH], 0, True)  # "The next Dialogue will be held …"
            if actor is None:
                if not _AGREEMENT.search(cue_text):
                    continue  # "it will facilitate …": a prediction, nobody owes it
                actor = Actor([BOTH], 0, False)
            by = self._codes(actor)
            if not by:
                continue
            action = imperative(_action_text(clause, cue_at, cue_text, actor, start), self.lang,
                                self.index)  # fmt: skip
            commitment = FoundCommitment(by, action,
                                         clause.strip(), self.lang, status, cue=cue_text.strip(),
                                         weak=weak)  # fmt: skip
            dated = cue_text == DATED  # the cue is the date: read the whole clause
            commitment.due, note = due_date(clause if dated else clause[cue_at:], self.meeting)
            if note:
                commitment.notes.append(note)
            found.append(commitment)
        return found

    def _thai_clauses(self, text: str) -> list[tuple[int, int]]:
        """Thai joins clauses with a space: cut where a new subject, or 'และ', leads into a cue
        ("… และเห็นพ้องที่จะ…", "… ฝ่ายญี่ปุ่นยืนยันที่จะ…")."""
        cuts = [0]
        for space in re.finditer(r"\s+", text):
            right = text[space.end() :]
            if space.start() - cuts[-1] < 15 or len(right) < 15:
                continue
            lead = re.match(r"(?:และ|โดย|นอกจากนี้\s*|ทั้งนี้\s*|ขณะที่\s*|ส่วน)?", right)
            rest = right[lead.end() if lead else 0 :]
            starts = [m for m in self.index.mentions(rest[:30]) if m.start == 0 or (
                m.side and m.start <= 4)]  # fmt: skip
            cue = thai_cue(rest[:40])
            meeting = re.match(r"(?:การประชุม|การหารือ)", rest)  # "การประชุมครั้งต่อไปจะ…"
            if cue and (starts or meeting or (lead and lead.group() and cue[0] == 0)):
                cuts.append(space.end())
        return [(a, b) for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]

    def outcomes(self, value: str) -> list[FoundCommitment]:
        found = []
        for item in re.split(r"[,;]\s+|\s+และ", value):
            cue = self._cue(item)
            if cue is None:
                continue
            actors = self._actors(item, len(item))
            by = self._codes(actors[-1]) if actors else list(self.parties)
            text = item.strip()
            found.append(FoundCommitment(by or list(self.parties), text[:1].upper() + text[1:],
                                         text, self.lang, cue[2], cue=cue[1]))  # fmt: skip
        return found

    def _cue(self, clause: str) -> tuple[int, str, str, bool] | None:
        """Where the clause looks ahead: (offset, cue, status, weak)."""
        if self.lang == "th":
            return thai_cue(clause) or self._dated(clause)
        progress = PROGRESS_EN.search(clause)
        if progress:
            return progress.start(), progress[0], "in-progress", False
        for strong in STRONG_EN.finditer(clause):
            if RESTATED_COMMITMENT.search(clause[: strong.start()]):
                continue  # "underscored their commitment to …": a stance restated, not an act
            return strong.start(), strong[0], "open", False
        joint = [
            m for m in self.index.mentions(clause)
            if m.code == BOTH and m.text.lower().startswith(("both", "the two"))
            and not self._is_object(clause, m)
        ]  # fmt: skip
        action = JOINT_ACTION_EN.search(clause)
        if joint and action and not DISCUSSION_EN.search(clause):
            return joint[0].end, action[0], "open", True  # owed by the joint subject
        return self._dated(clause)

    def _dated(self, clause: str) -> tuple[int, str, str, bool] | None:
        due, _ = due_date(clause, self.meeting)
        if due is not None and self._actors(clause, len(clause)):
            return len(clause), DATED, "open", True
        return None

    def _actors(
        self, text: str, before: int, floor: int = 0, *, sides_only: bool = False
    ) -> list[Actor]:
        """Who can own a commitment in text[floor:before], in order. sides_only: only those
        that can only be subjects ("both sides", "ฝ่ายไทย"), not a bare country name."""
        actors = []
        for mention in self.index.mentions(text[:before]):
            if mention.start < floor or mention.compound or self._is_object(text, mention):
                continue
            if sides_only and not mention.side:
                continue
            actors.append(Actor([mention.code], mention.start, _is_subject(text, mention, before)))
        for name, side in [] if sides_only else self.people:
            for match in re.finditer(re.escape(name), text[:before]):
                if match.start() >= floor:
                    actors.append(Actor([side], match.start(), False))
        actors.sort(key=lambda a: a.start)
        return actors

    def _is_object(self, text: str, mention: Mention) -> bool:
        before = text[: mention.start]
        pattern = _OBJECT_BEFORE_TH if self.lang == "th" else _OBJECT_BEFORE_EN
        if self.lang == "th" and re.search(r"ขอบคุณ\s*(?:ฝ่าย)?$", before):
            return False  # "ขอบคุณฝ่ายสหรัฐฯ สำหรับ…": the thanked side gave
        return bool(pattern.search(before))

    def _codes(self, actor: Actor) -> list[str]:
        if BOTH in actor.codes:
            return list(self.parties)
        return [c for c in actor.codes if c in self.parties]

    def _look_back(self, sentence: Sentence, sentences: Sentences, cue: str) -> Actor | None:
        """Thai drops the subject: take the last actor of the sentences before, in the paragraph."""
        if _AGREEMENT.search(cue):
            return None
        earlier = [s for s in sentences.by_para.get(sentence.para, []) if s.end <= sentence.start]
        for previous in reversed(earlier[-2:]):
            actors = [a for a in self._actors(previous.text, len(previous.text)) if self._codes(a)]
            if actors:
                return Actor(actors[-1].codes, 0, False)
        return None


def _nominal_owner(clause: str, at: int, cue: str, finder: _Finder) -> Actor | None:
    """'the upcoming Thai delegation', 'the Thai side’s ongoing process': the noun's party."""
    if not re.match(r"upcoming|ongoing", cue, re.IGNORECASE):
        return None
    after = clause[at + len(cue) : at + len(cue) + 30]
    for mention in finder.index.mentions(after, joint=False):
        if mention.start < 12 and not mention.compound:
            return Actor([mention.code], at, False)
    before = finder.index.mentions(clause[:at], joint=False)
    if before and before[-1].possessive and at - before[-1].end < 6:
        return Actor([before[-1].code], before[-1].start, False)
    return None


def _is_subject(text: str, mention: Mention, cue_at: int) -> bool:
    between = text[mention.end : cue_at]
    return bool(re.fullmatch(r"(?:\s+(?:side|also|further|then|both|too|\w+ly))*\s*", between))


def _action_text(clause: str, cue_at: int, cue: str, actor: Actor, offset: int) -> str:
    """'The U.S. would provide X' → 'Provide X'; otherwise the clause itself."""
    text = clause.strip()
    subject_cue = re.fullmatch(
        r"will|would|shall|agreed\s+to|committed\s+to|pledged\s+to|decided\s+to|"
        r"looked\s+forward\s+to|agrees?\s+to|commits?\s+to",
        cue,
        re.IGNORECASE,
    )
    starts = not clause[:cue_at].strip()  # "… and agreed to …", split off its subject
    relative = re.search(r"\b(?:that|which|who)\s+(?:\S+\s+){0,2}$", clause[:cue_at])
    if subject_cue and (starts or (actor.subject and actor.start >= offset - 1)) and not relative:
        rest = clause[cue_at + len(cue) :].strip()
        rest = re.sub(r"^(?:also|further|then|jointly|continue\s+to)\s+", "", rest)
        if len(rest.split()) >= 4:
            text = rest
    text = text.rstrip(" ,;")
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1].rsplit(" ", 1)[0] + "…"
    if not text.endswith((".", "…")) and not re.search(r"[\u0E00-\u0E7F]$", text):
        text += "."
    return text[:1].upper() + text[1:]
