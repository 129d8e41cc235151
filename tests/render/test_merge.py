"""The plain pack put together from written PDFs (render/merge.py): pages, bookmarks, links,
font names and document information, on small documents written by WeasyPrint."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest

from briefgen.errors import RenderError
from briefgen.render.engine import font_config, import_weasyprint
from briefgen.render.merge import merge_pdfs
from briefgen.render.page import sarabun_dir

FACE = (sarabun_dir() / "Sarabun-Regular.ttf").as_uri()


def written(name: str, pages: int, closed: bool = False) -> bytes:
    """A document of `pages` pages: h1 `name`, an h2 on each page, and a link from the first
    page to the last one's h2."""
    state = "h1 { bookmark-state: closed; }" if closed else ""
    sections = "".join(
        f'<h2 id="s{n}" style="break-before: page">{name} {n}</h2><p>{name} text {n}</p>'
        for n in range(1, pages)
    )
    html = (
        '<meta name="dcterms.created" content="2026-12-01T10:00:00Z">'
        f"<style>@font-face {{ font-family: Body; src: url({FACE}); }} "
        f"body {{ font-family: Body; }} {state}</style>"
        f'<h1>{name}</h1><p><a href="#s{pages - 1}">to the end of {name}</a></p>{sections}'
    )
    document = import_weasyprint().HTML(string=html).render(font_config=font_config())
    pdf: bytes = document.write_pdf()
    return pdf


def page_of(pdf: pikepdf.Pdf, destination: Any) -> int:
    return next(n for n, page in enumerate(pdf.pages) if page.obj.objgen == destination[0].objgen)


@pytest.fixture(scope="module")
def merged() -> pikepdf.Pdf:
    parts = [written("Alpha", 2), written("Beta", 3, closed=True), written("Gamma", 2)]
    metadata = {"title": "Pack", "author": "Unit", "keywords": ["A", "B"], "lang": "th"}
    return pikepdf.open(io.BytesIO(merge_pdfs(parts, metadata)))


def test_every_page_in_order(merged: pikepdf.Pdf) -> None:
    assert len(merged.pages) == 7
    assert merged.pdf_version >= "1.7"


def test_bookmarks_point_at_their_pages_with_their_state(merged: pikepdf.Pdf) -> None:
    with merged.open_outline() as outline:
        top = [(item.title, page_of(merged, item.destination)) for item in outline.root]
        assert top == [("Alpha", 0), ("Beta", 2), ("Gamma", 5)]
        assert not outline.root[0].is_closed
        beta = outline.root[1]
        sections = [(c.title, page_of(merged, c.destination)) for c in beta.children]
        assert sections == [("Beta 1", 3), ("Beta 2", 4)]
        assert beta.is_closed
        assert [c.title for c in outline.root[0].children] == ["Alpha 1"]


def test_links_go_to_their_own_documents_page(merged: pikepdf.Pdf) -> None:
    targets = {}
    for number, page in enumerate(merged.pages):
        for annotation in page.obj.get("/Annots", ()):
            targets[number] = page_of(merged, annotation.Dest)
    assert targets == {0: 1, 2: 4, 5: 6}


def test_no_two_font_subsets_share_a_name(merged: pikepdf.Pdf) -> None:
    programs: dict[str, bytes] = {}
    for page in merged.pages:
        for font in page.Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor
            program = descriptor.FontFile2.read_raw_bytes()
            name = str(font.BaseFont)
            assert programs.setdefault(name, program) == program, f"{name} names two subsets"
            assert str(descriptor.FontName) == name
    assert len(programs) >= 3  # one a part at least


def test_document_information_and_language(merged: pikepdf.Pdf) -> None:
    info = {str(k): str(v) for k, v in merged.docinfo.items()}
    assert info["/Title"] == "Pack"
    assert info["/Author"] == "Unit"
    assert info["/Keywords"] == "A, B"
    assert info["/CreationDate"].startswith("D:20261201")  # the first part's
    assert str(merged.Root.Lang) == "th"


def test_nothing_to_merge() -> None:
    with pytest.raises(RenderError, match="no document"):
        merge_pdfs([], {})
