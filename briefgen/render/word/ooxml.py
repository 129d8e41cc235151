"""Helpers for the DOCX writer (briefgen.render.word.writer): low-level OOXML, text and units, the
document's page, properties and header/footer parts, and the reference .docx's styles.

python-docx has no API for complex-script fonts, fields, repeating table headers or list
restarts, so these write the WordprocessingML directly. Children are always inserted in the
order the schema prescribes: Word refuses files whose property elements are out of order.
"""

from __future__ import annotations

import functools
import io
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Inches, Length, Mm, Pt, RGBColor

from briefgen.errors import RenderError, StyleError, display_path
from briefgen.render.word.styles import find_style, styles_of, trim_reference

THAI_RE = re.compile("[\u0e00-\u0e7f]")

# XML 1.0 forbids C0 controls other than tab, newline and carriage return, lone surrogates
# and U+FFFE/U+FFFF. lxml (and so python-docx) refuses them; strip them before they get there.
ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

# Schema order of the children of the property elements written here (ECMA-376 part 1).
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]
TCPR_ORDER = [
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
]
TRPR_ORDER = [
    "cnfStyle",
    "divId",
    "gridBefore",
    "gridAfter",
    "wBefore",
    "wAfter",
    "cantSplit",
    "trHeight",
    "tblHeader",
    "tblCellSpacing",
    "jc",
    "hidden",
]
STYLE_ORDER = [
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
]
_ORDERS = {
    "rPr": RPR_ORDER,
    "pPr": PPR_ORDER,
    "tblPr": TBLPR_ORDER,
    "tcPr": TCPR_ORDER,
    "trPr": TRPR_ORDER,
    "style": STYLE_ORDER,
    "tblStylePr": ["pPr", "rPr", "tblPr", "trPr", "tcPr"],
    "rPrDefault": ["rPr"],
    "pPrDefault": ["pPr"],
    "numPr": ["ilvl", "numId"],
    "tblCellMar": ["top", "left", "start", "bottom", "right", "end"],
    "pBdr": ["top", "left", "bottom", "right", "between", "bar"],
    "tblBorders": ["top", "left", "bottom", "right", "insideH", "insideV"],
    "tcBorders": ["top", "left", "bottom", "right", "insideH", "insideV"],
}


def clean_text(text: str) -> str:
    """Text without the characters XML cannot hold."""
    return ILLEGAL_XML_RE.sub("", text)


def has_thai(text: str) -> bool:
    return THAI_RE.search(text) is not None


@functools.cache
def w_tag(name: str) -> str:
    """qn("w:name"), worked out once per name: runs and paragraphs ask for a few names often."""
    return qn(f"w:{name}")


@functools.cache
def _later_siblings(parent_tag: str, tag: str) -> frozenset[str]:
    """The qualified tags that come after `tag` in a `parent_tag` element (_ORDERS)."""
    order = _ORDERS.get(parent_tag.rsplit("}", 1)[-1], [])
    if tag not in order:
        return frozenset()
    return frozenset(w_tag(later) for later in order[order.index(tag) + 1 :])


def child(parent: Any, tag: str, **attrs: str) -> Any:
    """The `w:<tag>` child of parent, created in schema order if missing; sets `w:` attrs."""
    found = parent.find(w_tag(tag))
    if found is None:
        found = OxmlElement(f"w:{tag}")
        later = _later_siblings(parent.tag, tag)
        successor = next((el for el in parent if el.tag in later), None) if later else None
        if successor is None:
            parent.append(found)
        else:
            successor.addprevious(found)
    for name, value in attrs.items():
        found.set(w_tag(name), value)
    return found


def remove_children(parent: BaseOxmlElement, *tags: str) -> None:
    for tag in tags:
        for found in parent.findall(qn(f"w:{tag}")):
            parent.remove(found)


def set_fonts(
    rpr: BaseOxmlElement,
    *,
    latin: str | None = None,
    complex_font: str | None = None,
    complex_half_points: int | None = None,
    lang: str | None = None,
    bidi_lang: str | None = None,
) -> None:
    """Fonts, complex-script size and language tags on a `w:rPr`.

    Theme-font attributes are removed: Word prefers `w:asciiTheme` over `w:ascii`.
    """
    if latin or complex_font:
        fonts = child(rpr, "rFonts")
        for theme in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            fonts.attrib.pop(qn(f"w:{theme}"), None)
        if latin:
            child(rpr, "rFonts", ascii=latin, hAnsi=latin)
        if complex_font:
            child(rpr, "rFonts", cs=complex_font)
    if complex_half_points:
        child(rpr, "szCs", val=str(complex_half_points))
    if lang:
        child(rpr, "lang", val=lang)
    if bidi_lang:
        child(rpr, "lang", bidi=bidi_lang)


