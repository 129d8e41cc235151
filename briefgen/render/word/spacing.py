"""Line and paragraph spacing that follow the PDF's CSS."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from briefgen.render.word.ooxml import child, mm_twips, set_spacing
from briefgen.render.word.styles import find_style, style_size


@dataclass(frozen=True)
class Layout:
    """The spacing of the PDF's CSS, for the DOCX (see briefgen.render.word.options.PDF_LAYOUT)."""

    table_style: str
    spacing_mm: Mapping[str, tuple[float, float]]  # paragraph style -> (before, after)
    list_end_mm: float = 0.0  # after the last item of a list
    table_after_mm: float = 0.0  # at least this much before a paragraph after a table
    cell_margins_mm: tuple[float, float, float, float] = (0, 0, 0, 0)  # top right bottom left
    letterhead_mm: tuple[float, float] = (0, 0)  # text to rule, rule to what follows


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
