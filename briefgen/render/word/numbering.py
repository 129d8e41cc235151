"""Numbered lists: each list restarts its numbering, in Thai digits where the profile
counts in them."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from briefgen.render.word.ooxml import child
from briefgen.render.word.styles import styles_of


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
