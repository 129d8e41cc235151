"""The Word writer's fast paths write what python-docx writes: paragraphs and runs made with
lxml (render/word/elements.py, Runs.add_text) against python-docx's own calls, and the zip
of render/word/save.py, with its fonts deflated once per process, against `Document.save`."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from support import REPO

from briefgen.render.word import DocxSettings, save
from briefgen.render.word.elements import add_line_break, add_paragraph, add_run
from briefgen.render.word.fonts import FontFiles, embed_fonts
from briefgen.render.word.inline import Fmt
from briefgen.render.word.options import TABLE_STYLE
from briefgen.render.word.package import clean_reference
from briefgen.render.word.runs import Runs
from briefgen.render.word.save import docx_bytes
from briefgen.render.word.styles import P
from briefgen.render.word.tables import Sink

REFERENCE = REPO / "templates" / "default" / "reference.docx"
TEXTS = ["plain", " leading", "trailing ", "no\u00a0break\u00a0", "a\tb", "line\nnext\r", "ไทย 1"]
FORMATS = [
    Fmt(),
    Fmt(bold=True),
    Fmt(italic=True, underline=True),
    Fmt(bold=True, italic=True, vert="sup"),
    Fmt(vert="sub"),
    Fmt(char_style="Overdue", bold=True),
]


def _document():  # noqa: ANN202 - python-docx's Document type is private
    return Document(clean_reference(REFERENCE))


def _xml(element: object) -> bytes:
    return etree.tostring(element)


@pytest.mark.parametrize("text", TEXTS)
def test_a_run_is_written_as_python_docx_writes_it(text: str) -> None:
    doc = _document()
    expected = doc.add_paragraph()
    expected.add_run(text)
    expected.add_run().add_break()
    made = doc.add_paragraph()
    add_run(made._p, text, None)
    add_line_break(made._p)
    assert _xml(made._p) == _xml(expected._p)


@pytest.mark.parametrize("style", ["Normal", "Heading 1", "List Bullet", "Small"])
def test_a_paragraph_is_written_as_python_docx_writes_it(style: str) -> None:
    doc = _document()
    body = doc.element.body
    body.append(body.makeelement("{urn:x}after-the-section"))  # python-docx: before sectPr
    expected = doc.add_paragraph(style=style)
    made = Sink(doc).paragraph(style)
    assert _xml(made._p) == _xml(expected._p)
    assert made._p.getprevious() is expected._p
    assert made._p.getnext() is body.find(qn("w:sectPr"))
    cell = doc.add_table(1, 1).cell(0, 0)
    reused = Sink(cell, cell.paragraphs[0]).paragraph(style)
    added = Sink(cell).paragraph(style)
    assert _xml(reused._p) == _xml(added._p) == _xml(expected._p)
    assert [p._p for p in cell.paragraphs] == [reused._p, added._p]


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize("in_cell", [False, True])
def test_runs_of_a_kind_get_the_properties_format_gives(lang: str, in_cell: bool) -> None:
    """Every run after the first of its kind copies the first's properties: each must be
    what Runs.format gives a run made by python-docx."""
    doc = _document()
    runs = Runs(doc, DocxSettings(lang=lang, complex_size_pt=14), TABLE_STYLE)
    if in_cell:
        runs.cell_size = runs.table_size
    for style in ("Normal", "Heading 1", "Small"):
        for fmt in FORMATS:
            for text in TEXTS:
                for _ in range(2):  # the first of a kind, then a copy
                    expected = doc.add_paragraph(style=style)
                    runs.format(expected.add_run(text), fmt, style)
                    made = Sink(doc).paragraph(style)
                    runs.add_text(made._p, text, fmt, style)
                    assert _xml(made._p) == _xml(expected._p), (style, fmt, text)


def test_the_zip_is_written_as_python_docx_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same members in the same order, each with the same bytes stored (so also deflated the
    same), for a document with embedded fonts, which are not deflated again; only the
    timestamps may differ."""
    doc = _document()
    runs = Runs(doc, DocxSettings(), TABLE_STYLE)
    para = doc.add_paragraph(style="Title")
    for fmt in (Fmt(), Fmt(bold=True), Fmt(italic=True)):
        runs.format(para.add_run("Title ไทย"), fmt, "Title")
    embed_fonts(doc, FontFiles(), lambda _: None)
    assert any(hasattr(part, "deflated") for part in doc.part.package.parts)

    def no_deflating_again() -> None:
        raise AssertionError("an embedded font deflated again")

    handed: list[int] = []
    made_for = save._Deflated.__init__

    def counted(deflater: save._Deflated, data: bytes, deflated: bytes) -> None:
        handed.append(len(data))
        made_for(deflater, data, deflated)

    monkeypatch.setattr(save, "new_deflater", no_deflating_again)
    monkeypatch.setattr(save._Deflated, "__init__", counted)
    ours = io.BytesIO(docx_bytes(doc))
    monkeypatch.undo()
    fonts = [p for p in doc.part.package.parts if p.partname.endswith(".odttf")]
    assert len(handed) == len(fonts) >= 2  # every face handed over deflated already
    theirs = io.BytesIO()
    doc.save(theirs)
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for mine, python_docx in zip(a.infolist(), b.infolist(), strict=True):
            for field in ("compress_type", "external_attr", "CRC", "file_size", "compress_size"):
                assert getattr(mine, field) == getattr(python_docx, field), (mine, field)
            assert a.read(mine) == b.read(python_docx)
        assert any(name.endswith(".odttf") for name in a.namelist())
    assert Document(ours).paragraphs[-1].text == "Title ไทยTitle ไทยTitle ไทย"


def test_a_paragraph_style_look_up_is_the_documents() -> None:
    doc = _document()
    assert doc.part.get_style_id("Normal", P) is None
    made = add_paragraph(doc.element.body, doc.part.get_style_id("Heading 1", P))
    assert made.getnext().tag.endswith("sectPr")
    assert doc.paragraphs[-1].style.name == "Heading 1"
