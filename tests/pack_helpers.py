"""Helpers for the whole-pack tests (test_pack.py, test_pack_thai.py): running `briefgen make`
in-process, reading the PDF and DOCX it writes, and what each test expects of the records.

Nothing here renders: the packs are made by the real CLI, and these only read its output.
"""

from __future__ import annotations

import calendar
import functools
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pikepdf
from fontTools.ttLib import TTFont
from lxml import etree
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from briefgen.compose.common import footer_line
from briefgen.records import Commitment, Meeting, Workspace
from briefgen.ui import console

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENTS = ("background-brief", "talking-points", "commitments-annex")
PACK = "briefing-pack"
OPEN = ("open", "in-progress")
# A list item's marker (bullet or number) is drawn by the PDF in the list's margin, where pypdf
# reads it on a line of its own; in the DOCX it is Word's list numbering, not text.
LIST_MARKER = re.compile(r"^[•◦▪‣·\-]$|^[0-9๐-๙]+[.)]$")


# -- running the CLI --------------------------------------------------------------------------


def run_cli(*args: str) -> Result:
    """`briefgen <args>` in-process, as a user runs it; stdout and stderr apart, plain text."""
    from briefgen.cli import app

    env = {
        "NO_COLOR": "1",
        "COLUMNS": "200",
        "FORCE_COLOR": None,
        "TTY_COMPATIBLE": None,
        "TTY_INTERACTIVE": None,
        "BRIEFGEN_DATA": None,
    }
    console.out_console.cache_clear()
    console.err_console.cache_clear()
    try:
        return CliRunner().invoke(app, list(args), env=env)
    finally:
        console.out_console.cache_clear()
        console.err_console.cache_clear()


def check_ran(result: Result) -> Result:
    assert result.exit_code == 0, (
        f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        + (f"\n{result.exception!r}" if result.exception else "")
    )
    return result


def file_names(stem: str, suffix: str = "") -> set[str]:
    """The seven files `make` writes: each document as PDF and DOCX, and the whole-pack PDF."""
    names = {f"{stem}_{doc}{suffix}.{ext}" for doc in DOCUMENTS for ext in ("pdf", "docx")}
    return names | {f"{stem}_{PACK}{suffix}.pdf"}


# -- reading the PDF --------------------------------------------------------------------------


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, as pypdf extracts it (read once per file: packs are not rewritten)."""
    return list(_pdf_pages(str(path), path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=64)
def _pdf_pages(path: str, _mtime: int) -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in PdfReader(path).pages)


def page_label_pattern(label: str) -> str:
    """'Page {page} of {pages}' -> a pattern for the label with any digits."""
    parts = [r"\s*".join(map(re.escape, part.split())) for part in re.split(r"\{pages?\}", label)]
    return r"\s*[0-9๐-๙]+\s*".join(parts)


def margin_line(furniture: list[str], page_label: str) -> re.Pattern[str]:
    """A line made only of margin texts. The bottom-left, -centre and -right boxes share a
    baseline, so pypdf may read footer, marking and page label as one line."""
    pieces = [r"\s*".join(map(re.escape, text.split())) for text in furniture if text.strip()]
    pieces.append(page_label_pattern(page_label))
    return re.compile(r"^\s*(?:(?:" + "|".join(pieces) + r")\s*)+$")


def pdf_body_text(
    path: Path, furniture: list[str], page_label: str, repeated: list[str] | tuple = ()
) -> str:
    """The PDF's text without what runs in the page margins (marking, page label, footer),
    which the DOCX keeps in its header and footer, without list markers, and without the
    table header rows (`repeated`) that the PDF repeats at the top of a continued table."""
    lines: list[str] = []
    for index, page in enumerate(pdf_pages(path)):
        body = _split_page(page, furniture, page_label)[0]
        if index:
            body = drop_repeated_header(body, repeated)
        lines += body
    return "\n".join(lines)


def drop_repeated_header(lines: list[str], headers: list[str] | tuple) -> list[str]:
    """The page's lines without a leading table header row (one of `headers`)."""
    for header in headers:
        target, taken = squeeze(header), ""
        for count, line in enumerate(lines, 1):
            taken += squeeze(line)
            if taken == target:
                return lines[count:]
            if not target.startswith(taken):
                break
    return lines


