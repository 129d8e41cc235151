"""The page and its furniture: size and margins, core properties, the marking, draft mark,
page label and footer in every header and footer, and the letterhead."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from briefgen.render.word.inline import WS, Fmt
from briefgen.render.word.ooxml import (
    add_field,
    borders,
    child,
    clean_text,
    mm_twips,
    remove_children,
    set_on,
)
from briefgen.render.word.runs import Runs, set_fonts
from briefgen.render.word.styles import find_style

# Paragraph styles of the headings pack.css colours with the accent (h1, h2).
ACCENT_STYLES = ("Title", "Heading 1")
# The letterhead's rule in pack.css: 1.2 pt in the accent colour.
LETTERHEAD_RULE_PT = 1.2
LOGO_GAP_MM = 3.0  # pack.css: .letterhead { gap: 3mm }
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
    """Marking and draft mark atop every header; below every footer one line laid out as the
    PDF's bottom margin: footer text at the left, marking in the centre, page label at the
    right. The reference's own header and footer content stays between."""
    marking, draft = meta.get("briefgen:marking"), meta.get("briefgen:draft")
    label, footer = meta.get("briefgen:page-label"), meta.get("briefgen:footer")
    for part in header_footer_parts(doc, "header"):
        marks = ((marking, settings.marking_color), (draft, "8C8C8C"))
        new = [_mark(part, text, color, runs) for text, color in marks if text]
        for position, para in enumerate(new):
            part._element.insert(position, para._p)
        if not part.paragraphs and not part.tables:
            part.add_paragraph()
    width = settings.page_width_mm - settings.margin_left_mm - settings.margin_right_mm
    for part in header_footer_parts(doc, "footer"):
        if footer or label or marking:
            para = _small(part, width)
            if footer:
                runs.format(para.add_run(WS.sub(" ", footer).strip(" ")), Fmt(), "Small")
            para.add_run().add_tab()
            if marking:
                _marking_run(para, marking, settings.marking_color, runs)
            para.add_run().add_tab()
            if label:
                _page_label(para, label, settings.thai_digits, runs)
        if not part.paragraphs and not part.tables:
            part.add_paragraph()


def _small(part: Any, width_mm: float) -> Any:
    """A "Small" paragraph with a centre tab stop mid-line and a right one at its end."""
    para = part.add_paragraph(style="Small")
    para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(0)
    stops = para.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(width_mm / 2), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT)
    return para


def _mark(part: Any, text: str, color: str, runs: Runs) -> Any:
    para = part.add_paragraph(style="Marking")
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _marking_run(para, text, color, runs, style="Marking")
    return para


def _marking_run(para: Any, text: str, color: str, runs: Runs, style: str = "Small") -> None:
    """The marking, bold in its colour, at the "Marking" style's size in any paragraph."""
    run = para.add_run(WS.sub(" ", text).strip(" "))
    run.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
    if style != "Marking":
        run.font.size = Pt(runs.size("Marking"))
    runs.format(run, Fmt(bold=True), "Marking")  # its Thai size too


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


def _logo_beside_text(logo: Any, text: Any, *, text_pt: float) -> bool:
    """Move the pictures of `logo` (a paragraph of pictures only) to the start of `text`,
    followed by a tab to LOGO_GAP_MM past them; raise the text to the pictures' middle. False
    (and nothing moved) if `logo` holds text or no picture."""
    extents = logo.xpath(".//wp:inline/wp:extent")
    if not extents or "".join(logo.itertext()).strip():
        return False
    height_pt = max(int(e.get("cy")) for e in extents) / 12700
    width_mm = sum(int(e.get("cx")) for e in extents) / 36000
    runs = logo.findall(qn("w:r"))
    anchor = text.find(qn("w:pPr"))
    for run in reversed(runs):
        if anchor is None:
            text.insert(0, run)
        else:
            anchor.addnext(run)
    tab = runs[-1].makeelement(qn("w:r"), {})
    child(tab, "tab")
    runs[-1].addnext(tab)
    raise_by = str(max(0, round(height_pt - text_pt * 1.2)))  # half-points: half the gap x 2
    for run in text.findall(qn("w:r")):
        if run not in runs and run.find(qn("w:t")) is not None:
            child(run.get_or_add_rPr(), "position", val=raise_by)
    ppr = text.get_or_add_pPr()
    child(child(ppr, "tabs"), "tab", val="left", pos=mm_twips(width_mm + LOGO_GAP_MM))
    remove_children(ppr, "spacing")  # a picture's line grows with it: no exact spacing
    child(ppr, "spacing", line="240", lineRule="auto")
    logo.getparent().remove(logo)
    return True


def letterhead_to_top(
    body: Any,
    start: int,
    spacing_mm: tuple[float, float] = (0, 0),
    rule: tuple[str, float] = PLAIN_RULE,
    beside: float | None = None,
    text_color: str | None = None,
) -> None:
    """Move the blocks written since body child `start` to the top of the body, ruled below: a
    letterhead. `spacing_mm`: from the text to the rule, and after the rule. Centred; or, with
    `beside` (the text's size in points), a logo alone in the first paragraph goes at the
    start of the next, its text centred on the logo's height, as the PDF's flex row draws it.
    With `text_color`, the text is bold in that colour (pack.css's .letterhead .ministry)."""
    new = [e for e in list(body)[start:] if e.tag != qn("w:sectPr")]
    for run in (r for e in new for r in e.iter(qn("w:r")) if r.find(qn("w:t")) is not None):
        if text_color:
            rpr = run.get_or_add_rPr()
            set_on(rpr, "b", "bCs")
            child(rpr, "color", val=text_color.lstrip("#").upper())
    paragraphs = [e for e in new if e.tag == qn("w:p")]
    if beside and len(paragraphs) > 1 and _logo_beside_text(*paragraphs[:2], text_pt=beside):
        new.remove(paragraphs[0])
        paragraphs.pop(0)
    for p in paragraphs:
        child(p.get_or_add_pPr(), "jc", val="left" if beside else "center")
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
