"""The Thai briefing pack, end to end: `briefgen make --counterpart สหรัฐฯ --lang th` on the
seeds, and `--counterpart US --lang th --ministry mod` on the seeds plus a meeting with a long
Thai commitment and a commitment with no Thai text. Real rendering; each pack made once.

Thai dates and digits are checked against the way Thai officials write them (B.E. years, Thai
digits, full month names in running text, abbreviated ones in tables), written out below
independently of briefgen.partialdates.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from docx import Document
from fontTools.ttLib import TTFont
from lxml import etree
from pack_helpers import (
    DOCUMENTS,
    PACK,
    Pack,
    W,
    assert_same_text,
    docx_blocks,
    docx_header_rows,
    docx_margin_text,
    docx_part,
    drawn_glyphs,
    expected_commitments,
    file_names,
    glyph_has_outline,
    items,
    make_pack,
    page_label_pattern,
    paragraph_text,
    pdf_pages,
    planned_meeting,
    record_texts,
    sections,
    squeeze,
)
from points_check import annex_items, cited
from pypdf import PdfReader
from pythainlp.tokenize import word_tokenize
from support import REPO, SEEDS

from briefgen.profiles import builtin_templates, load_profile
from briefgen.render import aside
from briefgen.render.pack import PackRenderer
from briefgen.store import find_counterpart

HOME, COUNTERPART = "TH", "US"
AS_OF = date(2026, 11, 1)  # before the planned meeting of 10 December 2026
STEM = "2026-12-10_US"
BRIEF, TALKING_POINTS, ANNEX = DOCUMENTS
ROOT = REPO
LOCALES = ROOT / "briefgen" / "locales"
THAI = re.compile("[\u0e00-\u0e7f]")

# How Thai officials write dates (issue 4): B.E. year = C.E. + 543, Thai digits; full month
# names in running text, abbreviated ones with a two-digit year in tables.
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
MONTHS = [
    *("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน"),
    *("กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"),
]
MONTHS_SHORT = [
    *("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย."),
    *("ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."),
]


def thai_date(value: Any, *, table: bool = False) -> str:
    year = value.year + 543
    shown_year = str(year)  # whole in tables too, as date_style: long has them
    months = MONTHS_SHORT if table else MONTHS
    if value.month is None:
        text = str(year)  # a year alone stays whole
    elif value.day is None:
        text = f"{months[value.month - 1]} {shown_year}"
    else:
        text = f"{value.day} {months[value.month - 1]} {shown_year}"
    return text.translate(THAI_DIGITS)


def thai_range(start: Any, end: Any, *, table: bool = False) -> str:
    if end is None or end == start:
        return thai_date(start, table=table)
    assert (start.year, start.month) == (end.year, end.month) and start.day and end.day
    return f"{start.day}–{thai_date(end, table=table)}".translate(THAI_DIGITS)


def thai_number(value: int) -> str:
    return str(value).translate(THAI_DIGITS)


# -- the packs ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def thai_pack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Pack, list]]:
    """The Thai pack of the seeds, with every document the renderer laid out (HTML and
    WeasyPrint document), recorded on the way through (nothing is replaced). Every document
    is laid out in this process, as where there is one CPU, so that its boxes can be read."""
    laid_out: list[tuple[str, Any]] = []
    original = PackRenderer.pdf

    def recording(self: PackRenderer, html: str, *args: Any, **kwargs: Any) -> Any:
        rendered = original(self, html, *args, **kwargs)
        laid_out.append((html, rendered))
        return rendered

    out = tmp_path_factory.mktemp("thai-pack")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PackRenderer, "pdf", recording)
        patch.setattr(aside, "forks", lambda: False)
        pack = make_pack(SEEDS, out, "--as-of", AS_OF.isoformat(), lang="th", counterpart="สหรัฐฯ")
    yield pack, laid_out


@pytest.fixture(scope="module")
def pack(thai_pack: tuple[Pack, list]) -> Pack:
    return thai_pack[0]


# 463 characters of Thai without a space: every line break inside it must be Pango's.
LONG_THAI = (
    "กระชับความเป็นหุ้นส่วนในการรับมือกับความท้าทายที่เปลี่ยนแปลงไปและความท้าทายด้านความมั่นคง"
    "รูปแบบใหม่เช่นความมั่นคงทางไซเบอร์และอาชญากรรมข้ามชาติและเพิ่มความร่วมมือด้านการแลกเปลี่ยน"
    "ข่าวกรองและข้อมูลรวมทั้งการเสริมสร้างขีดความสามารถของหน่วยงานบังคับใช้กฎหมายของไทย"
    "ส่งเสริมการแลกเปลี่ยนการเยือนระดับสูงให้มากขึ้นเสริมสร้างความเป็นหุ้นส่วนเพื่อพัฒนาขีดความสามารถ"
    "ด้านสาธารณสุขและความมั่นคงด้านสุขภาพโลกสนับสนุนวิสัยทัศน์ของไทยในการเป็นศูนย์กลาง"
    "การท่องเที่ยวเชิงการแพทย์"
)
ENGLISH_ONLY = "Share the English-only findings of the joint health survey."
EXTRA_FILE = "ws/meetings/2025-06-02-th-us-extra.yaml"
EXTRA = f"""\
id: 2025-06-02-th-us-extra
title: {{en: Thailand–U.S. working-level consultations, th: การหารือระดับคณะทำงานไทย-สหรัฐฯ}}
parties: [TH, US]
date: 2025-06-02
location: {{en: Bangkok, th: กรุงเทพฯ}}
status: held
commitments:
  - by: TH
    topic: energy
    status: open
    text:
      en: Deepen the partnership against new security challenges (a long commitment).
      th: {LONG_THAI}
  - by: US
    topic: health
    status: open
    text: {{en: {ENGLISH_ONLY}}}
