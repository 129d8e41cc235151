"""Tables: cells placed as a browser places them, column widths, fixed layout, rows that never
split and header rows that repeat, and the spacing around and inside tables."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from docx.text.paragraph import Paragraph

from briefgen.render.word.elements import add_paragraph, set_paragraph_style
from briefgen.render.word.inline import length, span
from briefgen.render.word.ooxml import child, mm_twips
from briefgen.render.word.styles import P, styles_of


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


def mark_row(tr: Any, *, header: bool) -> None:
    """Never split this row across pages; a header row repeats on every page of the table."""
    trpr = tr.get_or_add_trPr()
    child(trpr, "cantSplit")
    if header:
        child(trpr, "tblHeader")


def cell_spacing(doc: Any, table_style: str) -> dict[str, str]:
    """The `w:spacing` attributes of the table style's paragraphs, to set on cell paragraphs
    (where a paragraph style's spacing would beat the table style's, as in Word)."""
    ppr = styles_of(doc).element(table_style).pPr
    found = ppr.find(qn("w:spacing")) if ppr is not None else None
    if found is None:
        return {}
    return {name.rsplit("}", 1)[-1]: value for name, value in found.attrib.items()}


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


class Sink:
    """Where blocks go: the body (`owner` the Document) or a table cell (whose first, empty
    paragraph is reused). Paragraphs are written as python-docx's `add_paragraph(style=)`
    writes them, without its look-ups (briefgen.render.word.elements)."""

    def __init__(self, owner: Any, reuse: Any = None) -> None:
        self.owner, self.reuse = owner, reuse
        body = getattr(owner, "_body", None)  # a Document's paragraphs belong to its body
        self.parent = body if body is not None else owner
        self.container = self.parent._element

    def paragraph(self, style: str) -> Any:
        style_id = self.owner.part.get_style_id(style, P)
        if self.reuse is not None:
            para, self.reuse = self.reuse, None
            set_paragraph_style(para._p, style_id)
            return para
        return Paragraph(add_paragraph(self.container, style_id), self.parent)

    def table(self, rows: int, cols: int) -> Any:
        self.reuse = None
        return self.owner.add_table(rows, cols)
