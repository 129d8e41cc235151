"""DOCX from the same rendered HTML the PDF is made of, mapped onto named Word styles.

The HTML a document template renders is read with lxml.html and written with python-docx into
a copy of the ministry's reference .docx (its body is dropped; its styles, header and footer
are kept). Only this subset of HTML is understood; every style is looked up BY NAME, and all of
them are checked before anything is written (a missing one raises StyleError):

==========================================  ================================================
HTML                                        Word
==========================================  ================================================
``h1`` / ``h2`` / ``h3``                    paragraph styles "Title" / "Heading 1" / "Heading 2"
``p``                                       "Normal", or the style named by ``data-docx-style``
``ul > li`` / ``ol > li``                   "List Bullet" / "List Number" (each ``ol`` restarts
                                            at 1, or at its ``start``)
nested ``ul`` / ``ol`` (one level)          "List Bullet 2" / "List Number 2"
``table`` (``caption``, ``thead``,          a table in table style "Briefgen Table"; ``thead``
``tbody``, ``tfoot``, ``tr``, ``th``,       rows repeat on every page (``w:tblHeader``); ``th``
``td``, ``colspan``, ``rowspan``)           is bold; widths from ``<col style="width: 30%">``
                                            or ``<col data-width="30%|40mm">``, else shared
``strong`` ``b`` / ``em`` ``i`` / ``u``     bold / italic / underline
``sub`` / ``sup`` / ``br``                  subscript / superscript / line break
``span class="x-y"``                        character style "X Y" where the reference has one
                                            (the built-in references have only "Overdue";
                                            ``class="overdue"`` is also bold)
``img src width height``                    inline picture, size in mm, cm, pt, in or px
                                            (px at 96 dpi); the file comes from
                                            ``resolve_image(src)``, None means refused: skipped
``div class="letterhead"``                  centred block at the top of the body, ruled below
``section div header main article``         transparent containers
``footer aside nav figure blockquote``
``script style template``, ``hidden``       skipped, as is anything with ``data-docx-skip``
                                            (e.g. a PDF-only fixed DRAFT mark)
anything else                               its text, as "Normal" paragraphs (text is never lost)
``<title>``, ``<meta name="author">``       core properties title, author, subject, keywords;
``description``, ``keywords``, ``<html       ``dcterms.created`` sets the created date
lang>``, ``dcterms.created``
``<meta name="briefgen:marking">``          "Marking" paragraph (bold, centred, in the marking
                                            colour) at the top of the header and the bottom
                                            of the footer of every page
``<meta name="briefgen:draft">``            grey "Marking" paragraph in every page's header
``<meta name="briefgen:page-label">``       "Small" footer line; ``{page}`` and ``{pages}``
                                            become PAGE and NUMPAGES fields
``<meta name="briefgen:footer">``           "Small" footer line
==========================================  ================================================

Whitespace collapses as a browser collapses it. Characters XML cannot hold are dropped. Every
run names the Latin font; runs holding Thai (every run when the language is Thai) also carry
the complex-script font and size and ``w:lang w:bidi="th-TH"``; Thai size = the style's size x
complex_size_pt / font_size_pt. The profile's sizes and fonts are set on "Normal".

Spacing follows the PDF when ``DocxSettings.line_pitch_pt`` is set (the profile's PDF size x
CSS line-height): every text style gets EXACT line spacing, that pitch scaled by the style's
size against "Normal"'s, and the space before and after of pack.css (PDF_LAYOUT); table cells
get the table style's pitch and about the CSS cell padding; a list's last item, the paragraph
after a table and the letterhead get the bottom margins of the list, the table and the
letterhead. Word's "single" spacing would follow the font's own line metrics, and TH Sarabun
New's make its lines about 1.6x the PDF's. Paragraphs holding a picture keep automatic
("single") spacing, so the picture is never clipped. Without line_pitch_pt, the reference's
spacing stays.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import lxml.html
from docx import Document
from docx.shared import Mm
from lxml import etree

from briefgen.errors import RenderError, display_path
from briefgen.render.word import ooxml as x
from briefgen.render.word.ooxml import C, Fmt, P, T, Tok
from briefgen.render.word.styles import styles_of

TABLE_STYLE = "Briefgen Table"
MAX_DEPTH = 250
REQUIRED_STYLES = {
    **dict.fromkeys(["Normal", "Title", "Heading 1", "Heading 2", "List Bullet"], P),
    **dict.fromkeys(["List Bullet 2", "List Number", "List Number 2", "Marking", "Small"], P),
    TABLE_STYLE: T,
}
HEADINGS = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2"}
LISTS = {("ul", 0): "List Bullet", ("ul", 1): "List Bullet 2"}
LISTS |= {("ol", 0): "List Number", ("ol", 1): "List Number 2"}


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


CONTAINERS = _tags("div section header footer main article aside nav figure blockquote body")
CONTAINERS |= _tags("form fieldset details")
BLOCK = CONTAINERS | _tags("p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table caption thead tbody")
BLOCK |= _tags("tfoot tr td th figcaption pre address hr summary")
SKIP = _tags("script style template head title meta link noscript object iframe")
WIDTH_STYLE = re.compile(r"(?:^|;)\s*width\s*:\s*([^;]+)")

# Sizes and spacing of pack.css, so that the DOCX fills its pages as the PDF does. Headings in
# em of the body text (h1 1.55em, h2 1.08em, h3 1em); spacing in mm, (before, after), from the
# margins of p, h1, h2, h3, li and p.meta.
HEADING_EM = {"Title": 1.55, "Heading 1": 1.08, "Heading 2": 1.0}
WORD_HEADING_EM = {"Title": 1.6, "Heading 1": 1.25, "Heading 2": 1.1}  # without the PDF's layout
PDF_LAYOUT = x.Layout(
    table_style=TABLE_STYLE,
    spacing_mm={
        "Normal": (0.0, 1.0),
        "Title": (0.0, 0.5),
        "Heading 1": (2.2, 0.7),
        "Heading 2": (1.8, 0.4),
        **dict.fromkeys(LISTS.values(), (0.0, 0.4)),
        "Small": (0.0, 1.0),
        "Marking": (0.0, 0.0),
    },
    list_end_mm=1.0,  # ul, ol { margin-bottom: 1mm }
    table_after_mm=1.5,  # table { margin-bottom: 1.5mm }
    # th, td { padding: 0.6mm 1.4mm }, but 1 mm on top: Word and LibreOffice set the baseline
    # of an exact line at 4/5 of its height, higher than CSS does, and Thai stacked marks
    # (e.g. the tone mark over an upper vowel) would touch the cell's top border.
    cell_margins_mm=(1.0, 1.4, 0.6, 1.4),
    letterhead_mm=(1.5, 2.0),  # .letterhead { padding-bottom: 1.5mm; margin-bottom: 2mm }
)


@dataclass(frozen=True)
class DocxSettings:
    latin_font: str = "Sarabun"
    complex_font: str = "Sarabun"
    font_size_pt: float = 11.0
    complex_size_pt: float = 11.0
    lang: str = "en"
    marking_color: str = "C00000"
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 20.0
    margin_right_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    margin_left_mm: float = 25.0
    thai_digits: bool = False  # PAGE/NUMPAGES as Thai digits (Word's \* ThaiArabic)
    # Exact line pitch of "Normal" text in points, the PDF's (size x CSS line-height); every
    # text style gets it scaled by its size, with pack.css's spacing. None: the reference's.
    line_pitch_pt: float | None = None


def html_to_docx(
    html: str,
    *,
    reference_docx: Path,
    resolve_image: Callable[[str], Path | bytes | None],
    settings: DocxSettings,
) -> bytes:
    """The DOCX bytes for one rendered document (see the module docstring for the mapping)."""
    html = x.clean_text(re.sub(r"^\s*<\?xml[^>]*\?>", "", html))
    root = lxml.html.document_fromstring(html if html.strip() else "<html></html>")
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if deepest >= MAX_DEPTH:  # lxml drops what lies deeper than 255 levels
        raise RenderError(f"the HTML is nested more than {MAX_DEPTH} levels deep")
    try:
        doc = Document(str(reference_docx))
    except Exception as exc:  # python-docx raises several types for an unreadable file
        raise RenderError(
            f"cannot open reference .docx {display_path(reference_docx)}: {exc}"
        ) from exc
    needed = dict(REQUIRED_STYLES)
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("data-docx-style"):
            needed[el.get("data-docx-style")] = C if el.tag == "span" else P
    x.check_styles(doc, needed, reference_docx)
    _use_style_index(doc)
    _Writer(doc, settings, resolve_image).write(root)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _use_style_index(doc: Any) -> None:
    """Give paragraphs and runs their styles through the document's StyleIndex (headers and
    footers ask the document part too); python-docx's own look-up reads every style each
    time."""
    part = doc.part
    look_up = part.get_style_id
    index = styles_of(doc)

    def get_style_id(style_or_name: Any, style_type: Any) -> Any:
        if not isinstance(style_or_name, str):
            return look_up(style_or_name, style_type)
        return index.style_id(style_or_name, style_type)

    part.get_style_id = get_style_id


class _Writer:
    """Walks the HTML body and writes blocks and runs into the document."""

    def __init__(self, doc: Any, settings: DocxSettings, resolve_image: Callable) -> None:
        self.doc, self.s, self.resolve_image = doc, settings, resolve_image
        self.text_width = Mm(
            settings.page_width_mm - settings.margin_left_mm - settings.margin_right_mm
        )
        self.char_styles = {s.name for s in doc.styles if s.type == C}
        self.runs = x.Runs(doc, settings, TABLE_STYLE)
        self.body = x.Sink(doc)
        self.layout = PDF_LAYOUT if settings.line_pitch_pt else None  # spacing as in the PDF

    def write(self, root: Any) -> None:
        meta = {
            m.get("name", "").lower(): x.WS.sub(" ", x.clean_text(m.get("content", ""))).strip(" ")
            for m in root.iter("meta")
            if m.get("name")
        }
        lang = root.get("lang") or self.s.lang
        x.clear_body(self.doc)
        x.setup_page(self.doc, self.s, lang)
        if self.layout and self.s.line_pitch_pt:
            x.apply_layout(
                self.doc,
                self.layout,
                line_pitch_pt=self.s.line_pitch_pt,
                body_pt=self.s.font_size_pt,
            )
        x.set_core_properties(self.doc, root, lang)
        x.write_furniture(self.doc, meta, self.s, self.runs)
        main = root.find("body")
        self._blocks(main if main is not None else root, self.body, Fmt())
        if len(self.doc.element.body) == 1:  # only the section properties
            self.doc.add_paragraph(style="Normal")
        if self.layout:
            x.space_after_tables(self.doc, self.layout.table_after_mm)

    # -- blocks -------------------------------------------------------------------------
    def _blocks(self, el: Any, sink: x.Sink, fmt: Fmt) -> None:
        pending: list[Tok] = []

        def flush() -> None:
            if x.has_content(pending):
                self._emit(sink.paragraph("Normal"), pending, "Normal")
            pending.clear()

        if el.text:
            pending.append(Tok("t", el.text, fmt))
        for ch in el:
            if isinstance(ch.tag, str) and not _skipped(ch):
                if ch.tag.lower() in BLOCK:
                    flush()
                    self._block(ch, sink, fmt)
                else:
                    self._inline_child(ch, fmt, pending)
            if ch.tail:
                pending.append(Tok("t", ch.tail, fmt))
        flush()

    def _block(self, el: Any, sink: x.Sink, fmt: Fmt) -> None:
        tag, classes = el.tag.lower(), (el.get("class") or "").split()
        if tag in ("ul", "ol"):
            self._list(el, sink, 0, fmt)
        elif tag == "table":
            self._table(el, sink, fmt)
        elif tag == "div" and "letterhead" in classes and sink is self.body:
            self._letterhead(el, fmt)
        elif tag in CONTAINERS or (tag not in HEADINGS and tag != "p" and _has_block(el)):
            self._blocks(el, sink, fmt)
        elif tag != "hr":
            style = el.get("data-docx-style") or HEADINGS.get(tag, "Normal")
            tokens: list[Tok] = []
            self._inline(el, fmt, tokens)
            if x.has_content(tokens):
                self._emit(sink.paragraph(style), tokens, style)

    def _list(self, el: Any, sink: x.Sink, level: int, fmt: Fmt) -> None:
        style = LISTS[(el.tag.lower(), min(level, 1))]
        ordered = el.tag.lower() == "ol"
        numbering = (
            x.restart_list(self.doc, style, el.get("start"), thai_digits=self.s.thai_digits)
            if ordered
            else None
        )
        tokens: list[Tok] = []
        last: list[Any] = []

        def flush() -> None:
            if x.has_content(tokens):
                para = sink.paragraph(style)
                if numbering:
                    x.set_num(para._p, *numbering)
                self._emit(para, tokens, style)
                last[:] = [para]
            tokens.clear()

        for item in el:
            if not isinstance(item.tag, str) or _skipped(item):
                continue
            tokens.append(Tok("t", item.text or "", fmt))
            for ch in item:
                tag = ch.tag.lower() if isinstance(ch.tag, str) else ""
                if tag in ("ul", "ol") and not _skipped(ch):
                    flush()
                    self._list(ch, sink, level + 1, fmt)
                    last.clear()  # the nested list ends with its own bottom margin
                elif tag == "table" and not _skipped(ch):
                    flush()
                    self._table(ch, sink, fmt)
                    last.clear()
                elif tag and not _skipped(ch):
                    if tag in BLOCK and x.has_content(tokens):
                        tokens.append(Tok("br"))
                    self._inline_child(ch, fmt, tokens)
                if ch.tail:
                    tokens.append(Tok("t", ch.tail, fmt))
            flush()
        if last and self.layout:
            last[0].paragraph_format.space_after = Mm(self.layout.list_end_mm)

    def _table(self, el: Any, sink: x.Sink, fmt: Fmt) -> None:
        rows: list[tuple[Any, bool]] = []
        tail: list[tuple[Any, bool]] = []
        for ch in el:
            tag = ch.tag.lower() if isinstance(ch.tag, str) else ""
            if tag == "caption":
                self._block(ch, sink, replace(fmt, bold=True))
            elif tag in ("thead", "tbody", "tfoot"):
                group = [(tr, tag == "thead") for tr in ch if tr.tag == "tr" and not _skipped(tr)]
                (tail if tag == "tfoot" else rows).extend(group)
            elif tag == "tr" and not _skipped(ch):
                rows.append((ch, False))
        rows = sorted(rows, key=lambda row: not row[1]) + tail  # header rows first
        cells, ncols = x.table_grid(
            [[td for td in tr if td.tag in ("td", "th") and not _skipped(td)] for tr, _ in rows]
        )
        if not cells:
            return
        table = sink.table(len(rows), ncols)
        table.style = TABLE_STYLE
        for r, c, rs, cs, _ in cells:
            if rs > 1 or cs > 1:
                table.cell(r, c).merge(table.cell(r + rs - 1, c + cs - 1))
        specs = [
            (
                col.get("data-width") or "".join(WIDTH_STYLE.findall(col.get("style", ""))[:1]),
                x.span(col.get("span"), ncols),
            )
            for col in el.xpath("./colgroup/col | ./col")
        ]
        widths = x.column_widths(specs, ncols, self.text_width)
        x.fix_table_layout(table._tbl, widths, first_row=rows[0][1])
        for r, (_, header) in enumerate(rows):  # rows never split, like tr {break-inside: avoid}
            x.mark_row(table.rows[r]._tr, header=header)
        outer, self.runs.cell_size = self.runs.cell_size, self.runs.table_size
        spacing = x.cell_spacing(self.doc, TABLE_STYLE)  # beats "Normal"'s, as in Word
        grid, columns = table._cells, table._column_count  # table.cell() remakes the grid
        for r, c, _, _, td in cells:
            cell = grid[r * columns + c]
            cell_fmt = replace(fmt, bold=True) if td.tag == "th" else fmt
            self._blocks(td, x.Sink(cell, cell.paragraphs[0]), cell_fmt)
            for para in cell.paragraphs if spacing else ():
                if not x.has_picture(para._p):
                    x.set_spacing(para._p.get_or_add_pPr(), **spacing)
        self.runs.cell_size = outer

    def _letterhead(self, el: Any, fmt: Fmt) -> None:
        start = len(self.doc.element.body) - 1  # before the section properties
        self._blocks(el, self.body, fmt)
        spacing = self.layout.letterhead_mm if self.layout else (0, 0)
        x.letterhead_to_top(self.doc.element.body, start, spacing)

    def _inline(self, el: Any, fmt: Fmt, out: list[Tok]) -> None:
        if el.text:
            out.append(Tok("t", el.text, fmt))
        for ch in el:
            if isinstance(ch.tag, str) and not _skipped(ch):
                self._inline_child(ch, fmt, out)
            if ch.tail:
                out.append(Tok("t", ch.tail, fmt))

    def _inline_child(self, ch: Any, fmt: Fmt, out: list[Tok]) -> None:
        tag = ch.tag.lower()
        if tag == "br":
            out.append(Tok("br"))
        elif tag == "img":
            out.append(Tok("img", el=ch))
        else:
            block = tag in BLOCK
            out.extend([Tok("t", " ", fmt)] if block else [])
            self._inline(ch, self._fmt(ch, tag, fmt), out)
            out.extend([Tok("t", " ", fmt)] if block else [])

    def _fmt(self, el: Any, tag: str, fmt: Fmt) -> Fmt:
        if tag in ("b", "strong", "th"):
            return replace(fmt, bold=True)
        if tag in ("i", "em", "cite", "var", "dfn"):
            return replace(fmt, italic=True)
        if tag in ("u", "ins"):
            return replace(fmt, underline=True)
        if tag in ("sub", "sup"):
            return replace(fmt, vert=tag)
        if tag == "span":
            classes = (el.get("class") or "").split()
            styles = [el.get("data-docx-style")] + [
                c.replace("-", " ").replace("_", " ").title() for c in classes
            ]
            style = next((s for s in styles if s in self.char_styles), fmt.char_style)
            return replace(fmt, bold=fmt.bold or "overdue" in classes, char_style=style)
        return fmt

    def _emit(self, para: Any, tokens: list[Tok], style: str) -> None:
        for tok in x.collapse(tokens):
            if tok.kind == "t":
                self.runs.format(para.add_run(tok.text), tok.fmt, style)
            elif tok.kind == "br":
                para.add_run().add_break()
            elif (src := tok.el.get("src", "").strip()) and (path := self.resolve_image(src)):
                x.add_picture(
                    para,
                    path,
                    src=src,
                    width=x.length(tok.el.get("width") or "", percent_of=self.text_width),
                    height=x.length(tok.el.get("height") or "", percent_of=None),
                    alt=tok.el.get("alt", ""),
                    max_width=self.text_width,
                )


def _skipped(el: Any) -> bool:
    return (
        el.tag.lower() in SKIP
        or el.get("hidden") is not None
        or el.get("data-docx-skip") is not None
    )


def _has_block(el: Any) -> bool:
    return any(isinstance(ch.tag, str) and ch.tag.lower() in BLOCK for ch in el)


def build_reference_docx(
    path: Path,
    *,
    latin_font: str,
    complex_font: str,
    size_pt: float,
    heading_color: str,
    complex_size_pt: float | None = None,
    line_pitch_pt: float | None = None,
) -> None:
    """Write a reference .docx holding every style html_to_docx needs, with sample content.

    Built on python-docx's default template, with explicit fonts (no theme fonts) and every
    style in REQUIRED_STYLES plus "Overdue". With `line_pitch_pt` (the PDF's body size x
    line-height) the styles follow the PDF: headings sized as in pack.css (HEADING_EM), and
    the exact line spacing and paragraph spacing html_to_docx sets (PDF_LAYOUT); without it,
    Word-like sizes and spacing. Thai text is `complex_size_pt` (default: `size_pt`). A
    ministry then edits its copy in Word; scripts/reference_docx.py rebuilds the built-in ones.
    """
    x.write_reference(
        path,
        latin_font=latin_font,
        complex_font=complex_font,
        size_pt=size_pt,
        complex_size_pt=complex_size_pt or size_pt,
        heading_color=heading_color,
        heading_em=HEADING_EM if line_pitch_pt else WORD_HEADING_EM,
        table_style=TABLE_STYLE,
        list_styles=LISTS.values(),
        layout=PDF_LAYOUT,
        line_pitch_pt=line_pitch_pt,
    )
