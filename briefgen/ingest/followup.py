"""What a release reports about commitments made earlier: proposed `updates:` entries.

An open or in-progress commitment between the same parties is reported on when one sentence
of the release shares its distinctive words ("USD 25 million grant … defence modernisation")
and says what became of it: delivered, held, signed, disbursed (done), under way (in progress),
or postponed (still open). The proposal is written into the commitment for the officer to
confirm, never taken as fact: the ingested record names it in a `review` note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.ingest.draft import date_value
from briefgen.ingest.sentences import Sentence, thai_words
from briefgen.partialdates import PartialDate
from briefgen.records import OPEN_STATUSES, Commitment, Meeting, Workspace
from briefgen.textvalue import has_thai

# (what the sentence says, the status it gives, the word for the note); first match wins.
_REPORTS: list[tuple[re.Pattern[str], str | None, str]] = [
    (re.compile(r"\b(?:postpone|delay|defer|reschedul)\w*|เลื่อน", re.I), None, "postponed"),
    (
        re.compile(r"\bfirst\s+tranche|\bbegun\b|\bbegan\b|\bunder\s+way|\bstarted\b|เริ่ม", re.I),
        "in-progress",
        "under way",
    ),  # fmt: skip
    (re.compile(r"\bdeliver(?:ed|y|ies)\b|\bhanded\s+over|ส่งมอบ", re.I), "done", "delivered"),
    (re.compile(r"\bdisburse(?:d|ment)\b|เบิกจ่าย", re.I), "done", "disbursed"),
    (re.compile(r"\bsign(?:ed|ing)\b|ลงนาม", re.I), "done", "signed"),
    (
        re.compile(
            r"\b(?:concluded|conclusion|completed|completion|finali[sz]ed)\b|แล้วเสร็จ|เสร็จสิ้น", re.I
        ),
        "done",
        "concluded",
    ),  # fmt: skip
    (
        re.compile(r"\b(?:held|convened|hosted|launched|inaugurated)\b|จัดขึ้น|เปิดตัว", re.I),
        "done",
        "held",
    ),  # fmt: skip
]
_AHEAD = re.compile(  # a plan, not a report: "will be held", "agreed to sign", "จะลงนาม"
    r"\b(?:will|shall|would|agreed\s+to|plans?\s+to|intends?\s+to|looked\s+forward|to\s+be)\b"
    r"|จะ|มีกำหนด",
    re.IGNORECASE,
)
_STOP = {
    "the", "and", "for", "with", "both", "side", "sides", "will", "would", "shall", "provide",
    "continue", "work", "working", "agree", "agreed", "their", "that", "this", "from", "into",
    "between", "countries", "country", "two", "each", "other", "also", "them", "support",
    "welcomed", "welcome", "meeting", "further", "promote", "enhance", "strengthen",
}  # fmt: skip
MIN_SHARED = 3
MIN_LIKENESS = 0.5


@dataclass(frozen=True)
class Proposal:
    meeting: Meeting
    index: int  # the commitment's place in the meeting's commitments
    commitment: Commitment
    status: str | None  # None: postponed, still open
    word: str  # "delivered", "postponed"…, "restated" (made again, with a new date)
    sentence: str
    due: PartialDate | None = None  # the new due date, when the release sets one


def propose_updates(
    sentences: list[Sentence],
    parties: list[str],
    start: PartialDate,
    workspace: Workspace,
    skip: Meeting | None,
) -> list[Proposal]:
    """For each open commitment of the same parties, the sentence that reports on it, if any."""
    reports: list[tuple[Sentence, tuple[str | None, str]]] = []
    for sentence in sentences:
        found = None if _AHEAD.search(sentence.text) else _report(sentence.text)
        if found is not None and not (found[1] == "held" and sentence.kind == "lead"):
            reports.append((sentence, found))  # the opening's "held" is this meeting's own
    proposals = []
    for meeting in workspace.meetings:
        if meeting is skip or set(meeting.parties) != set(parties) or meeting.date >= start:
            continue  # only what was owed before this meeting
        for index, commitment in enumerate(meeting.commitments):
            if commitment.current_status() not in OPEN_STATUSES:
                continue
            versions = [stems(t) for t in [*commitment.text.all_texts(), commitment.quote or ""]]
            best = max(
                ((_likeness(versions, stems(s.text)), s, found) for s, found in reports),
                key=lambda item: item[0],
                default=None,
            )
            if best is None or best[0] < MIN_LIKENESS:
                continue
            _, sentence, (status, word) = best
            proposals.append(Proposal(meeting, index, commitment, status, word, sentence.text))
    return proposals


def _likeness(versions: list[set[str]], sentence: set[str]) -> float:
    """How much of the commitment (in its likeliest wording) the sentence repeats: the share
    of its distinctive words, 0 when fewer than MIN_SHARED are shared."""
    best = 0.0
    for wanted in versions:
        shared = len(wanted & sentence)
        if wanted and shared >= MIN_SHARED:
            best = max(best, shared / len(wanted))
    return best


def _report(text: str) -> tuple[str | None, str] | None:
    for pattern, status, word in _REPORTS:
        if pattern.search(text):
            return status, word
    return None


def stems(text: str) -> set[str]:
    """Distinctive words, cut to five letters so that "defence"/"defense" and
    "modernisation"/"modernization" meet; numbers kept whole; Thai words as they are."""
    words = {w.lower()[:5] for w in re.findall(r"[A-Za-z]{4,}", text) if w.lower() not in _STOP}
    words |= set(re.findall(r"\d+(?:\.\d+)?", text))
    if has_thai(text):
        words |= {w for w, _ in thai_words(text) if len(w) >= 3 and has_thai(w)}
    return words


_THAI_WORDS = {
    "postponed": "เลื่อนออกไป", "under way": "อยู่ระหว่างดำเนินการ", "delivered": "ส่งมอบแล้ว",
    "disbursed": "เบิกจ่ายแล้ว", "signed": "ลงนามแล้ว", "concluded": "แล้วเสร็จ", "held": "จัดขึ้นแล้ว",
    "restated": "ยืนยันอีกครั้ง",
}  # fmt: skip


def update_entry(
    proposal: Proposal, day: object, reported_at: str | dict[str, str]
) -> dict[str, object]:
    """The `updates:` entry, its note as a printed annex shows it, in each language the
    meeting's title has: "Disbursed, as reported at the 3rd … Dialogue"; the sentence itself
    goes under `quote`."""
    entry: dict[str, object] = {"date": day}
    if proposal.status:
        entry["status"] = proposal.status
    if proposal.due is not None:
        entry["due"] = date_value(proposal.due)
    titles = {"en": reported_at} if isinstance(reported_at, str) else reported_at
    note = {}
    if titles.get("en") or not titles.get("th"):
        title = titles.get("en") or next(iter(titles.values()))
        note["en"] = f"{proposal.word.capitalize()}, as reported at the {title}"
    if titles.get("th"):
        note["th"] = f"{_THAI_WORDS[proposal.word]} ตามที่รายงานใน{titles['th']}"
    entry["note"] = note["en"] if list(note) == ["en"] else note
    entry["quote"] = proposal.sentence
    return entry