def set_on(rpr: BaseOxmlElement, *tags: str) -> None:
    """Switch on toggle properties such as `b` and `bCs`."""
    for tag in tags:
        child(rpr, tag).attrib.pop(qn("w:val"), None)


def add_field(run_elements: list[BaseOxmlElement], instruction: str, result: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end) in five runs.

    `run_elements` are five fresh `w:r` elements already in the paragraph, each carrying the
    run properties to use; this fills them.
    """
    begin, instr, separate, shown, end = run_elements
    child(begin, "fldChar", fldCharType="begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    instr.append(code)
    child(separate, "fldChar", fldCharType="separate")
    text = OxmlElement("w:t")
    text.text = result
    shown.append(text)
    child(end, "fldChar", fldCharType="end")


def mark_row(tr: Any, *, header: bool) -> None:
    """Never split this row across pages; a header row repeats on every page of the table."""
    trpr = tr.get_or_add_trPr()
    child(trpr, "cantSplit")
    if header:
        child(trpr, "tblHeader")


def shade(properties: BaseOxmlElement, fill: str) -> None:
    child(properties, "shd", val="clear", color="auto", fill=fill)


def borders(
    parent: BaseOxmlElement, tag: str, sides: Iterable[str], color: str, size_eighths: int = 4
) -> None:
    """`w:pBdr`/`w:tblBorders`/`w:tcBorders` with single lines on the given sides."""
    box = child(parent, tag)
    for side in sides:
        child(box, side, val="single", sz=str(size_eighths), space="0", color=color)


def fix_table_layout(tbl: BaseOxmlElement, widths_twips: list[int], first_row: bool) -> None:
    """Fixed layout with explicit grid and cell widths (Word reads tcW, LibreOffice gridCol)."""
    tblpr = tbl.tblPr
    child(tblpr, "tblW", w=str(sum(widths_twips)), type="dxa")
    child(tblpr, "tblLayout", type="fixed")
    look = child(
        tblpr,
        "tblLook",
        firstRow="1" if first_row else "0",
        firstColumn="0",
        lastRow="0",
        lastColumn="0",
        noHBand="1",
        noVBand="1",
    )
    look.attrib.pop(qn("w:val"), None)
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_twips, strict=False):
        col.set(qn("w:w"), str(width))
    for tr in tbl.tr_lst:
        col_index = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            width = sum(widths_twips[col_index : col_index + span])
            child(tc.get_or_add_tcPr(), "tcW", w=str(width), type="dxa")
            col_index += span


def restart_numbering(
    numbering: BaseOxmlElement, num_id: int, ilvl: int, start: int, thai_digits: bool = False
) -> int:
    """A new `w:num` on the same abstract list as `num_id`, restarting at `start`; with
    thai_digits, on a copy of that abstract list numbered ๑, ๒, ๓."""
    num = numbering.num_having_numId(num_id)
    abstract_id = num.abstractNumId.val
    if thai_digits:
        abstract_id = _thai_abstract(numbering, abstract_id)
    new = numbering.add_num(abstract_id)
    new.add_lvlOverride(ilvl).add_startOverride(start)
    return int(new.numId)


def _thai_abstract(numbering: BaseOxmlElement, abstract_id: int) -> int:
    """A copy of an abstract numbering whose decimal levels count in Thai digits."""
    abstracts = numbering.findall(qn("w:abstractNum"))
    source = next(a for a in abstracts if a.get(qn("w:abstractNumId")) == str(abstract_id))
    copy = deepcopy(source)
    new_id = max(int(a.get(qn("w:abstractNumId"))) for a in abstracts) + 1
    copy.set(qn("w:abstractNumId"), str(new_id))
    for nsid in copy.findall(qn("w:nsid")):
        copy.remove(nsid)
    for fmt in copy.iter(qn("w:numFmt")):
        if fmt.get(qn("w:val")) == "decimal":
            fmt.set(qn("w:val"), "thaiNumbers")
    abstracts[-1].addnext(copy)
    return new_id


def set_num(paragraph_element: BaseOxmlElement, num_id: int, ilvl: int) -> None:
    numpr = child(paragraph_element.get_or_add_pPr(), "numPr")
    child(numpr, "ilvl", val=str(ilvl))
    child(numpr, "numId", val=str(num_id))


# -- text and units ---------------------------------------------------------------------------

WS = re.compile(r"[ \t\n\r\f]+")
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|pt|in|px|%)?\s*$")


@dataclass(frozen=True)
class Fmt:
    """Character formatting inherited down the inline elements."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    vert: str = ""  # "sub" or "sup"
    char_style: str | None = None