"""


@pytest.fixture(scope="module")
def special_pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """The seeds plus a meeting with a long Thai commitment and one with no Thai text, made
    with the MOD profile (Thai, marked ลับ, with a footer). Made from the folder holding ./ws,
    so messages name ws/meetings/…"""
    root = tmp_path_factory.mktemp("thai-special")
    shutil.copytree(SEEDS, root / "ws")
    (root / EXTRA_FILE).write_text(EXTRA, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        made = make_pack(
            Path("ws"), Path("out"), "--as-of", AS_OF.isoformat(), lang="th", ministry="mod"
        )
    made.out, made.data = root / "out", root / "ws"
    return made


# -- files ------------------------------------------------------------------------------------


def test_thai_pack_writes_six_documents_and_the_pack_named_with_th(pack: Pack) -> None:
    assert {p.name for p in pack.out.iterdir()} == file_names(STEM, "_th")
    for document in (*DOCUMENTS, PACK):
        assert len(PdfReader(pack.pdf(document)).pages) >= 1
    for document in DOCUMENTS:
        Document(str(pack.docx(document)))
        etree.fromstring(etree.tostring(docx_part(pack.docx(document), "word/document.xml")))


def test_thai_brief_pdf_is_exactly_one_page(pack: Pack, special_pack: Pack) -> None:
    assert len(PdfReader(pack.pdf(BRIEF)).pages) == 1
    assert len(PdfReader(special_pack.pdf(BRIEF)).pages) == 1


def test_thai_name_and_code_find_the_same_counterpart(pack: Pack, special_pack: Pack) -> None:
    # The seeds pack was asked for สหรัฐฯ and the special one for US: both are the US pack.
    workspace = pack.workspace
    assert find_counterpart(workspace, "สหรัฐฯ").code == find_counterpart(workspace, "US").code
    assert {p.name for p in special_pack.out.iterdir()} == file_names(STEM, "_th")


# -- PDF and DOCX carry the same text -----------------------------------------------------------


@pytest.mark.parametrize("document", DOCUMENTS)
def test_thai_pdf_and_docx_carry_the_same_text(
    pack: Pack, special_pack: Pack, document: str
) -> None:
    for made in (pack, special_pack):
        assert_same_text(made.pdf_text(document), made.docx_text(document))
        margins = docx_margin_text(made.docx(document))
        for text in made.furniture:
            assert text in margins
            assert all(text in page for page in pdf_pages(made.pdf(document)))
    assert special_pack.furniture  # MOD: a marking (ลับ) and a footer, set aside above


def test_thai_text_is_extractable_as_thai(pack: Pack) -> None:
    meeting = planned_meeting(pack.workspace, HOME, COUNTERPART, AS_OF)
    text = squeeze(pack.pdf_text(TALKING_POINTS))
    for objective in meeting.objectives:  # e.g. "กำหนด", "สำคัญ": SARA AM comes out whole
        assert squeeze(objective.get("th")[0]) in text
    if shutil.which("pdftotext"):  # and another reader than pypdf reads the same
        poppler = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pack.pdf(TALKING_POINTS)), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for objective in meeting.objectives:
            assert squeeze(objective.get("th")[0]) in squeeze(poppler)


# -- labels -------------------------------------------------------------------------------------


def catalogue_fragments(lang: str) -> list[str]:
    """The English text of every label in the catalogue, cut at its placeholders."""
    with (LOCALES / lang / "LC_MESSAGES" / "briefgen.po").open("rb") as handle:
        catalog = read_po(handle)
    fragments = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in filter(None, ids):
            for piece in re.split(r"\{\w*\}|%\(\w+\)s", msgid):
                piece = piece.strip(" .,:;()")
                if len(re.findall(r"[A-Za-z]", piece)) >= 2:
                    fragments.append(piece)
    return fragments


def test_every_label_is_thai(pack: Pack) -> None:
    """No English label of the catalogue is left in the Thai pack. English words the records'
    own Thai text holds (proper names: "Strategic and Defense Dialogue") are not labels."""
    records = "\n".join(record_texts(pack.workspace, "th"))
    records = " ".join(records.split())
    fragments = catalogue_fragments("th")
    assert len(fragments) > 40
    for document in (*DOCUMENTS, PACK):
        text = " ".join(" ".join(pdf_pages(pack.pdf(document))).split())
        left = []
        for fragment in fragments:
            words = r"\s+".join(map(re.escape, fragment.split()))
            pattern = re.compile(rf"(?<![A-Za-z]){words}(?![A-Za-z])")
            if pattern.search(text) and not pattern.search(records):
                left.append(fragment)
        assert not left, f"English labels in the Thai {document}: {left}"


def test_thai_headings_are_the_catalogue_translations(pack: Pack) -> None:
    headings = [h for h, _ in sections(docx_blocks(pack.docx(BRIEF)))]
    for label in (
        "Purpose and objectives",
        "Relationship at a glance",
        "Recent engagements",
        "Commitments at a glance",
        "Who is in the room",
    ):
        translated = pack._(label)
        assert translated != label and THAI.search(translated)
        assert translated in headings
    # The outcomes' heading names the meeting they come from.
    outcomes = pack._("Last meeting's outcomes: {meeting}").split("{meeting}")[0]
    assert THAI.search(outcomes)
    assert any(h.startswith(outcomes) and "2+2" in h for h in headings)


# -- dates and digits ---------------------------------------------------------------------------


def test_thai_dates_abbreviated_in_tables_and_full_in_running_text(pack: Pack) -> None:
    workspace = pack.workspace
    planned = planned_meeting(workspace, HOME, COUNTERPART, AS_OF)
    held = sorted(
        (
            m
            for m in workspace.meetings
            if m.status == "held" and {HOME, COUNTERPART} <= set(m.parties)
        ),
        key=lambda m: m.date.first_day(),
    )
    last = held[-1]
    table_form = thai_range(last.date, last.end_date, table=True)
    running_form = thai_range(last.date, last.end_date)
    assert table_form == "๒๘–๒๙ ก.พ. ๒๕๖๗"  # Thai official tables: short month, whole year
    assert thai_date(planned.date) == "๑๐ ธันวาคม ๒๕๖๙"

    parts = dict(sections(docx_blocks(pack.docx(BRIEF))))
    engagements = next(b for b in parts[pack._("Recent engagements")] if b.kind == "table")
    rows = engagements.rows or []
    assert rows[1][0] == table_form  # newest first
    assert [r[0] for r in rows[1:]] == [
        thai_range(m.date, m.end_date, table=True) for m in reversed(held)
    ][: len(rows) - 1]
    meta = next(b.text for b in docx_blocks(pack.docx(BRIEF)) if b.style == "Small")
    assert thai_date(planned.date) in meta
    assert running_form in squeeze_keep(pack.pdf_text(BRIEF))
    brief_pdf = squeeze(pack.pdf_text(BRIEF))
    assert squeeze(table_form) in brief_pdf and squeeze(thai_date(planned.date)) in brief_pdf


def squeeze_keep(text: str) -> str:
    return " ".join(text.split())


def test_annex_dates_keep_their_precision(pack: Pack) -> None:
    reference = planned_meeting(pack.workspace, HOME, COUNTERPART, AS_OF).date.first_day()
    wanted = expected_commitments(pack.workspace, HOME, COUNTERPART, reference)
    rows = annex_rows(pack)
    dated = [e for e in wanted if e.due is not None]
    assert any(e.due.day is None for e in dated)  # partial due dates in the seeds
    for item in wanted:
        row = rows[(squeeze(item.text("th")), squeeze(item.meeting.title.get("th")[0]))]
        due = row[3]
        assert due == (thai_date(item.due, table=True) if item.due else "–")
        made_on = row[2].split("\n")[-1]
        assert made_on == thai_range(item.meeting.date, item.meeting.end_date, table=True)


def annex_rows(pack: Pack) -> dict[tuple[str, str], list[str]]:
    rows = {}
    for block in docx_blocks(pack.docx(ANNEX)):
        for row in (block.rows or [])[1:]:
            rows[(squeeze(row[1]), squeeze(row[2].split("\n")[0]))] = row
    return rows


def test_thai_annex_lists_every_commitment_with_its_status(pack: Pack) -> None:
    reference = planned_meeting(pack.workspace, HOME, COUNTERPART, AS_OF).date.first_day()
    wanted = expected_commitments(pack.workspace, HOME, COUNTERPART, reference)
    labels = {
        "overdue": "Overdue",
        "open": "Open",
        "in-progress": "In progress",
        "done": "Done",
        "dropped": "Dropped",
    }
    rows = annex_rows(pack)
    assert len(rows) == len(wanted)
    for item in wanted:
        row = rows[(squeeze(item.text("th")), squeeze(item.meeting.title.get("th")[0]))]
        assert row[4] == pack._(labels[item.status]) and THAI.search(row[4])
    numbers = [row[0] for row in rows.values()]
    assert sorted(
        numbers, key=lambda n: int(n.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
    ) == [thai_number(n) for n in range(1, len(wanted) + 1)]
    summary = squeeze(pack.pdf_text(ANNEX))
    assert squeeze(thai_date(date_value(reference))) in summary
    assert thai_number(len(wanted)) in summary


def date_value(day: date) -> Any:
    from briefgen.partialdates import PartialDate

    return PartialDate.from_date(day)


def test_numbers_briefgen_writes_are_thai_digits(pack: Pack) -> None:
    # Page labels on every page of each document, and of the pack, which keeps them.
    for document in DOCUMENTS:
        pages = pdf_pages(pack.pdf(document))
        for number, page in enumerate(pages, 1):
            label = pack.page_label.format(page=thai_number(number), pages=thai_number(len(pages)))
            assert squeeze(label) in squeeze(page), f"{document} page {number}"
    thai_label = page_label_pattern(pack.page_label).replace("[0-9๐-๙]", "[๐-๙]")
    for number, page in enumerate(pdf_pages(pack.pdf(PACK)), 1):
        assert re.search(thai_label, page), f"pack page {number}"
    # The counts of commitments at a glance.
    parts = dict(sections(docx_blocks(pack.docx(BRIEF))))
    owed = next(b for b in parts[pack._("Commitments at a glance")] if b.kind == "table")
    for row in (owed.rows or [])[1:]:
        assert all(re.fullmatch("[๐-๙]+", cell) for cell in row[1:]), row
    # Anywhere else, Arabic digits come only from the records themselves ("2+2", file names).
    corpus = squeeze("\n".join(record_texts(pack.workspace, "th")))
    for document in DOCUMENTS:
        for token in re.findall(r"[!-~]*[0-9][!-~]*", pack.pdf_text(document)):
            assert token in corpus, f"{token!r} in the {document} is not from the records"


def test_numbered_lists_use_thai_digits(pack: Pack) -> None:
    numbered = [m for m in pack.markers(TALKING_POINTS) if m != "•"]
    assert numbered
    assert all(re.fullmatch(r"[๐-๙]+\.", m) for m in numbered), numbered


# -- fonts --------------------------------------------------------------------------------------


def font_problems(path: Path, text: str) -> list[str]:
    """Why some character of `text` might not show in the PDF: a glyph drawn from a font that
    is not embedded, not subsetted or not Sarabun; a .notdef glyph (gid 0); a glyph with no
    outline; a character that no embedded font maps."""
    problems: set[str] = set()
    covered: set[str] = set()
    for glyph in drawn_glyphs(path):
        font = glyph.font
        if not font.embedded or font.program is None:
            problems.add(f"{font.base_font} is not embedded")
        if not re.fullmatch(r"[A-Z]{6}\+Sarabun(-\w+)?", font.base_font):
            problems.add(f"{font.base_font} is not a subset of Sarabun")
        if glyph.gid == 0:
            problems.add(f".notdef drawn from {font.base_font} (code {glyph.code})")
        elif (
            font.program is not None
            and not glyph_has_outline(font.program, glyph.gid)
            and not font.to_unicode.get(glyph.code, "").isspace()
        ):
            problems.add(f"glyph {glyph.gid} of {font.base_font} has no outline")
        covered.update(font.to_unicode.get(glyph.code, ""))
        if font.program is not None and "cmap" in font.program:
            covered.update(map(chr, font.program.getBestCmap()))
    missing = sorted(set(squeeze(text)) - covered)
    if missing:
        problems.add(f"no embedded font maps {missing}")
    return sorted(problems)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_character_is_drawn_from_embedded_subsetted_sarabun(
    pack: Pack, special_pack: Pack, document: str
) -> None:
    for made in (pack, special_pack):
        text = made.docx_text(document) + "\n" + docx_margin_text(made.docx(document))
        assert THAI.search(text)
        assert font_problems(made.pdf(document), text) == []


def test_font_check_finds_a_missing_glyph(tmp_path: Path) -> None:
    """The check above fails when a character has no glyph in Sarabun."""
    from briefgen.render.page import font_faces, sarabun_dir
    from briefgen.render.pdf import ResourcePolicy, render_pdf

    html = (
        f"<html lang='th'><style>{font_faces('Sarabun')} body {{ font-family: Sarabun }}"
        "</style><p>ไทย ภาษา 漢字 ☃</p></html>"
    )
    policy = ResourcePolicy(roots=[sarabun_dir()])
    path = tmp_path / "tofu.pdf"
    path.write_bytes(render_pdf(html, base_url=tmp_path, policy=policy).write())
    assert font_problems(path, "ไทยภาษา漢字☃")


# -- Thai typography in the PDF ---------------------------------------------------------------


JUSTIFY = re.compile(r"text-align(?:-last|-all)?\s*:\s*justify", re.I)


def test_no_stylesheet_justifies_text(thai_pack: tuple[Pack, list]) -> None:
    _, laid_out = thai_pack
    assert laid_out
    html = laid_out[-1][0]
    root = etree.HTML(html)
    sheets = [link.get("href") for link in root.iter("link") if link.get("rel") == "stylesheet"]
    assert sheets
    for sheet in sheets:
        path = Path(url2pathname(urlsplit(sheet).path))
        assert not JUSTIFY.search(path.read_text(encoding="utf-8")), sheet
    for style in re.findall(r"<style>(.*?)</style>", html, re.S):
        assert not JUSTIFY.search(style)
    for folder in builtin_templates().iterdir():  # every built-in ministry's theme
        for css in folder.glob("*.css"):
            assert not JUSTIFY.search(css.read_text(encoding="utf-8")), css


def test_no_thai_text_is_laid_out_justified(thai_pack: tuple[Pack, list]) -> None:
    from weasyprint.formatting_structure import boxes

    _, laid_out = thai_pack
    kinds = set()
    checked = 0
    for html, rendered in laid_out:
        kinds.add(re.search(r'class="doc doc-([\w-]+)', html)[1])
        for page in rendered._document.pages:
            for box in page._page_box.descendants():
                if isinstance(box, boxes.TextBox) and THAI.search(box.text):
                    checked += 1
                    assert box.style["text_align_all"] != "justify", box.text
                    assert box.style["text_align_last"] != "justify", box.text
    assert kinds == {"brief", "talking-points", "annex"}
    assert checked > 100


def line_breaks_within(text: str, pdf: Path) -> list[int]:
    """Where the PDF breaks lines inside `text`: offsets into it (whitespace aside)."""
    target = squeeze(text)
    page_text = re.sub(r"[^\S\n]+", "", "\n".join(pdf_pages(pdf)))
    match = re.search("\n*".join(map(re.escape, target)), page_text)
    assert match, f"the text is not in {pdf.name}"
    breaks, offset = [], 0
    for char in match.group(0):
        if char == "\n":
            breaks.append(offset)
        else:
            offset += 1
    return breaks


def word_boundaries(text: str) -> set[int]:
    """Offsets in `text` where a line may break: between the words of a newmm segmentation,
    and between the parts of a compound newmm keeps whole when each part is a dictionary word
    itself (ข้ามชาติ, "transnational", may break as ข้าม|ชาติ, as libthai does; ข้ามชา|ติ may not)."""
    from pythainlp.corpus import thai_words

    dictionary = thai_words()

    def words(piece: str) -> bool:
        return piece in dictionary or all(
            w in dictionary for w in word_tokenize(piece, engine="newmm", keep_whitespace=False)
        )

    boundaries, offset = {0}, 0
    for word in word_tokenize(text, engine="newmm", keep_whitespace=False):
        boundaries |= {
            offset + i for i in range(1, len(word)) if words(word[:i]) and words(word[i:])
        }
        offset += len(word)
        boundaries.add(offset)
    return boundaries


def test_a_commitment_too_long_to_say_is_cited_not_recited(special_pack: Pack) -> None:
    """The talking points say less of a 400-character commitment: a short point that cites
    its annex number; the annex holds the text."""
    talking = squeeze(special_pack.pdf_text(TALKING_POINTS))
    assert squeeze(LONG_THAI) not in talking
    assert squeeze(LONG_THAI) in squeeze(special_pack.pdf_text(ANNEX))
    number = next(a.number for a in annex_items(special_pack) if a.text == LONG_THAI)
    points = items(docx_blocks(special_pack.docx(TALKING_POINTS)))
    assert any(number in cited(p, special_pack) for p in points)


@pytest.mark.parametrize("document", [ANNEX])
def test_thai_lines_break_between_words(special_pack: Pack, document: str) -> None:
    assert " " not in LONG_THAI and len(LONG_THAI) > 400
    boundaries = word_boundaries(LONG_THAI)
    assert len(boundaries) < len(LONG_THAI) / 2  # most places are inside a word
    breaks = line_breaks_within(LONG_THAI, special_pack.pdf(document))
    assert len(breaks) >= 4, breaks  # the paragraph runs over several lines
    inside = [
        f"…{LONG_THAI[b - 10 : b]}|{LONG_THAI[b : b + 10]}…" for b in breaks if b not in boundaries
    ]
    assert not inside, f"lines break inside words: {inside}"
    # Breaking after a fixed number of characters, as a per-character breaker does, would
    # have been caught: the same line lengths, cut anywhere, land inside words.
    width = len(LONG_THAI) // (len(breaks) + 1)
    naive = list(range(width, len(LONG_THAI), width))
    assert any(b not in boundaries for b in naive)


def test_thai_table_headers_break_between_words(pack: Pack, special_pack: Pack) -> None:
    """Narrow columns too: a header label wraps between words, never inside one ("ลำดับ")."""
    checked = 0
    for made in (pack, special_pack):
        for document in DOCUMENTS:
            page_text = re.sub(r"[^\S\n]+", "", "\n".join(pdf_pages(made.pdf(document))))
            for header in docx_header_rows(made.docx(document)):
                cells = [squeeze(cell) for cell in header.split("\n")]
                allowed, start = set(), 0
                for cell in cells:
                    allowed |= {start + b for b in word_boundaries(cell)}
                    start += len(cell)
                joined = "".join(cells)
                found = list(re.finditer("\n*".join(map(re.escape, joined)), page_text))
                assert found, f"{document}: header {cells} not in the PDF"
                for match in found:
                    breaks, offset = [], 0
                    for char in match.group(0):
                        if char == "\n":
                            breaks.append(offset)
                        else:
                            offset += 1
                    inside = [f"{joined[:b]}|{joined[b:]}" for b in breaks if b not in allowed]
                    assert not inside, f"{made.ministry} {document}: {inside}"
                    checked += 1
    assert checked >= 6


# -- Thai runs in the DOCX ----------------------------------------------------------------------


def thai_runs(path: Path) -> Iterator[tuple[str, etree._Element, etree._Element]]:
    """(part, paragraph, run) for every run holding Thai, in body, headers and footers."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = [
            n
            for n in archive.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)
        ]
    for part in parts:
        for paragraph in docx_part(path, part).iter(f"{W}p"):
            for run in paragraph.iter(f"{W}r"):
                if THAI.search("".join(t.text or "" for t in run.iter(f"{W}t"))):
                    yield part, paragraph, run


