"""The page and its furniture: size and margins, core properties, the marking, draft mark,
page label and footer in every header and footer, and the letterhead."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from briefgen.render.word.inline import WS, Fmt
from briefgen.render.word.ooxml import add_field, borders, child, clean_text, mm_twips
from briefgen.render.word.runs import Runs, set_fonts
from briefgen.render.word.styles import find_style

# Paragraph styles of the headings pack.css colours with the accent (h1, h2).
ACCENT_STYLES = ("Title", "Heading 1")
# The letterhead's rule in pack.css: 1.2 pt in the accent colour.
LETTERHEAD_RULE_PT = 1.2
PLAIN_RULE = ("808080", 0.75)  # without an accent colour


def clear_body(doc: Any) -> None:
    """Drop the reference document's content, keeping its final section properties."""
    body = doc.element.body
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)


def setup_page(doc: Any, settings: Any, lang: str) -> None:
    """Page size, orientation and margins on every section (a page wider than high is marked
    landscape, as Word's page setup and printers read it); the profile's fonts and sizes on
    "Normal"; the profile's accent colour on the headings the PDF draws in it."""
    s = settings
    landscape = s.page_width_mm > s.page_height_mm
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(s.page_width_mm), Mm(s.page_height_mm)
        section.top_margin, section.bottom_margin = Mm(s.margin_top_mm), Mm(s.margin_bottom_mm)
        section.left_margin, section.right_margin = Mm(s.margin_left_mm), Mm(s.margin_right_mm)
        section.header_distance = Mm(min(12.5, s.margin_top_mm / 2))
        section.footer_distance = Mm(min(12.5, s.margin_bottom_mm / 2))
    if s.accent_color:
        for name in ACCENT_STYLES:
            find_style(doc, name).font.color.rgb = RGBColor.from_string(
                s.accent_color.lstrip("#").upper()
            )
    normal = find_style(doc, "Normal")
    normal.font.size = Pt(s.font_size_pt)
    # w:val is the language of Latin text (Thai there makes LibreOffice break English words
    # apart); w:bidi that of complex-script text.
    latin = "en-US" if lang.lower() in ("th", "th-th", "en", "") else lang
    set_fonts(
        normal.element.get_or_add_rPr(),
        latin=s.latin_font,
        complex_font=s.complex_font,
        complex_half_points=round(s.complex_size_pt * 2),
        lang=latin,
        bidi_lang="th-TH",
    )


def set_core_properties(doc: Any, root: Any, lang: str) -> None:
    """Title, author, subject, keywords, language and dates from the HTML head."""
    meta = {
        m.get("name", "").lower(): clean_text(m.get("content", ""))
        for m in root.iter("meta")
        if m.get("name")
    }
    props = doc.core_properties
    title = root.find(".//title")
    props.title = (
        "" if title is None else clean_text(WS.sub(" ", title.text_content()).strip(" "))[:255]
    )
    authors = [
        clean_text(m.get("content", ""))
        for m in root.iter("meta")
        if m.get("name", "").lower() == "author"
    ]
    props.author = props.last_modified_by = "; ".join(authors)[:255]
    props.subject = meta.get("description", "")[:255]
    props.keywords = meta.get("keywords", "")[:255]
    props.language, props.comments, props.category, props.revision = lang[:255], "", "", 1
    try:
        created = datetime.fromisoformat(meta["dcterms.created"])
    except (KeyError, ValueError):
        created = datetime.now(UTC).replace(microsecond=0)
    if created.tzinfo is not None:  # python-docx writes the wall time as UTC
        created = created.astimezone(UTC).replace(tzinfo=None)
    props.created = props.modified = created