@dataclass
class Tok:
    """A piece of inline content: "t" text, "br" line break or "img" picture."""

    kind: str
    text: str = ""
    fmt: Fmt = Fmt()
    el: Any = None


def has_content(tokens: list[Tok]) -> bool:
    return any(t.kind == "img" or (t.kind == "t" and t.text.strip(" \t\n\r\f")) for t in tokens)


def collapse(tokens: list[Tok]) -> list[Tok]:
    """Browser whitespace: runs of spaces become one, none at a line's start or end; adjacent
    text with the same formatting merges into one run."""
    out: list[Tok] = []
    at_line_start = True
    for tok in tokens:
        if tok.kind == "t":
            text = WS.sub(" ", tok.text)
            if at_line_start or (out and out[-1].kind == "t" and out[-1].text.endswith(" ")):
                text = text.lstrip(" ")
            if not text:
                continue
            at_line_start = False
            if out and out[-1].kind == "t" and out[-1].fmt == tok.fmt:
                out[-1] = Tok("t", out[-1].text + text, tok.fmt)
            else:
                out.append(Tok("t", text, tok.fmt))
        else:
            _trim_end(out)
            out.append(tok)
            at_line_start = tok.kind == "br"
    _trim_end(out)
    return out


def _trim_end(out: list[Tok]) -> None:
    while out and out[-1].kind == "t" and out[-1].text.endswith(" "):
        text = out[-1].text.rstrip(" ")
        if text:
            out[-1] = Tok("t", text, out[-1].fmt)
        else:
            out.pop()


def span(value: str | None, limit: int) -> int:
    """A colspan/rowspan/span attribute, between 1 and limit."""
    try:
        return max(1, min(int(value or 1), max(1, limit)))
    except ValueError:
        return 1


def length(spec: str, *, percent_of: Length | None) -> Length | None:
    """A CSS-like length ("40mm", "2cm", "12pt", "1in", "96px", "96", "30%") or None."""
    match = LENGTH.match(spec or "")
    if not match:
        return None
    number, unit = float(match[1]), match[2] or "px"
    if unit == "%":
        return Emu(int(percent_of * number / 100)) if percent_of else None
    units = {"mm": Mm, "cm": Cm, "pt": Pt, "in": Inches, "px": lambda v: Inches(v / 96)}
    return Length(int(units[unit](number))) if number > 0 else None


# -- document -------------------------------------------------------------------------------


def clear_body(doc: Any) -> None:
    """Drop the reference document's content, keeping its final section properties."""
    body = doc.element.body
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)


def setup_page(doc: Any, settings: Any, lang: str) -> None:
    """Page size and margins on every section; the profile's fonts and sizes on "Normal"."""
    s = settings
    for section in doc.sections:
        section.page_width, section.page_height = Mm(s.page_width_mm), Mm(s.page_height_mm)
        section.top_margin, section.bottom_margin = Mm(s.margin_top_mm), Mm(s.margin_bottom_mm)
        section.left_margin, section.right_margin = Mm(s.margin_left_mm), Mm(s.margin_right_mm)
        section.header_distance = Mm(min(12.5, s.margin_top_mm / 2))
        section.footer_distance = Mm(min(12.5, s.margin_bottom_mm / 2))
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


# -- the reference .docx --------------------------------------------------------------------

