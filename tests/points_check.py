"""What every talking-points document must hold, read from the DOCX and the PDF a pack wrote:
one point per issue, each open commitment cited once by its annex number, no commitment's
text twice, no point over 40 words, overdue points first in their topic and marked with the
due date; and on the brief, owner and due date on every overdue item it names.

The annex numbers are read from the annex the same pack wrote, which test_pack checks
against the records."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pack_helpers import Block, Pack, docx_blocks, items, sections, squeeze
from pythainlp.tokenize import word_tokenize

BRIEF, TALKING_POINTS, ANNEX = "background-brief", "talking-points", "commitments-annex"
MAX_WORDS = 40
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI = re.compile(r"[\u0E00-\u0E7F]+")


def words(text: str) -> int:
    """Words as a reader counts them: Thai runs cut by pythainlp's newmm, the rest at spaces."""
    count = 0
    for piece in text.split():
        runs = _THAI.findall(piece)
        count += sum(len([w for w in word_tokenize(r) if w.strip()]) for r in runs)
        count += 1 if _THAI.sub("", piece).strip("()[],.;:–-") else 0
    return count


@dataclass(frozen=True)
class AnnexItem:
    number: int
    text: str
    due: str
    status: str


def annex_items(pack: Pack) -> list[AnnexItem]:
    found = []
    for _, blocks in sections(docx_blocks(pack.docx(ANNEX))):
        for block in blocks:
            if block.kind != "table":
                continue
            for row in (block.rows or [])[1:]:
                number = int(row[0].translate(THAI_DIGITS))
                found.append(AnnexItem(number, " ".join(row[1].split()), row[3], row[4]))
    return found


def cited(point: str, pack: Pack) -> list[int]:
    """The annex numbers a point cites: "annex 7", "annex 12–14", "annex 3, 5"."""
    label = re.escape(pack._("annex {items}").split("{items}")[0].strip())
    numbers: list[int] = []
    for match in re.finditer(label + r"[\s\u2060]+([\d๐-๙–, ]+)", point):  # word joiners in Thai
        for part in match.group(1).translate(THAI_DIGITS).split(","):
            if not part.strip():
                continue
            first, _, last = part.strip().partition("–")
            numbers += range(int(first), int(last or first) + 1)
    return numbers


def talking_points_lists(pack: Pack) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(key messages, [(topic heading, its points)]) from the DOCX; lines if raised apart."""
    found = sections(docx_blocks(pack.docx(TALKING_POINTS)))
    key: list[str] = []
    topics: list[tuple[str, list[str]]] = []
    for heading, blocks in found:
        if heading == pack._("Key messages"):
            key = items(blocks, "ListNumber")
        elif heading not in (pack._("If raised"), pack._("Further objectives")):
            topics.append((heading, items(before_if_raised(blocks, pack))))
    return key, topics


def before_if_raised(blocks: list[Block], pack: Pack) -> list[Block]:
    heading = pack._("If raised")
    for i, block in enumerate(blocks):
        if block.kind == "p" and block.text == heading:
            return blocks[:i]
    return blocks


def check_points(pack: Pack) -> None:
    key, topics = talking_points_lists(pack)
    assert len(key) <= 5
    annex = annex_items(pack)
    closed = {pack._("Done"), pack._("Dropped")}
    overdue_label = pack._("Overdue")
    points = [p for _, ps in topics for p in ps]
    citations: dict[int, int] = {}
    for point in points:
        assert words(point) <= MAX_WORDS, f"{words(point)} words: {point}"
        for number in cited(point, pack):
            citations[number] = citations.get(number, 0) + 1
    for item in annex:
        if item.status in closed:
            continue
        assert citations.get(item.number) == 1, f"annex {item.number} cited {citations}"
    # No commitment's text twice in the talking points.
    body = squeeze(" ".join(key + points))
    for item in annex:
        text = squeeze(item.text).rstrip(".")
        assert body.count(text) <= 1, f"twice: {item.text}"
    overdue_word = pack._("due {date}, overdue").split("{date}")[-1].strip(", ")
    for item in annex:
        if item.status != overdue_label:
            continue
        point = next(p for p in points if item.number in cited(p, pack))
        assert overdue_word in point, point
        assert squeeze(pack._("due {date}").split("{date}")[0]) in squeeze(point), point
    for heading, mine in topics:
        flags = [overdue_word in p for p in mine]
        assert flags == sorted(flags, reverse=True), f"{heading}: overdue first"


def check_brief_overdue(pack: Pack, owners: dict[str, str]) -> None:
    """Every overdue item the brief names says who owes it and by when, as the annex says."""
    blocks = docx_blocks(pack.docx(BRIEF))
    lead = next(i for i, b in enumerate(blocks) if b.text == pack._("Overdue:"))
    listed = []
    for block in blocks[lead + 1 :]:
        if block.style != "ListBullet":
            break
        listed.append(" ".join(block.text.split()))
    annex = {a.text: a for a in annex_items(pack) if a.status == pack._("Overdue")}
    assert listed or not annex
    # "U.S., due", "ฝ่ายไทย ครบกำหนด": the words around the party, whatever the language.
    before, _, after = pack._("{party}, due {date}").partition("{party}")
    due_word = after.replace("{date}", "").strip(", ")
    for line in listed:
        match = re.fullmatch(r"(.+) \((.+?)\)", line)
        assert match, line
        text, owner = match.groups()
        assert due_word in owner, line
        assert any(owner.startswith((before + o, o)) for o in owners.values()), line
        item = next(a for t, a in annex.items() if t.startswith(text.rstrip("…").rstrip()))
        month, year = item.due.split(" (")[0].translate(THAI_DIGITS).split()[-2:]
        # "Mar 2024" of "15 Mar 2024"; a table's two-digit Thai year is the running text's
        # whole one ("๖๗" of "๒๕๖๗").
        shown_month, shown_year = owner.translate(THAI_DIGITS).split()[-2:]
        assert shown_month == month and shown_year.endswith(year), owner
