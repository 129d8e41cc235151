"""The Word writer: walks the rendered HTML and writes blocks and runs into a copy of the
reference document (the mapping is described in briefgen/render/word/__init__.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import lxml.html
from docx import Document
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree

from briefgen.errors import RenderError, display_path
from briefgen.render.word.elements import add_line_break
from briefgen.render.word.fonts import FontFiles, embed_fonts
from briefgen.render.word.inline import WS, Fmt, Tok, collapse, has_content, length, span
from briefgen.render.word.numbering import restart_list, set_num
from briefgen.render.word.ooxml import clean_text, has_picture, set_spacing, w_tag
from briefgen.render.word.options import (
    BLOCK,
    CONTAINERS,
    HEADINGS,
    LISTS,
    MAX_DEPTH,
    PDF_LAYOUT,
    REQUIRED_STYLES,
    SKIP,
    TABLE_STYLE,
    WIDTH_STYLE,
    DocxSettings,
)
from briefgen.render.word.package import clean_reference
from briefgen.render.word.page import (
    LETTERHEAD_RULE_PT,
    PLAIN_RULE,
    clear_body,
    letterhead_to_top,
    set_core_properties,
    setup_page,
    write_furniture,
)
from briefgen.render.word.pictures import VectorPicture, add_picture
from briefgen.render.word.runs import Runs
from briefgen.render.word.save import docx_bytes
from briefgen.render.word.spacing import apply_layout
from briefgen.render.word.styles import C, P, check_styles, styles_of
from briefgen.render.word.tables import (
    Sink,
    cell_spacing,
    column_widths,
    fix_table_layout,
    mark_row,
    space_after_tables,
    table_grid,
)

PARAGRAPH = w_tag("p")


def html_to_docx(
    html: str,
    *,
    reference_docx: Path,
    resolve_image: Callable[[str], Path | bytes | VectorPicture | None],
    settings: DocxSettings,
    warn: Callable[[str], None] = lambda _: None,
) -> bytes:
    """The DOCX bytes for one rendered document (see briefgen.render.word for the mapping),
    with the fonts its runs use embedded; `warn` hears of a font that could not be."""
    html = clean_text(re.sub(r"^\s*<\?xml[^>]*\?>", "", html))
    root = lxml.html.document_fromstring(html if html.strip() else "<html></html>")
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if deepest >= MAX_DEPTH:  # lxml drops what lies deeper than 255 levels
        raise RenderError(f"the HTML is nested more than {MAX_DEPTH} levels deep")
    package = clean_reference(reference_docx)  # only the parts used, each bounded
    try:
        doc = Document(package)
    except Exception as exc:  # python-docx raises several types for an unreadable file
        raise RenderError(
            f"cannot open reference .docx {display_path(reference_docx)}: {exc}"
        ) from exc
    needed = dict(REQUIRED_STYLES)
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("data-docx-style"):
            needed[el.get("data-docx-style")] = C if el.tag == "span" else P
    check_styles(doc, needed, reference_docx)
    _use_style_index(doc)
    _Writer(doc, settings, resolve_image).write(root)
    embed_fonts(doc, FontFiles(folders=settings.font_folders), warn)
    return docx_bytes(doc)


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
        self.runs = Runs(doc, settings, TABLE_STYLE)
        self.body = Sink(doc)
        self.layout = PDF_LAYOUT if settings.line_pitch_pt else None  # spacing as in the PDF

    def write(self, root: Any) -> None:
        meta = {
            m.get("name", "").lower(): WS.sub(" ", clean_text(m.get("content", ""))).strip(" ")
            for m in root.iter("meta")
            if m.get("name")
        }
        lang = root.get("lang") or self.s.lang
        clear_body(self.doc)
        setup_page(self.doc, self.s, lang)
        if self.layout and self.s.line_pitch_pt:
            apply_layout(
                self.doc,
                self.layout,
                line_pitch_pt=self.s.line_pitch_pt,
                body_pt=self.s.font_size_pt,
            )
        set_core_properties(self.doc, root, lang)
        write_furniture(self.doc, meta, self.s, self.runs)
        main = root.find("body")
        self._blocks(main if main is not None else root, self.body, Fmt())
        if len(self.doc.element.body) == 1:  # only the section properties
            self.doc.add_paragraph(style="Normal")
        if self.layout:
            space_after_tables(self.doc, self.layout.table_after_mm)

    # -- blocks -------------------------------------------------------------------------
    def _blocks(self, el: Any, sink: Sink, fmt: Fmt) -> None:
        pending: list[Tok] = []

        def flush() -> None:
            if has_content(pending):
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

    def _block(self, el: Any, sink: Sink, fmt: Fmt) -> None:
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
            if has_content(tokens):
                self._emit(sink.paragraph(style), tokens, style)

    def _list(self, el: Any, sink: Sink, level: int, fmt: Fmt) -> None:
        style = LISTS[(el.tag.lower(), min(level, 1))]
        ordered = el.tag.lower() == "ol"
        numbering = (
            restart_list(self.doc, style, el.get("start"), thai_digits=self.s.thai_digits)
            if ordered
            else None
        )
        tokens: list[Tok] = []
        last: list[Any] = []

        def flush() -> None:
            if has_content(tokens):
                para = sink.paragraph(style)
                if numbering:
                    set_num(para._p, *numbering)
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
                    if tag in BLOCK and has_content(tokens):
                        tokens.append(Tok("br"))
                    self._inline_child(ch, fmt, tokens)
                if ch.tail:
                    tokens.append(Tok("t", ch.tail, fmt))
            flush()
        if last and self.layout:
            last[0].paragraph_format.space_after = Mm(self.layout.list_end_mm)

    def _table(self, el: Any, sink: Sink, fmt: Fmt) -> None:
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
        cells, ncols = table_grid(
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
                span(col.get("span"), ncols),
            )
            for col in el.xpath("./colgroup/col | ./col")
        ]
        widths = column_widths(specs, ncols, self.text_width)
        fix_table_layout(table._tbl, widths, first_row=rows[0][1])
        for r, (_, header) in enumerate(rows):  # rows never split, like tr {break-inside: avoid}
            mark_row(table.rows[r]._tr, header=header)
        outer, self.runs.cell_size = self.runs.cell_size, self.runs.table_size
        spacing = cell_spacing(self.doc, TABLE_STYLE)  # beats "Normal"'s, as in Word
        grid, columns = table._cells, table._column_count  # table.cell() remakes the grid
        for r, c, _, _, td in cells:
            cell = grid[r * columns + c]
            cell_fmt = replace(fmt, bold=True) if td.tag == "th" else fmt
            first = Paragraph(cell._tc.find(PARAGRAPH), cell)  # cell.paragraphs[0], sooner
            self._blocks(td, Sink(cell, first), cell_fmt)
            for p in cell._tc.findall(PARAGRAPH) if spacing else ():
                if not has_picture(p):
                    set_spacing(p.get_or_add_pPr(), **spacing)
        self.runs.cell_size = outer

    def _letterhead(self, el: Any, fmt: Fmt) -> None:
        start = len(self.doc.element.body) - 1  # before the section properties
        self._blocks(el, self.body, fmt)
        spacing = self.layout.letterhead_mm if self.layout else (0, 0)
        accent = self.s.accent_color
        rule = (accent, LETTERHEAD_RULE_PT) if accent else PLAIN_RULE
        row = "letterhead-centred" not in (el.get("class") or "").split()  # pack.css: flex
        beside = self.runs.size("Normal") if row else None
        letterhead_to_top(self.doc.element.body, start, spacing, rule, beside, accent)

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
        for tok in collapse(tokens):
            if tok.kind == "t":
                self.runs.add_text(para._p, tok.text, tok.fmt, style)
            elif tok.kind == "br":
                add_line_break(para._p)
            elif (src := tok.el.get("src", "").strip()) and (path := self.resolve_image(src)):
                add_picture(
                    para,
                    path,
                    src=src,
                    width=length(tok.el.get("width") or "", percent_of=self.text_width),
                    height=length(tok.el.get("height") or "", percent_of=None),
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