def starts_with_header(lines: list[str], headers: list[str]) -> bool:
    return len(drop_repeated_header(lines, headers)) < len(lines)


def pdf_page_bodies(path: Path, furniture: list[str], page_label: str) -> list[list[str]]:
    return [_split_page(page, furniture, page_label)[0] for page in pdf_pages(path)]


def list_markers(path: Path, furniture: list[str], page_label: str) -> list[str]:
    """The list markers of every page, in order: '•', '1.', '๑.'."""
    return [m for page in pdf_pages(path) for m in _split_page(page, furniture, page_label)[1]]


def _split_page(page: str, furniture: list[str], page_label: str) -> tuple[list[str], list[str]]:
    """(body lines, list markers) of one page's text. pypdf reads the margin boxes and then
    the list markers after the body, so both are peeled off the end of the page."""
    margin = margin_line(furniture, page_label)
    lines = [line for line in page.splitlines() if line.strip()]
    markers: list[str] = []
    # Only from the end: the footer (the ministry's name) may also be the letterhead's line.
    while lines and (margin.match(lines[-1]) or LIST_MARKER.match(lines[-1].strip())):
        line = lines.pop().strip()
        if not margin.match(line):
            markers.insert(0, line)
    return lines, markers


# -- reading the DOCX -------------------------------------------------------------------------


def docx_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def paragraph_text(p: etree._Element) -> str:
    out = []
    for el in p.iter():
        if el.tag == f"{W}t":
            out.append(el.text or "")
        elif el.tag == f"{W}tab":
            out.append("\t")
        elif el.tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
    return "".join(out)


@dataclass
class Block:
    kind: str  # "p" or "table"
    style: str = ""  # the paragraph's style id: Title, Heading1, ListBullet, …
    text: str = ""
    rows: list[list[str]] | None = None