def header_footer_parts(doc: Any, kind: str) -> list[Any]:
    """Every header (kind "header") or footer of the document that is not inherited, emptied
    of blank paragraphs: default, first-page and even-page ones where the document has them."""
    parts = []
    odd_even = doc.settings.odd_and_even_pages_header_footer
    for index, section in enumerate(doc.sections):
        candidates = [getattr(section, kind)]
        if section.different_first_page_header_footer:
            candidates.append(getattr(section, f"first_page_{kind}"))
        if odd_even:
            candidates.append(getattr(section, f"even_page_{kind}"))
        for part in candidates:
            if index and part.is_linked_to_previous:
                continue
            part.is_linked_to_previous = False
            for para in part.paragraphs:
                keep = ".//w:drawing|.//w:pict|.//w:fldChar|.//w:fldSimple"
                if not para.text.strip() and not para._p.xpath(keep):
                    para._p.getparent().remove(para._p)
            parts.append(part)
    return parts


def write_furniture(doc: Any, meta: dict[str, str], settings: Any, runs: Runs) -> None:
    """Marking and draft mark atop every header; footer text, page label and marking below
    every footer. The reference's own header and footer content stays between."""
    marking, draft = meta.get("briefgen:marking"), meta.get("briefgen:draft")
    label, footer = meta.get("briefgen:page-label"), meta.get("briefgen:footer")
    for part in header_footer_parts(doc, "header"):
        marks = ((marking, settings.marking_color), (draft, "8C8C8C"))
        new = [_mark(part, text, color, runs) for text, color in marks if text]
        for position, para in enumerate(new):
            part._element.insert(position, para._p)
        if not part.paragraphs and not part.tables:
            part.add_paragraph()
    for part in header_footer_parts(doc, "footer"):
        if footer:
            runs.format(_small(part).add_run(WS.sub(" ", footer).strip(" ")), Fmt(), "Small")
        if label:
            _page_label(_small(part), label, settings.thai_digits, runs)
        if marking:
            _mark(part, marking, settings.marking_color, runs)
        if not part.paragraphs and not part.tables:
            part.add_paragraph()


def _small(part: Any) -> Any:
    para = part.add_paragraph(style="Small")
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(0)
    return para


def _mark(part: Any, text: str, color: str, runs: Runs) -> Any:
    para = part.add_paragraph(style="Marking")
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(WS.sub(" ", text).strip(" "))
    run.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
    runs.format(run, Fmt(bold=True), "Marking")
    return para


def _page_label(para: Any, pattern: str, thai_digits: bool, runs: Runs) -> None:
    """ "Page {page} of {pages}" with PAGE and NUMPAGES fields for the numbers."""
    switch = r" \* ThaiArabic" if thai_digits else ""
    shown = "๑" if thai_digits else "1"
    for piece in re.split(r"(\{pages?\})", pattern):
        if piece in ("{page}", "{pages}"):
            field_runs = [para.add_run() for _ in range(5)]
            for run in field_runs:
                runs.format(run, Fmt(), "Small", text=shown)
            field = "PAGE" if piece == "{page}" else "NUMPAGES"
            add_field([r._r for r in field_runs], field + switch, shown)
        elif piece:
            runs.format(para.add_run(piece), Fmt(), "Small")


def letterhead_to_top(
    body: Any,
    start: int,
    spacing_mm: tuple[float, float] = (0, 0),
    rule: tuple[str, float] = PLAIN_RULE,
) -> None:
    """Move the blocks written since body child `start` to the top of the body, centred and
    ruled below: a letterhead. `spacing_mm`: from the text to the rule, and after the rule."""
    new = [e for e in list(body)[start:] if e.tag != qn("w:sectPr")]
    paragraphs = [e for e in new if e.tag == qn("w:p")]
    for p in paragraphs:
        child(p.get_or_add_pPr(), "jc", val="center")
    if paragraphs:
        ppr = paragraphs[-1].get_or_add_pPr()
        color, width_pt = rule
        borders(ppr, "pBdr", ["bottom"], color.lstrip("#").upper(), round(width_pt * 8))
        to_rule, after = spacing_mm
        if to_rule:  # w:space is in points, at most 31
            child(ppr, "pBdr").find(qn("w:bottom")).set(
                qn("w:space"), str(min(31, round(to_rule * 72 / 25.4)))
            )
        if after:
            child(ppr, "spacing", after=mm_twips(after))
    for position, element in enumerate(new):
        body.insert(position, element)
