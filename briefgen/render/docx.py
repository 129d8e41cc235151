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
``span class="x-y"``                        character style "X Y" where the reference has one;
                                            ``class="overdue"`` is also bold ("Overdue")
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
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lxml.html
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Inches, Length, Mm, Pt, RGBColor

from briefgen.errors import RenderError, StyleError, display_path
from briefgen.render import docx_xml as x

P, C, T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE
TABLE_STYLE = "Briefgen Table"
REQUIRED_STYLES = {"Normal": P, "Title": P, "Heading 1": P, "Heading 2": P, "List Bullet": P,
                   "List Bullet 2": P, "List Number": P, "List Number 2": P, "Marking": P,
                   "Small": P, TABLE_STYLE: T}
HEADINGS = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2"}
LISTS = {("ul", 0): "List Bullet", ("ul", 1): "List Bullet 2",
         ("ol", 0): "List Number", ("ol", 1): "List Number 2"}
BLOCK = set("p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table caption thead tbody tfoot tr td th div "
            "section header footer main article aside nav figure figcaption blockquote pre "
            "address hr form fieldset details summary body".split())
CONTAINERS = set("div section header footer main article aside nav figure blockquote body "
                 "form fieldset details".split())
SKIP = set("script style template head title meta link noscript object iframe".split())
WS = re.compile(r"[ \t\n\r\f]+")
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|pt|in|px|%)?\s*$")
WIDTH_STYLE = re.compile(r"(?:^|;)\s*width\s*:\s*([^;]+)")


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


@dataclass(frozen=True)
class Fmt:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    vert: str = ""
    char_style: str | None = None


@dataclass
class Tok:
    kind: str  # "t" text, "br" line break, "img" picture
    text: str = ""
    fmt: Fmt = Fmt()
    el: Any = None


class _Sink:
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


def html_to_docx(html: str, *, reference_docx: Path,
                 resolve_image: Callable[[str], Path | None], settings: DocxSettings) -> bytes:
    """The DOCX bytes for one rendered document (see the module docstring for the mapping)."""
    html = x.clean_text(re.sub(r"^\s*<\?xml[^>]*\?>", "", html))
    root = lxml.html.document_fromstring(html if html.strip() else "<html></html>")
    try:
        doc = Document(str(reference_docx))
    except Exception as exc:  # python-docx raises several types for an unreadable file
        raise RenderError(f"cannot open reference .docx {display_path(reference_docx)}: "
                          f"{exc}") from exc
    needed = dict(REQUIRED_STYLES)
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("data-docx-style"):
            needed[el.get("data-docx-style")] = C if el.tag == "span" else P
    check_styles(doc, needed, reference_docx)
    _Writer(doc, settings, resolve_image).write(root)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def check_styles(doc: Any, needed: dict[str, WD_STYLE_TYPE], reference: Path) -> None:
    """Raise StyleError naming every style the reference lacks (or has of the wrong kind)."""
    missing = []
    for name, kind in needed.items():
        try:
            found = doc.styles[name]
        except KeyError:
            found = None
        if found is None or found.type != kind:
            missing.append(f'"{name}" ({kind.name.lower()} style)')
    if missing:
        raise StyleError(f"{display_path(reference)} lacks the Word style"
                         f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}: add "
                         f"{'them' if len(missing) > 1 else 'it'} in Word, or start from a "
                         "reference made by build_reference_docx")


