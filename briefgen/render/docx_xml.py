"""Low-level OOXML helpers for the DOCX writer: fonts and language, fields, table rows.

python-docx has no API for complex-script fonts, fields, repeating table headers or list
restarts, so these write the WordprocessingML directly. Children are always inserted in the
order the schema prescribes: Word refuses files whose property elements are out of order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

THAI_RE = re.compile("[\u0e00-\u0e7f]")

# XML 1.0 forbids C0 controls other than tab, newline and carriage return, lone surrogates
# and U+FFFE/U+FFFF. lxml (and so python-docx) refuses them; strip them before they get there.
ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

# Schema order of the children of the property elements written here (ECMA-376 part 1).
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
).split()
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
).split()
TCPR_ORDER = (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark"
).split()
TRPR_ORDER = (
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden"
).split()
STYLE_ORDER = (
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
    "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr "
    "tblStylePr"
).split()
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


def child(parent: Any, tag: str, **attrs: str) -> Any:
    """The `w:<tag>` child of parent, created in schema order if missing; sets `w:` attrs."""
    found = parent.find(qn(f"w:{tag}"))
    if found is None:
        found = OxmlElement(f"w:{tag}")
        local = parent.tag.rsplit("}", 1)[-1]
        order = _ORDERS.get(local, [])
        later = {qn(f"w:{s}") for s in order[order.index(tag) + 1 :]} if tag in order else set()
        successor = next((el for el in parent if el.tag in later), None)
        if successor is None:
            parent.append(found)
        else:
            successor.addprevious(found)
    for name, value in attrs.items():
        found.set(qn(f"w:{name}"), value)
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


def borders(parent: BaseOxmlElement, tag: str, sides: Iterable[str], color: str,
            size_eighths: int = 4) -> None:
    """`w:pBdr`/`w:tblBorders`/`w:tcBorders` with single lines on the given sides."""
    box = child(parent, tag)
    for side in sides:
        child(box, side, val="single", sz=str(size_eighths), space="0", color=color)


def fix_table_layout(tbl: BaseOxmlElement, widths_twips: list[int], first_row: bool) -> None:
    """Fixed layout with explicit grid and cell widths (Word reads tcW, LibreOffice gridCol)."""
    tblpr = tbl.tblPr
    child(tblpr, "tblW", w=str(sum(widths_twips)), type="dxa")
    child(tblpr, "tblLayout", type="fixed")
    look = child(tblpr, "tblLook", firstRow="1" if first_row else "0", firstColumn="0",
                 lastRow="0", lastColumn="0", noHBand="1", noVBand="1")
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


def restart_numbering(numbering: BaseOxmlElement, num_id: int, ilvl: int, start: int) -> int:
    """A new `w:num` on the same abstract list as `num_id`, restarting at `start`."""
    num = numbering.num_having_numId(num_id)
    new = numbering.add_num(num.abstractNumId.val)
    new.add_lvlOverride(ilvl).add_startOverride(start)
    return int(new.numId)


def set_num(paragraph_element: BaseOxmlElement, num_id: int, ilvl: int) -> None:
    numpr = child(paragraph_element.get_or_add_pPr(), "numPr")
    child(numpr, "ilvl", val=str(ilvl))
    child(numpr, "numId", val=str(num_id))
