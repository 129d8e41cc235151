"""The wording that makes a clause look ahead, in English and in Thai.

English: modals and undertakings ("will", "would", "agreed to", "committed to", "looked forward
to", "conveyed the invitation"), work in progress ("ongoing … process to", "under the process
of"), and joint action by both sides. A commitment restated ("underscored their commitment to")
is a stance, not a new act. Thai: "จะ" and its compounds ("ที่จะ", "จะมีการ"), "เห็นพ้อง", "ตกลง",
"พร้อม" (but not "พร้อมทั้ง"), "เชิญ" (but not "ได้รับเชิญ"), and "อยู่ระหว่างการ…" for work in
progress, read on the words pythainlp cuts, so that "จะ" inside another word never counts.
"""

from __future__ import annotations

import re

from briefgen.ingest.sentences import thai_words

STRONG_EN = re.compile(
    r"\b(?:will|would|shall)\b(?!\s+(?:also\s+)?like\b)"
    r"|\bagree(?:s|d)?\s+(?:to|that|on)\b|\b(?:re)?commit(?:s|ted)?\s+(?:to|themselves)\b"
    r"|\b(?:commitment|agreement|pledge|undertaking)\s+to\b|\bpledged?\s+to\b"
    r"|\b(?:decided|resolved|vowed|promised|offered|undertook|intends?|plan(?:s|ned)?)\s+to\b"
    r"|\b(?:looked|look|looks|looking)\s+forward\s+to\b|\bconveyed\s+(?:the|an)\s+invitation\b"
    r"|\binvited\b|\bexpressed\s+(?:its\s+|their\s+)?(?:readiness|willingness|intention)\s+to\b"
    r"|\b(?:is|are|was|were)\s+(?:ready|prepared|scheduled|set|expected|due|slated)\s+to\b"
    r"|\bupcoming\b|\bremains?\s+committed\s+to\b|\bto\s+be\s+held\b",
    re.IGNORECASE,
)
PROGRESS_EN = re.compile(
    r"\bongoing\s+(?:\w+\s+){0,2}(?:process|efforts?|work|negotiations?|preparations?|"
    r"consideration)\b|\b(?:under|in)\s+the\s+process\s+of\b"
    r"|\bis\s+(?:currently\s+)?(?:considering|preparing|finali[sz]ing)\b",
    re.IGNORECASE,
)
JOINT_ACTION_EN = re.compile(
    r"\b(?:resum|expand|establish|strengthen|deepen|enhanc|promot|increas|intensif|accelerat|"
    r"explor|launch|renew|develop|advanc|boost|broaden|foster|implement|conclud)(?:e|es|ing)?\b",
    re.IGNORECASE,
)
DISCUSSION_EN = re.compile(
    r"\b(?:discussed|exchanged|highlighted|reaffirmed|recogni[sz]ed|underscored|noted|"
    r"welcomed|thanked|appreciated|reviewed|emphasi[sz]ed|took\s+stock|expressed\s+"
    r"(?:appreciation|concern|condolences))\b",
    re.IGNORECASE,
)
RESTATED_COMMITMENT = re.compile(
    r"\b(?:underscor|reaffirm|reiterat|stress|emphasi[sz]|highlight)(?:ed|ing|es|s)?\s+"
    r"(?:\S+\s+){0,3}$",
    re.IGNORECASE,
)
_SPLIT_EN = re.compile(
    r";\s+|,?\s+and\s+(?=(?:also\s+|further\s+)?(?:agreed|will|would|committed|pledged|decided|"
    r"looked\s+forward|conveyed|expressed|reaffirmed|welcomed|discussed|underscored)\b)",
    re.IGNORECASE,
)
_TH_WILL_BEFORE = {"ที่", "ซึ่ง", "ก็", "ยัง", "คง", "อาจ", "ต่าง", "โดย"}
_TH_WILL_AFTER = {"มี", "ได้", "ต้อง", "เป็น", "ทำ"}
_TH_STRONG = {"เห็นพ้อง", "ตกลง", "พร้อม", "มุ่งมั่น", "เชิญ", "มีกำหนด", "เตรียม", "เห็นชอบ"}


def english_clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SPLIT_EN.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def thai_cue(clause: str) -> tuple[int, str, str, bool] | None:
    words = thai_words(clause)
    for i, (word, at) in enumerate(words):
        following = words[i + 1][0] if i + 1 < len(words) else ""
        if word == "อยู่" and following == "ระหว่าง":
            after = clause[at:]
            if re.match(r"อยู่ระหว่าง\s*(?:การ|กระบวนการ|ดำเนินการ|พิจารณา|เตรียม|จัดทำ)", after):
                return at, "อยู่ระหว่าง", "in-progress", False
        if _thai_will(word) or word in _TH_STRONG:
            previous = words[i - 1][0] if i else ""
            if word == "เชิญ" and previous in ("ได้รับ", "รับ", "ตาม", "ตามคำ"):
                continue
            if word == "ตกลง" and previous == "ความ":
                continue
            if word == "พร้อม" and following in ("ทั้ง", "กัน", "กับ", "ด้วย"):
                continue
            return at, word, "open", False
    return None


def _thai_will(word: str) -> bool:
    if word == "จะ":
        return True
    if word.endswith("จะ") and word[:-2] in _TH_WILL_BEFORE:
        return True
    return word.startswith("จะ") and word[2:] in _TH_WILL_AFTER
