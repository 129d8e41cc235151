"""Reading a press release, plain text or saved HTML, into clean paragraphs.

What a ministry page carries besides the release itself is dropped here and kept aside for the
report: the page's import and update dates ("วันที่นำเข้าข้อมูล 1 Mar 2024"), view counters,
"Images" / "รูปภาพประกอบ" labels, captions repeated under every photo, navigation crumbs.
Table rows ("Date | April 27, 2024 |") become labelled fields rather than running text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.boundedread import NotRegularFile, TooLarge, read_at_most
from briefgen.datetext import FoundDate, find_dates
from briefgen.errors import IngestError
from briefgen.textvalue import THAI_CHARS, has_thai

MAX_SOURCE_BYTES = 5 * 1024 * 1024
# A press release runs to a few thousand words (the longest seen: under 30,000 characters);
# reading is linear in the text, and this keeps a run within seconds.
MAX_TEXT_CHARS = 200_000
HTML_SUFFIXES = (".html", ".htm", ".xhtml")

# Lines that belong to the page, not to the release. A date on such a line is the page's own.
_PAGE_DATE_LINE = re.compile(
    r"^(?:วันที่(?:นำเข้า|ปรับปรุง|เผยแพร่|ประกาศ)ข้อมูล|วันที่เผยแพร่|เผยแพร่เมื่อ|โพสต์เมื่อ|"
    r"ปรับปรุงล่าสุด|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|last\s+updated|"
    r"date\s+published|release\s+date)\b\s*:?",
    re.IGNORECASE,
)
_BOILERPLATE_LINE = re.compile(
    r"^(?:\|?\s*[\d,.]+\s*(?:views?|ครั้ง|reads?)"  # view counters
    r"|(?:images?|photos?|gallery|รูปภาพประกอบ|ภาพประกอบ|ภาพข่าว|แกลเลอรี่?)"
    r"|(?:share|print|tweet|email|แชร์|พิมพ์)(?:\s*(?:this|on|:).*)?"
    r"|(?:back to top|read more|อ่านต่อ|กลับสู่ด้านบน)"
    r"|(?:sources?|ที่มา|แหล่งที่มา|credit|เครดิต)\s*:.{0,120}"
    r"|.*\s>>\s.*|.*›.*›.*"  # navigation crumbs
    r")\s*$",
    re.IGNORECASE,
)
_TABLE_RULE = re.compile(r"^[\s|:+-]*-{3,}[\s|:+-]*$")
_TABLE_ROW = re.compile(r"^\s*\|?\s*([^|]{1,60}?)\s*\|\s*(.*?)\s*\|?\s*$")
_BULLET = re.compile(r"^\s*(?:[-•*▪●◦]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?。:;”\"’')]\s*$")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


@dataclass
class Document:
    """A press release as clean text: a headline, paragraphs, and labelled fields."""

    path: Path
    raw: bytes
    kind: str  # "text" or "html"
    lang: str  # "en" or "th"
    headline: str | None
    paragraphs: list[str]
    headings: set[int] = field(default_factory=set)  # indices of paragraphs that are headings
    fields: list[tuple[str, str]] = field(default_factory=list)  # ("Date", "April 27, 2024")
    page_dates: list[tuple[str, FoundDate]] = field(default_factory=list)  # (line, date)
    dropped: list[str] = field(default_factory=list)

    def body(self) -> list[tuple[int, str]]:
        """The paragraphs that are running text, with their indices."""
        return [(i, p) for i, p in enumerate(self.paragraphs) if i not in self.headings]


def read_document(path: Path) -> Document:
    """Read a .txt or .html press release into a Document, or raise IngestError."""
    raw = read_bounded(path)
    if b"\0" in raw[:4096]:
        raise IngestError(f"{path}: file is binary; give a .txt or a saved .html page")
    text = _decode(raw, path)
    is_html = path.suffix.lower() in HTML_SUFFIXES or bool(
        re.match(r"\s*(?:<!doctype html|<html|<\?xml)", text[:200], re.IGNORECASE)
    )
    headline = None
    extra_dates: list[tuple[str, FoundDate]] = []
    if is_html:
        from briefgen.ingest.html import html_lines

        headline, lines, extra_dates = html_lines(text)
    else:
        lines = text.splitlines()
    document = _clean(path, raw, "html" if is_html else "text", headline, lines)
    document.page_dates[:0] = extra_dates
    if not document.paragraphs:
        raise IngestError(f"{path}: no text found in the file")
    length = sum(len(paragraph) for paragraph in document.paragraphs)
    if length > MAX_TEXT_CHARS:
        raise IngestError(
            f"{path}: the text is {length:,} characters; a press release may be at most "
            f"{MAX_TEXT_CHARS:,} (cut the page down to the release)"
        )
    return document


def read_bounded(path: Path, *, follow_links: bool = True) -> bytes:
    """The file's bytes, its size checked on the open file before any is read, so that a huge
    or sparse file costs nothing. follow_links=False refuses a link (a file in the workspace)."""
    try:
        return read_at_most(path, MAX_SOURCE_BYTES, follow_links=follow_links)
    except OSError as exc:
        raise IngestError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    except NotRegularFile:
        raise IngestError(f"{path}: not a regular file") from None
    except TooLarge as exc:
        limit = f"a source may be at most {MAX_SOURCE_BYTES // 1_048_576} MB"
        if exc.grew:  # a file grown since the check: its size is not known
            raise IngestError(f"{path}: {limit}") from None
        raise IngestError(f"{path}: file is {exc.size / 1_048_576:,.1f} MB; {limit}") from None


def _decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "cp874"):  # cp874: Thai Windows, older ministry pages
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" or has_thai(text):
            return text
    raise IngestError(f"{path}: file is neither UTF-8 nor Thai (TIS-620) text")


def language_of(text: str) -> str:
    thai = len(THAI_CHARS.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "th" if thai >= 0.3 * (thai + latin) and thai else "en"


def normalise_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).translate(_ZERO_WIDTH)
    line = line.replace("\u00a0", " ").replace("\t", " ")
    return re.sub(r" {2,}", " ", line).strip()


def _clean(
    path: Path, raw: bytes, kind: str, headline: str | None, raw_lines: list[str]
) -> Document:
    lines = [normalise_line(line) for line in raw_lines]
    counts: dict[str, int] = {}
    for line in lines:
        if line:
            counts[line] = counts.get(line, 0) + 1
    first = next((line for line in lines if line), "")
    if headline is None and first and not first.endswith((".", "!", "?")) and len(first) < 300:
        headline = first
    document = Document(path, raw, kind, "en", headline, [])
    blocks: list[list[str]] = [[]]
    for line in lines:
        if not line:
            blocks.append([])
            continue
        if headline and line == headline:
            continue  # the headline, and its repeats
        if counts[line] > 1 and len(line) < 300:
            document.dropped.append(line)  # captions under every photo, repeated labels
            continue
        if _is_page_line(line, document, seen_body=any(any(b) for b in blocks)):
            continue
        if "|" in line:
            _table_line(line, document)
            blocks.append([])
            continue
        blocks[-1].append(_BULLET.sub("", line))
    for block in blocks:
        _add_block(block, document)
    _dateline(document)
    every = " ".join([headline or "", *document.paragraphs])
    document.lang = language_of(every)
    return document


_NUMERIC_DATE = re.compile(
    r"^\s*(?:(?P<y1>\d{4})[/.-](?P<m1>\d{1,2})[/.-](?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4}))\s*$"
)


def _numeric_date(line: str) -> FoundDate | None:
    """A page's date written in figures: "2020/6/26", "25/09/2017" (day first, as Thai and
    most pages write it; a Buddhist-Era year is turned into C.E.)."""
    from briefgen.partialdates import PartialDate

    match = _NUMERIC_DATE.match(line)
    if match is None:
        return None
    year = int(match["y1"] or match["y2"])
    month, day = int(match["m1"] or match["m2"]), int(match["d1"] or match["d2"])
    year -= 543 if year > 2400 else 0
    try:
        value = PartialDate.of(year, month, day)
    except ValueError:
        return None
    return FoundDate(value, None, line.strip(), 0, True)


def _is_page_line(line: str, document: Document, *, seen_body: bool) -> bool:
    """Whether the line is page furniture; page dates are kept aside."""
    if _PAGE_DATE_LINE.match(line):
        document.page_dates += [(line, found) for found in find_dates(line)]
        document.dropped.append(line)
        return True
    if _BOILERPLATE_LINE.match(line):
        document.dropped.append(line)
        return True
    # A line that is only a date (and perhaps a time), above the first paragraph: the page's.
    numeric = _numeric_date(line) if not seen_body else None
    if numeric is not None:
        document.page_dates.append((line, numeric))
        document.dropped.append(line)
        return True
    if not seen_body:
        found = find_dates(line)
        rest = line
        for date in found:
            rest = rest.replace(date.text, "")
        if found and not re.sub(r"[\d:.\s|,–-]|น\.|am|pm", "", rest, flags=re.IGNORECASE):
            document.page_dates.append((line, found[0]))
            document.dropped.append(line)
            return True
    # A lone word in Latin letters ("logoline"): an image or widget label.
    if re.fullmatch(r"[A-Za-z]{2,15}", line) and line.lower() == line:
        document.dropped.append(line)
        return True
    return False


def _table_line(line: str, document: Document) -> None:
    if _TABLE_RULE.match(line):
        return
    match = _TABLE_ROW.match(line)
    if match and match[2]:
        document.fields.append((match[1].strip(" *:"), match[2].strip()))
    elif match:
        document.dropped.append(line)  # a header cell on its own ("Aspect |")


_DATELINE = re.compile(
    r"^(?P<place>[A-Z]{2,}(?:[ .'-]+[A-Z]{2,})*)"  # BANGKOK, WASHINGTON D.C.
    r"(?:\s*,\s*(?P<date>[^–—]{4,40}?))?\s*(?:[–—]|--?)\s+"
)


def _dateline(document: Document) -> None:
    """'BANGKOK, 5 March 2024 – …': where and when the release was issued, not the meeting."""
    body = document.body()
    if not body:
        return
    index, paragraph = body[0]
    match = _DATELINE.match(paragraph)
    if not match:
        return
    found = find_dates(match["date"] or "")
    if match["date"] and not found:
        return
    document.page_dates += [(f"dateline: {match[0].strip()}", d) for d in found]
    document.dropped.append(match[0].strip())
    document.paragraphs[index] = paragraph[match.end() :]


def _add_block(block: list[str], document: Document) -> None:
    """Add a block of lines as paragraphs: a line that continues the previous one is joined."""
    paragraph = ""
    for line in block:
        if paragraph and _continues(paragraph, line):
            paragraph += " " + line
            continue
        if paragraph:
            _add_paragraph(paragraph, document)
        paragraph = line
    if paragraph:
        _add_paragraph(paragraph, document)


def _continues(previous: str, line: str) -> bool:
    if line[:1].islower():
        return True
    thai = has_thai(previous[-20:]) and has_thai(line[:20])
    return thai and len(previous) >= 40 and not _SENTENCE_END.search(previous)


def _add_paragraph(paragraph: str, document: Document) -> None:
    document.paragraphs.append(paragraph)
    if _is_heading(paragraph):
        document.headings.add(len(document.paragraphs) - 1)


def _is_heading(paragraph: str) -> bool:
    """A short line without a full stop: a section heading, not running text."""
    if _SENTENCE_END.search(paragraph) or len(paragraph) > 90:
        return False
    if has_thai(paragraph):
        return " " not in paragraph.strip() or len(paragraph) < 25
    words = paragraph.split()
    return len(words) <= 10