class _Writer:
    def __init__(self, doc: Any, settings: DocxSettings, resolve_image: Callable) -> None:
        self.doc, self.s, self.resolve_image = doc, settings, resolve_image
        self.thai_doc = settings.lang.lower().startswith("th")
        self.ratio = settings.complex_size_pt / settings.font_size_pt
        self.text_width = Mm(settings.page_width_mm - settings.margin_left_mm
                             - settings.margin_right_mm)
        self.char_styles = {s.name for s in doc.styles if s.type == C}
        self.sizes: dict[str, float] = {}
        self.body = _Sink(doc)
        table_sz = doc.styles[TABLE_STYLE].element.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        self.table_size = int(table_sz.get(qn("w:val"))) / 2 if table_sz is not None else None
        self.cell_size: float | None = None  # set while writing table cells

    # -- document level ----------------------------------------------------------------
    def write(self, root: Any) -> None:
        meta = {m.get("name", "").lower(): x.clean_text(m.get("content", ""))
                for m in root.iter("meta") if m.get("name")}
        lang = root.get("lang") or self.s.lang
        body = self.doc.element.body
        for element in list(body):
            if element.tag != qn("w:sectPr"):
                body.remove(element)
        self._setup(lang)
        self._properties(root, meta, lang)
        self._furniture(meta)
        main = root.find("body")
        self._blocks(main if main is not None else root, self.body, Fmt())
        if len(body) == 1:
            self.doc.add_paragraph(style="Normal")

    def _setup(self, lang: str) -> None:
        s = self.s
        for section in self.doc.sections:
            section.page_width, section.page_height = Mm(s.page_width_mm), Mm(s.page_height_mm)
            section.top_margin, section.bottom_margin = Mm(s.margin_top_mm), Mm(s.margin_bottom_mm)
            section.left_margin, section.right_margin = Mm(s.margin_left_mm), Mm(s.margin_right_mm)
            section.header_distance = Mm(min(12.5, s.margin_top_mm / 2))
            section.footer_distance = Mm(min(12.5, s.margin_bottom_mm / 2))
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(s.font_size_pt)
        # w:val is the language of Latin text (Thai there makes LibreOffice break English words
        # apart); w:bidi that of complex-script text.
        latin = "en-US" if lang.lower() in ("th", "th-th", "en", "") else lang
        x.set_fonts(normal.element.get_or_add_rPr(), latin=s.latin_font,
                    complex_font=s.complex_font, complex_half_points=round(s.complex_size_pt * 2),
                    lang=latin, bidi_lang="th-TH")

    def _properties(self, root: Any, meta: dict[str, str], lang: str) -> None:
        props = self.doc.core_properties
        title = root.find(".//title")
        props.title = x.clean_text(WS.sub(" ", title.text_content()).strip())[:255] \
            if title is not None else ""
        authors = [x.clean_text(m.get("content", "")) for m in root.iter("meta")
                   if m.get("name", "").lower() == "author"]
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

    def _furniture(self, meta: dict[str, str]) -> None:
        marking, draft = meta.get("briefgen:marking"), meta.get("briefgen:draft")
        label, footer = meta.get("briefgen:page-label"), meta.get("briefgen:footer")
        odd_even = self.doc.settings.odd_and_even_pages_header_footer
        for index, section in enumerate(self.doc.sections):
            first = section.different_first_page_header_footer
            for kind in ("header", "footer"):
                parts = [getattr(section, kind)]
                parts += [getattr(section, f"first_page_{kind}")] if first else []
                parts += [getattr(section, f"even_page_{kind}")] if odd_even else []
                for part in parts:
                    if index and part.is_linked_to_previous:
                        continue
                    part.is_linked_to_previous = False
                    for para in part.paragraphs:
                        if not para.text.strip() and not para._p.xpath(
                                ".//w:drawing|.//w:pict|.//w:fldChar|.//w:fldSimple"):
                            para._p.getparent().remove(para._p)
                    if kind == "header":
                        new = [self._mark(part, text, color)
                               for text, color in ((marking, self.s.marking_color),
                                                   (draft, "8C8C8C")) if text]
                        for position, para in enumerate(new):
                            part._element.insert(position, para._p)
                    else:
                        if footer:
                            self._emit(self._small(part), [Tok("t", footer)], "Small")
                        if label:
                            self._page_label(self._small(part), label)
                        if marking:
                            self._mark(part, marking, self.s.marking_color)
                    if not part.paragraphs and not part.tables:
                        part.add_paragraph()

    def _small(self, part: Any) -> Any:
        para = part.add_paragraph(style="Small")
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return para

    def _mark(self, part: Any, text: str, color: str) -> Any:
        para = part.add_paragraph(style="Marking")
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(WS.sub(" ", text).strip())
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
        self._format(run, Fmt(bold=True), "Marking")
        return para

    def _page_label(self, para: Any, pattern: str) -> None:
        digits = r" \* ThaiArabic" if self.s.thai_digits else ""
        for piece in re.split(r"(\{pages?\})", pattern):
            if piece in ("{page}", "{pages}"):
                runs = [para.add_run() for _ in range(5)]
                for run in runs:
                    self._format(run, Fmt(), "Small", text="๑" if self.thai_doc else "1")
                field = "PAGE" if piece == "{page}" else "NUMPAGES"
                x.add_field([r._r for r in runs], field + digits, "๑" if digits else "1")
            elif piece:
                self._format(para.add_run(piece), Fmt(), "Small")

    # -- blocks -------------------------------------------------------------------------
    def _blocks(self, el: Any, sink: _Sink, fmt: Fmt) -> None:
        pending: list[Tok] = []

        def flush() -> None:
            if _has_content(pending):
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

    def _block(self, el: Any, sink: _Sink, fmt: Fmt) -> None:
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
            if _has_content(tokens):
                self._emit(sink.paragraph(style), tokens, style)

    def _list(self, el: Any, sink: _Sink, level: int, fmt: Fmt) -> None:
        style = LISTS[(el.tag.lower(), min(level, 1))]
        numbering = self._restart(style, el.get("start")) if el.tag.lower() == "ol" else None
        tokens: list[Tok] = []

        def flush() -> None:
            if _has_content(tokens):
                para = sink.paragraph(style)
                if numbering:
                    x.set_num(para._p, *numbering)
                self._emit(para, tokens, style)
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
                elif tag == "table" and not _skipped(ch):
                    flush()
                    self._table(ch, sink, fmt)
                elif tag and not _skipped(ch):
                    if tag in BLOCK and _has_content(tokens):
                        tokens.append(Tok("br"))
                    self._inline_child(ch, fmt, tokens)
                if ch.tail:
                    tokens.append(Tok("t", ch.tail, fmt))
            flush()

    def _restart(self, style: str, start: str | None) -> tuple[int, int] | None:
        ppr = self.doc.styles[style].element.pPr
        numpr = ppr.numPr if ppr is not None else None
        if numpr is None or numpr.numId is None:
            return None
        ilvl = numpr.ilvl.val if numpr.ilvl is not None else 0
        numbering = self.doc.part.numbering_part.element
        first = int(start) if start and start.strip().isdigit() else 1
        return x.restart_numbering(numbering, numpr.numId.val, ilvl, first), ilvl

    def _table(self, el: Any, sink: _Sink, fmt: Fmt) -> None:
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
        taken: set[tuple[int, int]] = set()
        cells = []
        for r, (tr, _) in enumerate(rows):
            c = 0
            for td in tr:
                if not isinstance(td.tag, str) or td.tag not in ("td", "th") or _skipped(td):
                    continue
                while (r, c) in taken:
                    c += 1
                cs, rs = _span(td.get("colspan"), 1000), _span(td.get("rowspan"), len(rows) - r)
                taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
                cells.append((r, c, rs, cs, td))
                c += cs
        if not cells:
            return
        ncols = max(c + cs for _, c, _, cs, _ in cells)
        table = sink.table(len(rows), ncols)
        table.style = self.doc.styles[TABLE_STYLE]
        for r, c, rs, cs, _ in cells:
            if rs > 1 or cs > 1:
                table.cell(r, c).merge(table.cell(r + rs - 1, c + cs - 1))
        x.fix_table_layout(table._tbl, self._widths(el, ncols), first_row=rows[0][1])
        for r, (_, header) in enumerate(rows):  # rows never split, like tr {break-inside: avoid}
            x.mark_row(table.rows[r]._tr, header=header)
        outer, self.cell_size = self.cell_size, self.table_size
        for r, c, _, _, td in cells:
            cell = table.cell(r, c)
            cell_fmt = replace(fmt, bold=True) if td.tag == "th" else fmt
            self._blocks(td, _Sink(cell, cell.paragraphs[0]), cell_fmt)
        self.cell_size = outer

    def _widths(self, el: Any, ncols: int) -> list[int]:
        total = self.text_width
        fractions: list[float | None] = []
        for col in el.xpath("./colgroup/col | ./col"):
            spec = col.get("data-width") or next(iter(WIDTH_STYLE.findall(col.get("style", ""))),
                                                 "")
            length = _length(spec, percent_of=total)
            fractions += [length / total if length else None] * _span(col.get("span"), ncols)
        fractions = (fractions + [None] * ncols)[:ncols]
        known = sum(f for f in fractions if f)
        unknown = fractions.count(None)
        if known > 1 or (known and not unknown):
            fractions, known = [f / known if f else None for f in fractions], 1.0
        rest = max(0.0, 1 - known) / unknown if unknown else 0.0
        return [max(1, int(total.twips * (f or rest or 1 / ncols))) for f in fractions]

    def _letterhead(self, el: Any, fmt: Fmt) -> None:
        body = self.doc.element.body

        def blocks() -> list[Any]:
            return [e for e in body if e.tag != qn("w:sectPr")]

        start = len(blocks())
        self._blocks(el, self.body, fmt)
        new = blocks()[start:]
        paragraphs = [e for e in new if e.tag == qn("w:p")]
        for p in paragraphs:
            x.child(p.get_or_add_pPr(), "jc", val="center")
        if paragraphs:
            x.borders(paragraphs[-1].get_or_add_pPr(), "pBdr", ["bottom"], "808080", 6)
        for position, element in enumerate(new):
            body.insert(position, element)

    # -- inline -------------------------------------------------------------------------
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
            styles = [el.get("data-docx-style")] + [c.replace("-", " ").replace("_", " ").title()
                                                    for c in classes]
            style = next((s for s in styles if s in self.char_styles), fmt.char_style)
            return replace(fmt, bold=fmt.bold or "overdue" in classes, char_style=style)
        return fmt

    def _emit(self, para: Any, tokens: list[Tok], style: str) -> None:
        for tok in _collapse(tokens):
            if tok.kind == "t":
                self._format(para.add_run(tok.text), tok.fmt, style)
            elif tok.kind == "br":
                para.add_run().add_break()
            else:
                self._picture(para, tok.el)

    def _format(self, run: Any, fmt: Fmt, style: str, text: str | None = None) -> None:
        rpr = run._r.get_or_add_rPr()
        if fmt.char_style:
            run.style = fmt.char_style
        if fmt.bold:
            x.set_on(rpr, "b", "bCs")
        if fmt.italic:
            x.set_on(rpr, "i", "iCs")
        if fmt.underline:
            run.underline = True
        if fmt.vert:
            run.font.subscript, run.font.superscript = fmt.vert == "sub", fmt.vert == "sup"
        size = self.cell_size or self._size(style)
        if self.cell_size:  # the table style's size, as direct formatting: Word and LibreOffice
            run.font.size = Pt(size)  # disagree on whether it beats the paragraph style's
        thai = self.thai_doc or x.has_thai(run.text if text is None else text)
        x.set_fonts(rpr, latin=self.s.latin_font,
                    complex_font=self.s.complex_font if thai else None,
                    complex_half_points=round(size * self.ratio * 2) if thai else None,
                    bidi_lang="th-TH" if thai else None)

    def _size(self, style: str) -> float:
        if style not in self.sizes:
            found = self.doc.styles[style]
            while found is not None and found.font.size is None:
                found = found.base_style
            size = found.font.size.pt if found is not None else self.s.font_size_pt
            self.sizes[style] = size
        return self.sizes[style]

    def _picture(self, para: Any, el: Any) -> None:
        src = el.get("src", "").strip()
        path = self.resolve_image(src) if src else None
        if path is None:
            return
        width = _length(el.get("width") or "", percent_of=self.text_width)
        height = _length(el.get("height") or "", percent_of=None)
        try:
            shape = para.add_run().add_picture(str(path), width=width, height=height)
        except (UnrecognizedImageError, OSError, ValueError) as exc:
            raise RenderError(f"cannot place image {src} in the DOCX ({exc}); "
                              "use a PNG or JPEG file") from exc
        if shape.width > self.text_width:
            shape.height = Emu(int(shape.height * self.text_width / shape.width))
            shape.width = self.text_width
        shape._inline.docPr.set("descr", x.clean_text(el.get("alt", "")))


