"""The reference document: a .docx holding every style the writer needs, that a ministry
edits in Word."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from briefgen.render.word.ooxml import borders, child, mm_twips, remove_children, set_on, shade
from briefgen.render.word.options import HEADING_EM, LISTS, PDF_LAYOUT, TABLE_STYLE, WORD_HEADING_EM
from briefgen.render.word.runs import set_fonts
from briefgen.render.word.spacing import Layout, apply_layout
from briefgen.render.word.styles import C, P, T, styles_of, trim_reference
from briefgen.render.word.tables import mark_row

MARKING_PT = 10.0  # pack.css: the marking in the page margins, 10 pt bold #c00000
MARKING_COLOR = "C00000"
LIST_INDENT_MM = 5.0  # pack.css: ul, ol { padding-left: 5mm }


def build_reference_docx(
    path: Path,
    *,
    latin_font: str,
    complex_font: str,
    size_pt: float,
    heading_color: str,
    complex_size_pt: float | None = None,
    line_pitch_pt: float | None = None,
) -> None:
    """Write a reference .docx holding every style html_to_docx needs, with sample content.

    Built on python-docx's default template, with explicit fonts (no theme fonts) and every
    style in REQUIRED_STYLES plus "Overdue". With `line_pitch_pt` (the PDF's body size x
    line-height) the styles follow the PDF: headings sized as in pack.css (HEADING_EM), and
    the exact line spacing and paragraph spacing html_to_docx sets (PDF_LAYOUT); without it,
    Word-like sizes and spacing. Thai text is `complex_size_pt` (default: `size_pt`). A
    ministry then edits its copy in Word; scripts/reference_docx.py rebuilds the built-in ones.
    """
    write_reference(
        path,
        latin_font=latin_font,
        complex_font=complex_font,
        size_pt=size_pt,
        complex_size_pt=complex_size_pt or size_pt,
        heading_color=heading_color,
        heading_em=HEADING_EM if line_pitch_pt else WORD_HEADING_EM,
        table_style=TABLE_STYLE,
        list_styles=LISTS.values(),
        layout=PDF_LAYOUT,
        line_pitch_pt=line_pitch_pt,
    )


def write_reference(
    path: Path,
    *,
    latin_font: str,
    complex_font: str,
    size_pt: float,
    complex_size_pt: float,
    heading_color: str,
    heading_em: Mapping[str, float],
    table_style: str,
    list_styles: Iterable[str],
    layout: Layout | None,
    line_pitch_pt: float | None,
) -> None:
    """See build_reference_docx."""
    doc = Document()
    styles, color, lists = doc.styles, heading_color.lstrip("#").upper(), list(list_styles)
    for fonts in styles.element.iter(qn("w:rFonts")):
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{theme}"), None)
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = child(child(defaults, "rPrDefault"), "rPr")
    child(rpr, "sz", val=str(round(size_pt * 2)))
    set_fonts(
        rpr,
        latin=latin_font,
        complex_font=complex_font,
        complex_half_points=round(complex_size_pt * 2),
        lang="en-US",
        bidi_lang="th-TH",
    )
    # Not the template's 10 pt after and 1.15 lines: every style used sets its own spacing.
    ppr = child(child(defaults, "pPrDefault"), "pPr")
    remove_children(ppr, "spacing")
    child(ppr, "spacing", before="0", after="0", line="240", lineRule="auto")
    heading = {"bold": True, "color": color}
    em = {name: size_pt * scale for name, scale in heading_em.items()}
    specs: list[tuple[str, WD_STYLE_TYPE, dict[str, Any]]] = [
        ("Normal", P, {"size": size_pt, "after": 4}),
        ("Title", P, {"size": em["Title"], "after": 6, **heading}),
        ("Heading 1", P, {"size": em["Heading 1"], "before": 10, "after": 3, **heading}),
        ("Heading 2", P, {"size": em["Heading 2"], "before": 6, "after": 2, "bold": True}),
        *((name, P, {"after": 2}) for name in lists),
        ("Marking", P, {"size": MARKING_PT, "bold": True, "color": MARKING_COLOR, "after": 0}),
        ("Small", P, {"size": max(size_pt - 2, 7), "color": "555555", "after": 0}),
        ("Overdue", C, {"bold": True, "color": "B00000"}),
        (table_style, T, {"size": round(size_pt * 0.86 * 2) / 2, "after": 0}),
    ]
    for name, kind, spec in specs:
        _reference_style(doc, name, kind, complex_ratio=complex_size_pt / size_pt, **spec)
    styles["Marking"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = styles[table_style].element
    tblpr = child(table, "tblPr")
    borders(tblpr, "tblBorders", ["top", "left", "bottom", "right", "insideH", "insideV"], "B7C0CC")
    margins = child(tblpr, "tblCellMar")
    for side, twips in (("top", 30), ("left", 85), ("bottom", 30), ("right", 85)):
        child(margins, side, w=str(twips), type="dxa")
    if layout is not None and line_pitch_pt:
        apply_layout(doc, layout, line_pitch_pt=line_pitch_pt, body_pt=size_pt)
    header = child(table, "tblStylePr", type="firstRow")
    set_on(child(header, "rPr"), "b", "bCs")
    shade(child(header, "tcPr"), "E8EDF3")
    heading_rule(doc)
    bullets_in(doc, latin_font)
    # Sample content, so that a ministry editing the file in Word sees every style at work.
    for name in ("Title", "Heading 1", "Heading 2", *lists, "Normal", "Small"):
        doc.add_paragraph(f"{name}: ตัวอย่างข้อความ sample text", style=name)
    sample = doc.add_table(2, 2, style=table_style)
    for cell, text in zip(sample._cells, ("Header", "หัวตาราง", "Cell", "เซลล์"), strict=True):
        cell.text = text
    mark_row(sample.rows[0]._tr, header=True)
    doc.add_paragraph("Marking: SECRET / ลับมาก", style="Marking")
    trim_reference(doc, [name for name, _, _ in specs])
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            doc.save(out)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def heading_rule(doc: Any) -> None:
    """Heading 1 ruled below as pack.css rules h2: 0.5 pt, #c9d2de, 0.3 mm under the text."""
    ppr = styles_of(doc).element("Heading 1").get_or_add_pPr()
    remove_children(ppr, "pBdr")
    borders(ppr, "pBdr", ["bottom"], "C9D2DE", 4)
    child(ppr, "pBdr").find(qn("w:bottom")).set(qn("w:space"), "1")


