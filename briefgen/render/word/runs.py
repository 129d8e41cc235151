"""Runs and their fonts: bold and italic with their complex-script twins, sizes, and the
profile's Latin and Thai fonts and languages."""

from __future__ import annotations

import copy
from typing import Any

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from briefgen.render.word.elements import add_run
from briefgen.render.word.inline import Fmt
from briefgen.render.word.ooxml import child, has_thai, set_on
from briefgen.render.word.styles import style_size, styles_of


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
        # The `w:rPr` of each kind of run written so far: see add_text.
        self.properties: dict[tuple[Fmt, float, bool, bool], Any] = {}

    def add_text(self, p: Any, text: str, fmt: Fmt, style: str) -> Any:
        """A run of `text` at the end of the paragraph element `p`, formatted as `format`
        formats it. A document has a handful of kinds of run (formatting, size, Thai or
        not), so the first run of each kind is made and formatted through python-docx,
        and the next ones get a copy of its properties: the same XML, written faster."""
        size = self.cell_size or self.size(style)
        thai = self.thai_doc or has_thai(text)
        key = (fmt, size, bool(self.cell_size), thai)
        properties = self.properties.get(key)
        if properties is None:
            run = Paragraph(p, self.doc._body).add_run(text)
            self.format(run, fmt, style, text)
            self.properties[key] = copy.deepcopy(run._r.rPr)
            return run._r
        return add_run(p, text, properties)

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