@pytest.mark.parametrize("document", DOCUMENTS)
def test_thai_runs_carry_complex_script_font_size_and_language(
    pack: Pack, special_pack: Pack, document: str
) -> None:
    for made in (pack, special_pack):
        profile = load_profile(made.ministry, made.data)
        fonts = profile.fonts_docx
        runs = list(thai_runs(made.docx(document)))
        assert len(runs) > 10
        normal_sizes = Counter()
        for part, paragraph, run in runs:
            rpr = run.find(f"{W}rPr")
            where = f"{part}: {paragraph_text(paragraph)[:40]!r}"
            assert rpr is not None, where
            rfonts, size, lang = rpr.find(f"{W}rFonts"), rpr.find(f"{W}szCs"), rpr.find(f"{W}lang")
            assert rfonts is not None and rfonts.get(f"{W}cs") == fonts.complex, where
            assert size is not None and int(size.get(f"{W}val")) > 0, where
            assert lang is not None and lang.get(f"{W}bidi") == "th-TH", where
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            in_table = any(a.tag == f"{W}tc" for a in paragraph.iterancestors())
            if style is None and not in_table and part == "word/document.xml":
                normal_sizes[int(size.get(f"{W}val"))] += 1
        # Body text in "Normal": the profile's Thai size, in half points.
        assert set(normal_sizes) == {round(fonts.complex_size_pt * 2)}, normal_sizes
        styles = docx_part(made.docx(document), "word/styles.xml")
        normal = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
        assert normal.find(f"{W}rPr/{W}rFonts").get(f"{W}cs") == fonts.complex
        assert normal.find(f"{W}rPr/{W}szCs").get(f"{W}val") == str(
            round(fonts.complex_size_pt * 2)
        )
        assert normal.find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "th-TH"