def bullets_in(doc: Any, font: str) -> None:
    """Bullets drawn as "•" in the document's Latin font (embedded with it), not as Symbol's
    private-use glyph, which a machine without Symbol draws as a box; indented 5 mm, as
    pack.css indents lists."""
    numbering = doc.part.numbering_part.element
    depth = {"ListBullet": 1, "ListNumber": 1, "ListBullet2": 2, "ListNumber2": 2}
    for level in numbering.iter(qn("w:lvl")):
        linked = level.find(qn("w:pStyle"))
        nested = depth.get(linked.get(qn("w:val")) if linked is not None else "")
        if nested:
            indent = mm_twips(LIST_INDENT_MM * nested)
            ppr = child(level, "pPr")
            remove_children(ppr, "tabs", "ind")
            child(child(ppr, "tabs"), "tab", val="num", pos=indent)
            child(ppr, "ind", left=indent, hanging=mm_twips(LIST_INDENT_MM))
        fmt = level.find(qn("w:numFmt"))
        if fmt is None or fmt.get(qn("w:val")) != "bullet":
            continue
        child(level, "lvlText", val="\u2022")
        rpr = level.find(qn("w:rPr"))
        if rpr is None:
            rpr = child(level, "rPr")
        remove_children(rpr, "rFonts")
        child(rpr, "rFonts", ascii=font, hAnsi=font, cs=font)


def _reference_style(
    doc: Any,
    name: str,
    kind: WD_STYLE_TYPE,
    *,
    size: float | None = None,
    bold: bool = False,
    color: str | None = None,
    before: float | None = None,
    after: float | None = None,
    complex_ratio: float = 1.0,
) -> None:
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, kind)
        base = {T: "Normal Table", C: "Default Paragraph Font"}.get(kind, "Normal")
        style.base_style = doc.styles[base]
        style.quick_style = True
    element = style.element
    remove_children(element, "rPr")
    if element.pPr is not None:
        remove_children(element.pPr, "pBdr", "spacing", "contextualSpacing")
    rpr = element.get_or_add_rPr()
    if size:
        child(rpr, "sz", val=str(round(size * 2)))
        child(rpr, "szCs", val=str(round(size * complex_ratio * 2)))
    if bold:
        set_on(rpr, "b", "bCs")
    if color:
        child(rpr, "color", val=color)
    if kind != C:
        fmt = style.paragraph_format
        fmt.space_before = Pt(before) if before is not None else None
        fmt.space_after = Pt(after) if after is not None else None
        if name.startswith(("Heading", "Title")):
            fmt.keep_with_next = True