def _skipped(el: Any) -> bool:
    return (el.tag.lower() in SKIP or el.get("hidden") is not None
            or el.get("data-docx-skip") is not None)


def _has_block(el: Any) -> bool:
    return any(isinstance(ch.tag, str) and ch.tag.lower() in BLOCK for ch in el)


def _has_content(tokens: list[Tok]) -> bool:
    return any(t.kind == "img" or (t.kind == "t" and t.text.strip(" \t\n\r\f")) for t in tokens)


def _collapse(tokens: list[Tok]) -> list[Tok]:
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


def _span(value: str | None, limit: int) -> int:
    try:
        return max(1, min(int(value or 1), max(1, limit)))
    except ValueError:
        return 1


def _length(spec: str, *, percent_of: Length | None) -> Length | None:
    match = LENGTH.match(spec or "")
    if not match:
        return None
    number, unit = float(match[1]), match[2] or "px"
    if unit == "%":
        return Emu(int(percent_of * number / 100)) if percent_of else None
    units = {"mm": Mm, "cm": Cm, "pt": Pt, "in": Inches, "px": lambda v: Inches(v / 96)}
    return Length(int(units[unit](number))) if number > 0 else None


def build_reference_docx(path: Path, *, latin_font: str, complex_font: str, size_pt: float,
                         heading_color: str) -> None:
    """Write a reference .docx holding every style html_to_docx needs, with sample text.

    Starts from python-docx's default template. A ministry then edits its copy in Word.
    """
    doc = Document()
    styles, color = doc.styles, heading_color.lstrip("#").upper()
    for fonts in styles.element.iter(qn("w:rFonts")):
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{theme}"), None)
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = x.child(x.child(defaults, "rPrDefault"), "rPr")
    x.child(rpr, "sz", val=str(round(size_pt * 2)))
    x.set_fonts(rpr, latin=latin_font, complex_font=complex_font,
                complex_half_points=round(size_pt * 2), lang="en-US", bidi_lang="th-TH")
    specs: list[tuple[str, WD_STYLE_TYPE, dict[str, Any]]] = [
        ("Normal", P, {"size": size_pt, "after": 4}),
        ("Title", P, {"size": size_pt * 1.6, "bold": True, "color": color, "after": 6}),
        ("Heading 1", P, {"size": size_pt * 1.25, "bold": True, "color": color,
                          "before": 10, "after": 3}),
        ("Heading 2", P, {"size": size_pt * 1.1, "bold": True, "color": color,
                          "before": 6, "after": 2}),
        *((name, P, {"after": 2}) for name in LISTS.values()),
        ("Marking", P, {"size": size_pt + 1, "bold": True, "color": "C00000", "after": 0,
                        "center": True}),
        ("Small", P, {"size": max(size_pt - 2, 7), "color": "595959", "after": 0}),
        ("Overdue", C, {"bold": True, "color": "C00000"}),
        (TABLE_STYLE, T, {"size": round(size_pt * 0.86 * 2) / 2, "after": 0}),
    ]
    for name, kind, spec in specs:
        _reference_style(doc, name, kind, **spec)
    table_style = styles[TABLE_STYLE].element
    tblpr = x.child(table_style, "tblPr")
    x.borders(tblpr, "tblBorders", ["top", "left", "bottom", "right", "insideH", "insideV"],
              "8C8C8C")
    margins = x.child(tblpr, "tblCellMar")
    for side, twips in (("top", 30), ("left", 85), ("bottom", 30), ("right", 85)):
        x.child(margins, side, w=str(twips), type="dxa")
    header = x.child(table_style, "tblStylePr", type="firstRow")
    x.set_on(x.child(header, "rPr"), "b", "bCs")
    x.shade(x.child(header, "tcPr"), "DCE3EE")
    for name in ("Title", "Heading 1", "Heading 2", *LISTS.values(), "Normal", "Small"):
        doc.add_paragraph(f"{name}: ตัวอย่างข้อความ sample text", style=name)
    table = doc.add_table(2, 2, style=TABLE_STYLE)
    for cell, text in zip(table._cells, ("Header", "หัวตาราง", "Cell", "เซลล์"), strict=True):
        cell.text = text
    x.mark_row(table.rows[0]._tr, header=True)
    doc.add_paragraph("Marking: SECRET / ลับมาก", style="Marking")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            doc.save(out)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _reference_style(doc: Any, name: str, kind: WD_STYLE_TYPE, *, size: float | None = None,
                     bold: bool = False, color: str | None = None, before: float | None = None,
                     after: float | None = None, center: bool = False) -> None:
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, kind)
        style.base_style = doc.styles["Normal Table" if kind == T else "Default Paragraph Font"
                                      if kind == C else "Normal"]
        style.quick_style = True
    element = style.element
    x.remove_children(element, "rPr")
    if element.pPr is not None:
        x.remove_children(element.pPr, "pBdr", "spacing", "contextualSpacing")
    rpr = element.get_or_add_rPr()
    if size:
        x.child(rpr, "sz", val=str(round(size * 2)))
        x.child(rpr, "szCs", val=str(round(size * 2)))
    if bold:
        x.set_on(rpr, "b", "bCs")
    if color:
        x.child(rpr, "color", val=color)
    if kind != C:
        fmt = style.paragraph_format
        fmt.space_before = Pt(before) if before is not None else None
        fmt.space_after = Pt(after) if after is not None else None
        if name.startswith(("Heading", "Title")):
            fmt.keep_with_next = True
        if center:
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