# -- fallback to English --------------------------------------------------------------------------


def test_text_without_thai_falls_back_to_english_with_a_warning(special_pack: Pack) -> None:
    warnings = [line for line in special_pack.result.stderr.splitlines() if EXTRA_FILE in line]
    assert warnings == [
        f"warning: {EXTRA_FILE}:17:11: commitments[1].text: no Thai text; shown in English"
    ]
    assert squeeze(ENGLISH_ONLY) in squeeze(special_pack.pdf_text(ANNEX))
    assert ENGLISH_ONLY in special_pack.docx_text(ANNEX)
    # A Thai sentence is not made around English words: the point cites the commitment.
    talking = squeeze(special_pack.pdf_text(TALKING_POINTS))
    assert squeeze(ENGLISH_ONLY[1:]) not in talking
    number = next(a.number for a in annex_items(special_pack) if a.text == ENGLISH_ONLY)
    points = items(docx_blocks(special_pack.docx(TALKING_POINTS)))
    assert any(number in cited(p, special_pack) for p in points)


def test_seed_records_fall_back_only_for_foreign_names(pack: Pack) -> None:
    """The seeds have Thai for every text but the names of foreign participants, which are
    written in Latin script: each of those is named, at its place, and nothing else."""
    fallbacks = [line for line in pack.result.stderr.splitlines() if "no Thai text" in line]
    assert fallbacks
    for line in fallbacks:
        assert re.fullmatch(
            r"warning: \S+/meetings/\S+\.yaml:\d+:\d+: participants\[\d+\]\.name: "
            r"no Thai text; shown in English",
            line,
        ), line


