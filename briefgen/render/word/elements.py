"""Paragraphs and runs written with lxml directly, as python-docx writes them.

A pack's DOCX files hold a few thousand runs, and python-docx spends most of the time of
making them in its proxy objects: each `add_run`, `paragraph.style` or `run.text` looks its
children up again through XPath and creates elements one by one. The writer's hot paths
use these instead. What they write is exactly what python-docx writes for the same call
(the same elements, in the same order, with the same attributes), so a document is the
same byte for byte whichever way it was made; the elements are python-docx's own classes
(lxml takes them from the document's parser), so python-docx works on them afterwards.
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from briefgen.render.word.ooxml import w_tag

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
P, PPR, PSTYLE, R, T = w_tag("p"), w_tag("pPr"), w_tag("pStyle"), w_tag("r"), w_tag("t")
BR, TAB, SECT_PR, VAL = w_tag("br"), w_tag("tab"), w_tag("sectPr"), w_tag("val")
BODY = w_tag("body")


def add_paragraph(container: Any, style_id: str | None) -> Any:
    """A new `w:p` at the end of a body (before its section properties) or of a table cell,
    with the paragraph style `style_id` (None: the default style), as python-docx's
    `add_paragraph(style=...)` makes it: a `w:pPr` always, even an empty one."""
    p = container.makeelement(P)
    section = container.find(SECT_PR) if container.tag == BODY else None
    if section is not None:
        section.addprevious(p)
    else:
        container.append(p)
    set_paragraph_style(p, style_id)
    return p


def set_paragraph_style(p: Any, style_id: str | None) -> None:
    """`paragraph.style = ...` of python-docx, for a style id (None: the default style)."""
    ppr = p.find(PPR)
    if ppr is None:
        ppr = p.makeelement(PPR)
        p.insert(0, ppr)
    pstyle = ppr.find(PSTYLE)
    if style_id is None:
        if pstyle is not None:
            ppr.remove(pstyle)
        return
    if pstyle is None:
        pstyle = ppr.makeelement(PSTYLE)
        ppr.insert(0, pstyle)  # first in CT_PPr
    pstyle.set(VAL, style_id)


def add_run(p: Any, text: str, properties: Any | None) -> Any:
    """A new `w:r` at the end of `p`: a copy of `properties` (a `w:rPr`) and `text`, written
    as python-docx's `run.text = text` writes it (a tab as `w:tab`, a line feed or carriage
    return as `w:br`, `xml:space="preserve"` where white space would be lost)."""
    r = etree.SubElement(p, R)
    if properties is not None:
        r.append(copy.deepcopy(properties))
    if "\t" in text or "\n" in text or "\r" in text:
        pending: list[str] = []
        for char in text:
            if char in "\t\r\n":
                _add_t(r, "".join(pending))
                pending.clear()
                etree.SubElement(r, TAB if char == "\t" else BR)
            else:
                pending.append(char)
        _add_t(r, "".join(pending))
    else:
        _add_t(r, text)
    return r


def add_line_break(p: Any) -> Any:
    """`paragraph.add_run().add_break()`: a run of one line break, without properties."""
    r = etree.SubElement(p, R)
    etree.SubElement(r, BR)
    return r


def _add_t(r: Any, text: str) -> None:
    if not text:
        return
    t = etree.SubElement(r, T)
    t.text = text
    if len(text.strip()) < len(text):  # python-docx's test, white space as str.strip sees it
        t.set(XML_SPACE, "preserve")