P, C, T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE


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
    """See briefgen.render.word.writer.build_reference_docx."""
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
        ("Heading 2", P, {"size": em["Heading 2"], "before": 6, "after": 2, **heading}),
        *((name, P, {"after": 2}) for name in lists),
        ("Marking", P, {"size": size_pt + 1, "bold": True, "color": "C00000", "after": 0}),
        ("Small", P, {"size": max(size_pt - 2, 7), "color": "595959", "after": 0}),
        ("Overdue", C, {"bold": True, "color": "C00000"}),
        (table_style, T, {"size": round(size_pt * 0.86 * 2) / 2, "after": 0}),
    ]
    for name, kind, spec in specs:
        _reference_style(doc, name, kind, complex_ratio=complex_size_pt / size_pt, **spec)
    styles["Marking"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = styles[table_style].element
    tblpr = child(table, "tblPr")
    borders(tblpr, "tblBorders", ["top", "left", "bottom", "right", "insideH", "insideV"], "8C8C8C")
    margins = child(tblpr, "tblCellMar")
    for side, twips in (("top", 30), ("left", 85), ("bottom", 30), ("right", 85)):
        child(margins, side, w=str(twips), type="dxa")
    if layout is not None and line_pitch_pt:
        apply_layout(doc, layout, line_pitch_pt=line_pitch_pt, body_pt=size_pt)
    header = child(table, "tblStylePr", type="firstRow")
    set_on(child(header, "rPr"), "b", "bCs")
    shade(child(header, "tcPr"), "DCE3EE")
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


# -- line and paragraph spacing that follow the PDF -------------------------------------------


@dataclass(frozen=True)
class Layout:
    """The spacing of the PDF's CSS, for the DOCX (see briefgen.render.word.writer.PDF_LAYOUT)."""

    table_style: str
    spacing_mm: Mapping[str, tuple[float, float]]  # paragraph style -> (before, after)
    list_end_mm: float = 0.0  # after the last item of a list
    table_after_mm: float = 0.0  # at least this much before a paragraph after a table
    cell_margins_mm: tuple[float, float, float, float] = (0, 0, 0, 0)  # top right bottom left
    letterhead_mm: tuple[float, float] = (0, 0)  # text to rule, rule to what follows


def mm_twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def style_size(doc: Any, name: str, default: float) -> float:
    """The Latin size of a style in points, following its base styles."""
    found = find_style(doc, name)
    while found is not None and found.font.size is None:
        found = found.base_style
    return found.font.size.pt if found is not None else default


def set_spacing(ppr: BaseOxmlElement, **attrs: str) -> None:
    """A fresh `w:spacing` on a `w:pPr` (no attribute left over from the old one)."""
    remove_children(ppr, "spacing")
    child(ppr, "spacing", **attrs)


def apply_layout(doc: Any, layout: Layout, *, line_pitch_pt: float, body_pt: float) -> None:
    """Exact line spacing and paragraph spacing on the styles of `layout`, as in the PDF.

    Each style's line pitch is `line_pitch_pt` (the body's: the PDF's size x line-height) x
    the style's size / `body_pt`. Word's "single" spacing would follow the font's own line
    metrics instead, and TH Sarabun New's make lines ~1.6x the PDF's. The table style gets
    its text's pitch (copied onto cell paragraphs, where "Normal"'s would win) and the cell
    margins of `layout`.
    """
    for name, (before, after) in layout.spacing_mm.items():
        found = find_style(doc, name)
        scale = style_size(doc, name, body_pt) / body_pt
        set_spacing(
            found.element.get_or_add_pPr(),
            before=mm_twips(before),
            after=mm_twips(after),
            line=str(round(line_pitch_pt * scale * 20)),
            lineRule="exact",
        )
    table = find_style(doc, layout.table_style)
    scale = style_size(doc, layout.table_style, body_pt) / body_pt
    set_spacing(
        table.element.get_or_add_pPr(),
        before="0",
        after="0",
        line=str(round(line_pitch_pt * scale * 20)),
        lineRule="exact",
    )
    margins = child(child(table.element, "tblPr"), "tblCellMar")
    for side, mm in zip(("top", "right", "bottom", "left"), layout.cell_margins_mm, strict=True):
        child(margins, side, w=mm_twips(mm), type="dxa")


def space_before(doc: Any, paragraph_element: BaseOxmlElement) -> int:
    """A paragraph's space before in twips: its own, else its style's (following bases)."""
    found = paragraph_element.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    if found is not None and found.get(qn("w:before")) is not None:
        return int(found.get(qn("w:before")))
    style_id = paragraph_element.xpath("string(./w:pPr/w:pStyle/@w:val)") or None
    style = doc.styles.get_by_id(style_id, P)
    while style is not None:
        if style.paragraph_format.space_before is not None:
            return int(style.paragraph_format.space_before.twips)
        style = style.base_style
    return 0


def space_after_tables(doc: Any, mm: float) -> None:
    """At least `mm` between a table of the body and the paragraph after it, as the table's
    bottom margin in the PDF (the two margins collapse into the larger one)."""
    twips = int(mm_twips(mm))
    for tbl in doc.element.body.iterchildren(qn("w:tbl")):
        after = tbl.getnext()
        if after is not None and after.tag == qn("w:p") and space_before(doc, after) < twips:
            child(after.get_or_add_pPr(), "spacing", before=str(twips))


def cell_spacing(doc: Any, table_style: str) -> dict[str, str]:
    """The `w:spacing` attributes of the table style's paragraphs, to set on cell paragraphs
    (where a paragraph style's spacing would beat the table style's, as in Word)."""
    ppr = styles_of(doc).element(table_style).pPr
    found = ppr.find(qn("w:spacing")) if ppr is not None else None
    if found is None:
        return {}
    return {name.rsplit("}", 1)[-1]: value for name, value in found.attrib.items()}


def has_picture(paragraph_element: BaseOxmlElement) -> bool:
    return bool(paragraph_element.xpath(".//w:drawing | .//w:pict"))


# -- runs, furniture, pictures, tables ------------------------------------------------------


class Runs:
    """Formats runs: bold/italic (with their complex-script twins), character style, sizes,
    and the Latin and Thai fonts and language of the profile."""

    def __init__(self, doc: Any, settings: Any, table_style: str) -> None:
        self.doc, self.s = doc, settings
        self.thai_doc = settings.lang.lower().startswith("th")
        self.ratio = settings.complex_size_pt / settings.font_size_pt
        self.sizes: dict[str, float] = {}
        size = styles_of(doc).element(table_style).find(f"{qn('w:rPr')}/{qn('w:sz')}")
        self.table_size = int(size.get(qn("w:val"))) / 2 if size is not None else None
        self.cell_size: float | None = None  # the table style's size, inside table cells

    def format(self, run: Any, fmt: Fmt, style: str, text: str | None = None) -> None:
        rpr = run._r.get_or_add_rPr()
        if fmt.char_style:
            run.style = fmt.char_style
        if fmt.bold:
            set_on(rpr, "b", "bCs")
        if fmt.italic:
            set_on(rpr, "i", "iCs")
        if fmt.underline:
            run.underline = True
        if fmt.vert:
            run.font.subscript, run.font.superscript = fmt.vert == "sub", fmt.vert == "sup"
        size = self.cell_size or self.size(style)
        if self.cell_size:  # as direct formatting: Word and LibreOffice disagree on whether
            run.font.size = Pt(size)  # a table style's size beats the paragraph style's
        thai = self.thai_doc or has_thai(run.text if text is None else text)
        set_fonts(
            rpr,
            latin=self.s.latin_font,
            complex_font=self.s.complex_font if thai else None,
            complex_half_points=round(size * self.ratio * 2) if thai else None,
            bidi_lang="th-TH" if thai else None,
        )

    def size(self, style: str) -> float:
        """The Latin size of a paragraph style, following its base styles."""
        if style not in self.sizes:
            self.sizes[style] = style_size(self.doc, style, self.s.font_size_pt)
        return self.sizes[style]


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


def add_picture(
    para: Any,
    path: Path | bytes,
    *,
    src: str,
    width: Any,
    height: Any,
    alt: str,
    max_width: Length,
) -> None:
    """An inline picture (a file, or the bytes of one), no wider than `max_width`; a format
    Word cannot hold is an error."""
    picture = io.BytesIO(path) if isinstance(path, bytes) else str(path)
    try:
        shape = para.add_run().add_picture(picture, width=width, height=height)
    except (UnrecognizedImageError, OSError, ValueError) as exc:
        raise RenderError(
            f"cannot place image {src} in the DOCX ({exc}); use a PNG or JPEG file"
        ) from exc
    if shape.width > max_width:
        shape.height = Emu(int(shape.height * max_width / shape.width))
        shape.width = max_width
    shape._inline.docPr.set("descr", clean_text(alt))
    # A picture's line grows with it: exact spacing (the text styles') would clip it.
    para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def restart_list(
    doc: Any, style: str, start: str | None, *, thai_digits: bool = False
) -> tuple[int, int] | None:
    """(numId, ilvl) of a fresh numbering for a list in `style`, from `start` (default 1);
    None if the style is not numbered."""
    ppr = styles_of(doc).element(style).pPr
    numpr = ppr.numPr if ppr is not None else None
    if numpr is None or numpr.numId is None:
        return None
    ilvl = numpr.ilvl.val if numpr.ilvl is not None else 0
    first = int(start) if start and start.strip().isdigit() else 1
    numbering = doc.part.numbering_part.element
    return restart_numbering(numbering, numpr.numId.val, ilvl, first, thai_digits), ilvl


def table_grid(rows: list[list[Any]]) -> tuple[list[tuple[int, int, int, int, Any]], int]:
    """Place the cells of `rows` as a browser does, honouring colspan and rowspan:
    ([(row, column, rowspan, colspan, cell)], number of columns)."""
    taken: set[tuple[int, int]] = set()
    cells = []
    for r, row in enumerate(rows):
        c = 0
        for td in row:
            while (r, c) in taken:
                c += 1
            cs, rs = span(td.get("colspan"), 1000), span(td.get("rowspan"), len(rows) - r)
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            cells.append((r, c, rs, cs, td))
            c += cs
    return cells, max((c + cs for _, c, _, cs, _ in cells), default=0)


def column_widths(specs: list[tuple[str, int]], ncols: int, total: Length) -> list[int]:
    """Column widths in twips from (width, span) pairs ("30%", "40mm", "" for unknown):
    known widths scaled to fit, the rest shared out."""
    fractions: list[float | None] = []
    for spec, count in specs:
        size = length(spec, percent_of=total)
        fractions += [size / total if size else None] * count
    fractions = (fractions + [None] * ncols)[:ncols]
    known = sum(f for f in fractions if f)
    unknown = fractions.count(None)
    if known > 1 or (known and not unknown):
        fractions, known = [f / known if f else None for f in fractions], 1.0
    rest = max(0.0, 1 - known) / unknown if unknown else 0.0
    return [max(1, int(total.twips * (f or rest or 1 / ncols))) for f in fractions]


class Sink:
    """Where blocks go: the body or a table cell (whose first, empty paragraph is reused)."""

    def __init__(self, owner: Any, reuse: Any = None) -> None:
        self.owner, self.reuse = owner, reuse

    def paragraph(self, style: str) -> Any:
        if self.reuse is not None:
            para, self.reuse = self.reuse, None
            para.style = style
            return para
        return self.owner.add_paragraph(style=style)

    def table(self, rows: int, cols: int) -> Any:
        self.reuse = None
        return self.owner.add_table(rows, cols)


def check_styles(doc: Any, needed: dict[str, WD_STYLE_TYPE], reference: Path) -> None:
    """Raise StyleError naming every style the reference lacks (or has of the wrong kind)."""
    missing = []
    for name, kind in needed.items():
        try:
            found = find_style(doc, name)
        except KeyError:
            found = None
        if found is None or found.type != kind:
            missing.append(f'"{name}" ({kind.name.lower()} style)')
    if missing:
        raise StyleError(
            f"{display_path(reference)} lacks the Word style"
            f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}: add "
            f"{'them' if len(missing) > 1 else 'it'} in Word, or start again from the "
            "built-in one with `briefgen templates init`"
        )


def letterhead_to_top(body: Any, start: int, spacing_mm: tuple[float, float] = (0, 0)) -> None:
    """Move the blocks written since body child `start` to the top of the body, centred and
    ruled below: a letterhead. `spacing_mm`: from the text to the rule, and after the rule."""
    new = [e for e in list(body)[start:] if e.tag != qn("w:sectPr")]
    paragraphs = [e for e in new if e.tag == qn("w:p")]
    for p in paragraphs:
        child(p.get_or_add_pPr(), "jc", val="center")
    if paragraphs:
        ppr = paragraphs[-1].get_or_add_pPr()
        borders(ppr, "pBdr", ["bottom"], "808080", 6)
        to_rule, after = spacing_mm
        if to_rule:  # w:space is in points, at most 31
            child(ppr, "pBdr").find(qn("w:bottom")).set(
                qn("w:space"), str(min(31, round(to_rule * 72 / 25.4)))
            )
        if after:
            child(ppr, "spacing", after=mm_twips(after))
    for position, element in enumerate(new):
        body.insert(position, element)