# -- catalogues -----------------------------------------------------------------------------------


def extracted_messages() -> dict[str | tuple[str, ...], list[str]]:
    """Every message the templates and the code mark for translation."""
    method_map = [("briefgen/**.py", "python"), ("templates/**.j2", "jinja2")]
    options = {"templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, line, message, _, _ in extract_from_dir(
        str(ROOT), method_map=method_map, options_map=options, keywords={"_": None, "n_": (1, 2)}
    ):
        found.setdefault(message, []).append(f"{filename}:{line}")
    return found


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{\w*\}|%\(\w+\)s", text))


def test_every_label_has_a_translation_in_every_catalogue() -> None:
    messages = extracted_messages()
    assert len(messages) > 40
    assert "Talking points" in messages and "Press {party} to {action}" in messages
    catalogues = sorted(LOCALES.glob("*/LC_MESSAGES/*.po"))
    assert catalogues
    for path in catalogues:
        with path.open("rb") as handle:
            catalog = read_po(handle)
        problems = []
        for message, places in messages.items():
            key = message[0] if isinstance(message, tuple) else message
            entry = catalog.get(key)
            if entry is None:
                problems.append(f"missing {message!r} ({places[0]})")
                continue
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            if entry.fuzzy or not all(s and s.strip() for s in strings):
                problems.append(f"untranslated {message!r} ({places[0]})")
                continue
            ids = message if isinstance(message, tuple) else (message,)
            for string in strings:
                if placeholders(string) != placeholders(ids[0]):
                    problems.append(f"placeholders of {message!r} differ: {string!r}")
        assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