def docx_blocks(path: Path) -> list[Block]:
    """The body in order: paragraphs with their style, and tables as rows of cell texts."""
    return list(_docx_blocks(str(path), path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=64)
def _docx_blocks(name: str, _mtime: int) -> tuple[Block, ...]:
    path = Path(name)
    body = docx_part(path, "word/document.xml").find(f"{W}body")
    assert body is not None
    blocks = []
    for child in body:
        if child.tag == f"{W}p":
            style = child.find(f"{W}pPr/{W}pStyle")
            name = style.get(f"{W}val") if style is not None else "Normal"
            blocks.append(Block("p", name, paragraph_text(child)))
        elif child.tag == f"{W}tbl":
            rows = [
                ["\n".join(paragraph_text(p) for p in tc.iter(f"{W}p")) for tc in tr.iter(f"{W}tc")]
                for tr in child.iter(f"{W}tr")
            ]
            blocks.append(Block("table", rows=rows))
    return tuple(blocks)


def docx_header_rows(path: Path) -> list[str]:
    """The text of every table row the DOCX marks as a header row (repeated on each page)."""
    body = docx_part(path, "word/document.xml").find(f"{W}body")
    assert body is not None
    rows = []
    for tr in body.iter(f"{W}tr"):
        if tr.find(f"{W}trPr/{W}tblHeader") is not None:
            cells = [
                "\n".join(paragraph_text(p) for p in tc.iter(f"{W}p")) for tc in tr.iter(f"{W}tc")
            ]
            rows.append("\n".join(cells))
    return list(dict.fromkeys(rows))


def docx_body_text(path: Path) -> str:
    """The document body's text, one paragraph (or table cell) a line, in reading order."""
    lines: list[str] = []
    for block in docx_blocks(path):
        if block.kind == "p":
            lines.append(block.text)
        else:
            lines += [cell for row in block.rows or [] for cell in row]
    return "\n".join(lines)


def docx_margin_text(path: Path) -> str:
    """What the DOCX carries in its headers and footers."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if re.match(r"word/(header|footer)\d*\.xml$", n)]
        roots = [etree.fromstring(archive.read(n)) for n in names]
    return "\n".join(paragraph_text(p) for root in roots for p in root.iter(f"{W}p"))


# -- comparing texts --------------------------------------------------------------------------


def _strip(text: str) -> tuple[str, dict[int, str]]:
    """Text without whitespace, and for each position a whitespace run preceded: 'line' when
    the run held a line break, 'space' otherwise."""
    chars: list[str] = []
    breaks: dict[int, str] = {}
    for match in re.finditer(r"(\s*)(\S)", text):
        gap = match.group(1)
        if gap and chars:
            breaks[len(chars)] = "line" if ("\n" in gap or "\r" in gap) else "space"
        chars.append(match.group(2))
    return "".join(chars), breaks


def first_difference(a: str, b: str) -> str:
    index = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
    if index is None:
        index = min(len(a), len(b))
    start, end = max(0, index - 60), index + 60
    return f"at {index}:\n  PDF:  …{a[start:end]}…\n  DOCX: …{b[start:end]}…"


def assert_same_words(pdf_text: str, docx_text: str) -> None:
    """The same words in the same order. The PDF breaks lines where the DOCX has spaces, and
    sometimes inside a word (a hyphenated name, a long file name in a narrow column): a line
    break may stand for a space or for nothing, a space within a line only for a space."""
    pdf_chars, pdf_breaks = _strip(pdf_text)
    docx_chars, docx_breaks = _strip(docx_text)
    assert pdf_chars == docx_chars, "texts differ " + first_difference(pdf_chars, docx_chars)
    glued = sorted(set(docx_breaks) - set(pdf_breaks))
    assert not glued, "words run together in the PDF: " + "; ".join(
        f"…{pdf_chars[max(0, i - 25) : i]}|{pdf_chars[i : i + 25]}…" for i in glued[:5]
    )
    split = sorted(i for i, kind in pdf_breaks.items() if kind == "space" and i not in docx_breaks)
    assert not split, "words split apart in the PDF: " + "; ".join(
        f"…{pdf_chars[max(0, i - 25) : i]}|{pdf_chars[i : i + 25]}…" for i in split[:5]
    )


def assert_same_text(pdf_text: str, docx_text: str) -> None:
    """The same characters in the same order, whitespace aside (for Thai, which pypdf and
    Word split into lines and phrases differently)."""
    pdf_chars, _ = _strip(pdf_text)
    docx_chars, _ = _strip(docx_text)
    assert pdf_chars == docx_chars, "texts differ " + first_difference(pdf_chars, docx_chars)


def squeeze(text: str) -> str:
    return "".join(text.split())


# -- fonts in the PDF -------------------------------------------------------------------------


@dataclass
class EmbeddedFont:
    base_font: str
    embedded: bool
    program: TTFont | None
    to_unicode: dict[int, str]
    cid_to_gid: bytes | None  # None: Identity
    two_byte: bool

    def gid(self, code: int) -> int:
        if self.cid_to_gid is None:
            return code
        if 2 * code + 1 >= len(self.cid_to_gid):
            return 0
        return int.from_bytes(self.cid_to_gid[2 * code : 2 * code + 2], "big")


def _to_unicode(stream: Any) -> dict[int, str]:
    data = stream.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}

    def text(hex_text: str) -> str:
        return bytes.fromhex(hex_text).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(code, 16)] = text(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for first, last, target in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block
        ):
            start, end = int(first, 16), int(last, 16)
            if target.startswith("["):
                for offset, item in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target)):
                    mapping[start + offset] = text(item)
            else:
                base = text(target[1:-1])
                for offset in range(end - start + 1):
                    mapping[start + offset] = base[:-1] + chr(ord(base[-1]) + offset)
    return mapping


def _font(obj: Any) -> EmbeddedFont:
    descriptor_owner = obj.DescendantFonts[0] if "/DescendantFonts" in obj else obj
    descriptor = descriptor_owner.get("/FontDescriptor")
    program = None
    embedded = False
    if descriptor is not None:
        for key in ("/FontFile2", "/FontFile3", "/FontFile"):
            if key in descriptor:
                embedded = True
                try:
                    program = TTFont(io.BytesIO(descriptor[key].read_bytes()), lazy=False)
                except Exception:  # a CFF or Type 1 program: embedded, but not read here
                    program = None
                break
    cid_map = descriptor_owner.get("/CIDToGIDMap")
    return EmbeddedFont(
        base_font=str(obj.get("/BaseFont", "")).lstrip("/"),
        embedded=embedded,
        program=program,
        to_unicode=_to_unicode(obj.ToUnicode) if "/ToUnicode" in obj else {},
        cid_to_gid=cid_map.read_bytes() if isinstance(cid_map, pikepdf.Stream) else None,
        two_byte=str(obj.get("/Subtype")) == "/Type0",
    )


@dataclass
class DrawnGlyph:
    font: EmbeddedFont
    code: int
    gid: int


def drawn_glyphs(path: Path) -> Iterator[DrawnGlyph]:
    """Every glyph the PDF's pages (and their form XObjects) draw, with its font."""
    with pikepdf.open(path) as pdf:
        cache: dict[tuple[int, int], EmbeddedFont] = {}
        for page in pdf.pages:
            yield from _glyphs_in(page.obj, page.Resources, cache)


def _glyphs_in(owner: Any, resources: Any, cache: dict) -> Iterator[DrawnGlyph]:
    fonts = resources.get("/Font", {}) if resources is not None else {}
    current: EmbeddedFont | None = None
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        if op == "Tf":
            ref = fonts[operands[0]]
            key = ref.objgen
            if key not in cache:
                cache[key] = _font(ref)
            current = cache[key]
        elif op in ("Tj", "TJ", "'", '"'):
            assert current is not None, "text drawn before any font was set"
            items = operands[0] if op == "TJ" else [operands[-1]]
            for item in items:
                if isinstance(item, pikepdf.String):
                    raw = bytes(item)
                    step = 2 if current.two_byte else 1
                    for i in range(0, len(raw) - step + 1, step):
                        code = int.from_bytes(raw[i : i + step], "big")
                        yield DrawnGlyph(current, code, current.gid(code))
        elif op == "Do" and resources is not None:
            xobject = resources.get("/XObject", {}).get(operands[0])
            if xobject is not None and str(xobject.get("/Subtype")) == "/Form":
                yield from _glyphs_in(xobject, xobject.get("/Resources", resources), cache)


def glyph_has_outline(program: TTFont, gid: int) -> bool:
    if "glyf" not in program:
        return True  # CFF outlines: not read here
    order = program.getGlyphOrder()
    if gid >= len(order):
        return False
    return program["glyf"][order[gid]].numberOfContours != 0


# -- what the records say ----------------------------------------------------------------------


def last_day(value: Any) -> date:
    """The last day a partial date (year, year-month or full date) can mean."""
    month = value.month or 12
    day = value.day or calendar.monthrange(value.year, month)[1]
    return date(value.year, month, day)


def date_key(value: Any) -> tuple[int, int, int]:
    return (value.year, value.month or 0, value.day or 0)


@dataclass(frozen=True)
class Expected:
    """A commitment as the annex must show it, worked out from the record alone."""

    meeting: Meeting
    index: int
    commitment: Commitment
    owner: str  # counterpart, home or joint
    status: str  # open, in-progress, done, dropped, or overdue
    due: Any  # the due date as last revised, or None

    def text(self, lang: str) -> str:
        return " ".join(self.commitment.text.get(lang)[0].split())

    @property
    def overdue(self) -> bool:
        return self.status == "overdue"

    @property
    def is_open(self) -> bool:
        return self.status in (*OPEN, "overdue")


def expected_commitments(
    workspace: Workspace, home: str, counterpart: str, reference: date
) -> list[Expected]:
    """Every commitment of every meeting between home and counterpart, with its status as of
    the reference date: the latest update that sets a status or a due date wins; an open or
    in-progress commitment whose (revised) due date has passed is overdue."""
    found = []
    for meeting in workspace.meetings:
        if not {home, counterpart} <= set(meeting.parties):
            continue
        for index, commitment in enumerate(meeting.commitments):
            updates = sorted(commitment.updates, key=lambda u: date_key(u.date))
            status = next((u.status for u in reversed(updates) if u.status), commitment.status)
            due = next((u.due for u in reversed(updates) if u.due), commitment.due)
            if status in OPEN and due is not None and last_day(due) < reference:
                status = "overdue"
            by = set(commitment.by)
            owner = "joint" if len(by) > 1 else "home" if home in by else "counterpart"
            found.append(Expected(meeting, index, commitment, owner, status, due))
    return found


def record_texts(value: Any, lang: str) -> Iterator[str]:
    """Every text a record holds in `lang` (and every plain, language-less text)."""
    from pydantic import BaseModel

    from briefgen.textvalue import LocalText

    if isinstance(value, LocalText):
        text, fell_back = value.get(lang)
        if not fell_back or value.plain is not None:
            yield text
    elif isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from record_texts(getattr(value, name), lang)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from record_texts(item, lang)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from record_texts(item, lang)


# -- a made pack ------------------------------------------------------------------------------


@dataclass
class Pack:
    """A pack `briefgen make` wrote into `out` from the workspace `data`."""

    out: Path
    data: Path
    stem: str  # 2026-12-10_US
    lang: str
    result: Result
    ministry: str = "default"
    classification: str | None = None

    @property
    def suffix(self) -> str:
        return "" if self.lang == "en" else f"_{self.lang}"

    def path(self, document: str, ext: str) -> Path:
        return self.out / f"{self.stem}_{document}{self.suffix}.{ext}"

    def pdf(self, document: str) -> Path:
        return self.path(document, "pdf")

    def docx(self, document: str) -> Path:
        return self.path(document, "docx")

    @functools.cached_property
    def workspace(self) -> Workspace:
        from briefgen.store import load_workspace

        return load_workspace(self.data)

    @functools.cached_property
    def localizer(self) -> Any:
        from briefgen.compose.localize import Localizer
        from briefgen.profiles import load_profile

        return Localizer(self.lang, load_profile(self.ministry, self.data))

    def _(self, message: str) -> str:
        return str(self.localizer._(message))

    @property
    def page_label(self) -> str:
        return self._("Page {page} of {pages}")

    @property
    def furniture(self) -> list[str]:
        """What runs in the page margins besides the page label: marking and footer."""
        loc = self.localizer
        marking = loc.marking(self.classification or loc.profile.classification)
        footer = footer_line(loc)  # beside a marking, a long one breaks after the ministry
        return [t for t in (marking, footer, *footer.split(" · ")) if t]

    def pdf_text(self, document: str) -> str:
        headers = docx_header_rows(self.docx(document))
        return pdf_body_text(self.pdf(document), self.furniture, self.page_label, headers)

    def docx_text(self, document: str) -> str:
        return docx_body_text(self.docx(document))

    def markers(self, document: str) -> list[str]:
        return list_markers(self.pdf(document), self.furniture, self.page_label)


def make_pack(
    data: Path,
    out: Path,
    *options: str,
    lang: str = "en",
    counterpart: str = "US",
    stem: str = "2026-12-10_US",
    ministry: str = "default",
    classification: str | None = None,
) -> Pack:
    args = ["make", "--counterpart", counterpart, "--data", str(data), "--out", str(out)]
    if lang != "en":
        args += ["--lang", lang]
    if ministry != "default":
        args += ["--ministry", ministry]
    if classification:
        args += ["--classification", classification]
    result = check_ran(run_cli(*args, *options))
    return Pack(out, data, stem, lang, result, ministry, classification)


def planned_meeting(workspace: Workspace, home: str, counterpart: str, as_of: date) -> Meeting:
    """The meeting a pack made on `as_of` briefs for: the next planned one between the two."""
    planned = [
        m
        for m in workspace.meetings
        if m.status == "planned"
        and {home, counterpart} <= set(m.parties)
        and last_day(m.date) >= as_of
    ]
    return min(planned, key=lambda m: date_key(m.date))


def sections(blocks: list[Block], heading: str = "Heading1") -> list[tuple[str, list[Block]]]:
    """The body cut at each paragraph of style `heading`: (heading text, blocks under it)."""
    found: list[tuple[str, list[Block]]] = []
    for block in blocks:
        if block.kind == "p" and block.style == heading:
            found.append((block.text, []))
        elif found:
            found[-1][1].append(block)
    return found


def items(blocks: list[Block], style: str = "ListBullet") -> list[str]:
    return [" ".join(b.text.split()) for b in blocks if b.kind == "p" and b.style == style]
