"""Low-level WordprocessingML for the Word writer: elements in schema order, toggles, fields,
borders and shading, lengths in twips, and the text rules XML imposes.

python-docx has no API for complex-script fonts, fields, repeating table headers or list
restarts, so the writer writes the WordprocessingML directly through these. Children are
always inserted in the order the schema prescribes: Word refuses files whose property elements
are out of order.
"""

from __future__ import annotations

import functools
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


def shade(properties: BaseOxmlElement, fill: str) -> None:
    child(properties, "shd", val="clear", color="auto", fill=fill)


def borders(
    parent: BaseOxmlElement, tag: str, sides: Iterable[str], color: str, size_eighths: int = 4
) -> None:
    """`w:pBdr`/`w:tblBorders`/`w:tcBorders` with single lines on the given sides."""
    box = child(parent, tag)
    for side in sides:
        child(box, side, val="single", sz=str(size_eighths), space="0", color=color)


def mm_twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def set_spacing(ppr: BaseOxmlElement, **attrs: str) -> None:
    """A fresh `w:spacing` on a `w:pPr` (no attribute left over from the old one)."""
    remove_children(ppr, "spacing")
    child(ppr, "spacing", **attrs)


def has_picture(paragraph_element: BaseOxmlElement) -> bool:
    return next(paragraph_element.iter(w_tag("drawing"), w_tag("pict")), None) is not None