# -- DOCX sizes matched to the PDF by measurement --------------------------------------------

# Sarabun's advance widths / TH Sarabun New's, at the same size, measured with fontTools over
# Thai and Latin text (README, "Thai typography").
WIDTH_RATIO = {
    "Sarabun": {"thai": 1.0, "latin": 1.0},
    "TH Sarabun New": {"thai": 1.51, "latin": 1.44},
}
TOLERANCE_PT = 0.6


@pytest.mark.parametrize("ministry", ["default", "mfa", "mod"])
def test_docx_font_sizes_match_the_pdf_by_measured_width(ministry: str) -> None:
    profile = load_profile(ministry, SEEDS)
    pdf_size = profile.fonts_pdf.size_pt
    assert profile.fonts_pdf.family == "Sarabun"
    fonts = profile.fonts_docx
    latin = pdf_size * WIDTH_RATIO[fonts.latin]["latin"]
    thai = pdf_size * WIDTH_RATIO[fonts.complex]["thai"]
    assert abs(fonts.size_pt - latin) <= TOLERANCE_PT, (
        f"{ministry}: Latin {fonts.latin} {fonts.size_pt} pt; {latin:.2f} pt matches "
        f"Sarabun {pdf_size} pt"
    )
    assert abs(fonts.complex_size_pt - thai) <= TOLERANCE_PT, (
        f"{ministry}: Thai {fonts.complex} {fonts.complex_size_pt} pt; {thai:.2f} pt matches "
        f"Sarabun {pdf_size} pt"
    )


