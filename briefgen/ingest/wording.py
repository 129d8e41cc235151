"""A commitment's text as records keep it: the undertaking itself, without the words that tie
its clause to the sentence ("and", "also", "และ", "ทั้งนี้", "โดย", "นอกจากนี้" …) or the frame
that says who agreed ("ฝ่ายญี่ปุ่นตกลงที่จะ …", "ทั้งสองฝ่ายเห็นพ้องที่จะ …"): who owes it is
the commitment's `by`, and the text reads as an order ("ขยายระยะเวลาพำนัก …", "Host …").
"""

from __future__ import annotations

import re

from briefgen.ingest.parties import PartyIndex

_LEAD_EN = re.compile(
    r"^(?:(?:and|also|further(?:more)?|moreover|additionally|in\s+addition|besides|then|"
    r"meanwhile|likewise)\b[\s,]*)+",
    re.IGNORECASE,
)
_LEAD_TH = re.compile(
    r"^(?:(?:และ|ทั้งนี้|โดย(?!ไม่)|อีกทั้ง|นอกจากนี้|นอกจากนั้น|ทั้งยัง|รวมทั้ง|ตลอดจน|ขณะที่|"
    r"ส่วน(?!ร่วม)|ซึ่ง|อนึ่ง|ในการนี้|ในโอกาสนี้|พร้อมกันนี้|จากนั้น|ต่อมา|อีกด้วย|ด้วย)\s*)+"
)
# What may stand between the subject and the undertaking: "ได้", "ยัง", "ต่าง", "ร่วมกัน"…
_SUBJECT_FILLER = re.compile(r"ฝ่าย|รัฐบาล|ประเทศ|ทั้งสอง|ที่ประชุม|ได้|ยัง|ก็|จึง|ต่าง|ร่วมกัน|\s")
# The undertaking's frame: "ตกลงที่จะ", "เห็นพ้องกันว่าจะ", "ยืนยันที่จะ", "จะ", "มีกำหนด"
# ("ตกลงจัดตั้ง…" too; but "พร้อมให้การสนับสนุน", "เห็นพ้องในการ…" keep their verb).
_FRAME_TH = re.compile(
    r"^(?:(?:ตกลง|เห็นพ้อง|เห็นชอบ|ยืนยัน|มุ่งมั่น|พร้อม|มีกำหนด|รับ)(?:ร่วม)?(?:กัน)?\s*"
    r"(?:ว่า|ที่)?\s*จะ|(?:ที่)?จะ|ตกลง(?:กัน)?(?!ว่า|ที่|ใน|กับ|ให้)|มีกำหนด(?:การ)?(?=จัด|เยือน|เดินทาง))\s*"
)


def imperative(text: str, lang: str, index: PartyIndex) -> str:
    """The commitment's text without its leading connector and, in Thai, its subject frame."""
    if lang != "th":
        rest = _LEAD_EN.sub("", text)
        return rest[:1].upper() + rest[1:] if len(rest.split()) >= 2 else text
    rest = _LEAD_TH.sub("", text.strip())
    framed = _without_frame(rest, index)
    rest = framed if framed is not None else rest
    return rest if len(rest) >= 6 else text


def _without_frame(text: str, index: PartyIndex) -> str | None:
    """ "ฝ่ายญี่ปุ่นตกลงที่จะขยาย…" → "ขยาย…"; None when what comes before the undertaking is not
    only its subject."""
    for frame in re.finditer(r"ตกลง|เห็นพ้อง|เห็นชอบ|ยืนยัน|มุ่งมั่น|พร้อม|มีกำหนด|รับ|(?:ที่)?จะ", text):
        before = text[: frame.start()]
        if len(before) > 40:
            return None
        kept = before
        for mention in reversed(index.mentions(before)):
            kept = kept[: mention.start] + kept[mention.end :]
        if _SUBJECT_FILLER.sub("", kept):
            return None  # "ฝ่ายญี่ปุ่นแสดงความพร้อมที่จะ…", "การประชุมครั้งต่อไปจะ…": kept as written
        framing = _FRAME_TH.match(text[frame.start() :])
        return text[frame.start() + framing.end() :] if framing else None
    return None