def th_sarabun_new() -> Path | None:
    """TH Sarabun New's font file, if this machine has it (not a look-alike: Laksaman, TLWG's
    other Sarabun-like face, is drawn at Sarabun's scale and would measure ~1.0)."""
    given = os.environ.get("BRIEFGEN_TH_SARABUN_NEW")
    if given:
        return Path(given)
    if shutil.which("fc-list"):
        listing = subprocess.run(
            ["fc-list", ":family=TH Sarabun New:style=Regular", "file"],
            capture_output=True,
            text=True,
        ).stdout
        for line in listing.splitlines():
            return Path(line.rstrip(": \n"))
    return None


def test_width_ratios_measured_from_th_sarabun_new() -> None:
    path = th_sarabun_new()
    if path is None or not path.is_file():
        pytest.skip("TH Sarabun New is not installed; set BRIEFGEN_TH_SARABUN_NEW to its file")
    from briefgen.render.page import sarabun_dir

    sarabun = TTFont(sarabun_dir() / "Sarabun-Regular.ttf")
    thsarabun = TTFont(path)
    texts = "\n".join(p.read_text(encoding="utf-8") for p in (SEEDS / "meetings").glob("*.yaml"))
    samples = {
        "thai": "".join(re.findall("[\u0e01-\u0e5b]", texts)),
        "latin": "".join(re.findall("[A-Za-z]", texts)),
    }

    def width(font: TTFont, text: str) -> float:
        cmap, metrics = font.getBestCmap(), font["hmtx"]
        return sum(metrics[cmap[ord(c)]][0] for c in text) / font["head"].unitsPerEm

    for script, sample in samples.items():
        ratio = width(sarabun, sample) / width(thsarabun, sample)
        assert ratio == pytest.approx(WIDTH_RATIO["TH Sarabun New"][script], abs=0.03), script
