"""The whole pack in one PDF, to attach to an e-mail: brief, talking points and annex.

The pages of the three documents are put together as they are, with no second layout: the
pages of one document keep their own "Page N of M", and the pack is the three documents one
after the other, with one outline made of theirs (each document's h1, then its h2 and h3).

A plain pack is put together from the three written PDFs (`merge_pdfs`, with pikepdf): it
takes milliseconds, where drawing every page again took as long as writing the three
documents, and the documents can be laid out in different processes (build.py). Each part
brings its own font subsets, so the pack is a little larger than one drawn at once.

An archival (PDF/A-3b) or tagged (PDF/UA-1) pack needs one structure tree, one set of XMP
metadata and one output intent over all its pages, which WeasyPrint writes only when it draws
them: `combine_pdfs` copies the laid-out documents' pages into one WeasyPrint document
(`Document.copy(pages)`), which is then written like a single document. `Document.copy` hands
the first document's metadata object to the copy; the pack gets its own copy of it instead,
so that giving the pack its title leaves the brief's title alone.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefgen.compose.context import Header
from briefgen.errors import RenderError
from briefgen.render.pdf import RenderedPdf, _apply_metadata

if TYPE_CHECKING:
    from briefgen.compose.localize import Localizer
    from briefgen.render.pack import Rendered, Written

PACK_FILE_NAME = "briefing-pack"


class CombinedPdf(RenderedPdf):
    """The pack's PDF. Keeps its parts alive: each part's FontConfiguration owns the font
    files its pages draw with, and they must outlive the writing of the combined PDF."""

    def __init__(self, document: Any, variant: str | None, parts: Sequence[RenderedPdf]):
        super().__init__(document, variant)
        self.parts = list(parts)


def pack_pdf(
    written: Sequence[Written], header: Header, loc: Localizer, laid_out: Sequence[Rendered] = ()
) -> tuple[bytes, int]:
    """The pack's PDF and page count, from the documents in order; `header` is one
    document's. It is put together from the written PDFs, or drawn again from the laid-out
    documents where they are given (an archival or tagged pack; see the module docstring)."""
    contents = loc._("Background brief, talking points and commitments annex")
    metadata = pack_metadata(header, loc._("Briefing pack"), contents)
    if laid_out:
        combined = combine_pdfs([document.pdf for document in laid_out], metadata)
        return combined.write(), combined.page_count
    return merge_pdfs([d.pdf for d in written], metadata), sum(d.pages for d in written)


def merge_pdfs(parts: Sequence[bytes], metadata: dict[str, Any]) -> bytes:
    """One PDF with every page of the written PDFs `parts`, in order, and their bookmarks;
    the first part's document information with `metadata` (title, author, subject, keywords,
    lang) over it."""
    import pikepdf

    if not parts:
        raise RenderError("there is no document to put in the pack")
    pack = pikepdf.Pdf.new()
    sources = [pikepdf.open(io.BytesIO(data)) for data in parts]  # open until saved
    try:
        bookmarks: list[Bookmark] = []
        for source in sources:
            first = len(pack.pages)
            page_index = {page.obj.objgen: first + n for n, page in enumerate(source.pages)}
            with source.open_outline() as outline:
                bookmarks += [_bookmark(item, page_index) for item in outline.root]
            _name_subsets_by_glyphs(source)
            pack.pages.extend(source.pages)
        with pack.open_outline() as outline:
            outline.root.extend(_outline_item(pack, bookmark) for bookmark in bookmarks)
        information = {**sources[0].docinfo, **_document_info(metadata)}
        for key, value in information.items():
            pack.docinfo[key] = value
        if "lang" in metadata:
            pack.Root.Lang = pikepdf.String(metadata["lang"])
        out = io.BytesIO()
        pack.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
    finally:
        for source in sources:
            source.close()


def _name_subsets_by_glyphs(pdf: Any) -> None:
    """Name each subsetted font after its font program, not after the font it was cut from.

    WeasyPrint tags a subset ("PTKMSO+Sarabun") from the font's description, so each part of
    a pack brings a different subset of Sarabun under the same name, and a viewer may take
    them for one font and draw one part's text with another part's glyphs."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        for font in fonts.values() if fonts is not None else ():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            descendants = font.get("/DescendantFonts")
            inner = descendants[0] if descendants else font
            descriptor = inner.get("/FontDescriptor")
            program = next(
                (
                    descriptor[k]
                    for k in ("/FontFile2", "/FontFile3", "/FontFile")
                    if descriptor is not None and k in descriptor
                ),
                None,
            )
            if program is None:
                continue
            digest = hashlib.md5(program.read_raw_bytes(), usedforsecurity=False).digest()
            tag = "".join(chr(65 + byte % 26) for byte in digest[:6])
            for holder, key in (
                (font, "/BaseFont"),
                (inner, "/BaseFont"),
                (descriptor, "/FontName"),
            ):
                name = str(holder.get(key, ""))
                if SUBSET_NAME.match(name):
                    holder[key] = pikepdf.Name(f"/{tag}{name[7:]}")


SUBSET_NAME = re.compile(r"^/[A-Z]{6}\+")


@dataclass
class Bookmark:
    title: str
    page: int  # index in the pack
    position: list[Any]  # the destination after its page: /XYZ left top zoom
    closed: bool
    children: list[Bookmark]


def _bookmark(item: Any, page_index: dict[tuple[int, int], int]) -> Bookmark:
    destination = list(item.destination or [])
    page = page_index.get(destination[0].objgen, 0) if destination else 0
    return Bookmark(
        title=str(item.title),
        page=page,
        position=destination[1:] or [],
        closed=bool(item.is_closed),
        children=[_bookmark(child, page_index) for child in item.children],
    )


def _outline_item(pack: Any, bookmark: Bookmark) -> Any:
    import pikepdf

    position = bookmark.position or [pikepdf.Name.Fit]
    destination = pikepdf.Array([pack.pages[bookmark.page].obj, *position])
    item = pikepdf.OutlineItem(bookmark.title, destination)
    item.is_closed = bookmark.closed
    item.children.extend(_outline_item(pack, child) for child in bookmark.children)
    return item


def _document_info(metadata: dict[str, Any]) -> dict[str, str]:
    keywords = metadata.get("keywords")
    if keywords is not None and not isinstance(keywords, str):
        keywords = ", ".join(keywords)
    fields = {
        "/Title": metadata.get("title"),
        "/Author": metadata.get("author"),
        "/Subject": metadata.get("subject"),
        "/Keywords": keywords,
    }
    return {key: value for key, value in fields.items() if value is not None}


def combine_pdfs(parts: Sequence[RenderedPdf], metadata: dict[str, Any]) -> CombinedPdf:
    """One PDF with every page of `parts`, in order; `metadata` as for `render_pdf`.

    The parts must share one PDF variant: a PDF/A pack cannot be half archival.
    """
    if not parts:
        raise RenderError("there is no document to put in the pack")
    variants = {part._variant for part in parts}
    if len(variants) != 1:
        raise RenderError("the pack's documents were rendered for different PDF variants")
    first = parts[0]._document
    combined = first.copy([page for part in parts for page in part._document.pages])
    combined.metadata = _copy_metadata(first.metadata)
    _apply_metadata(combined.metadata, metadata)
    return CombinedPdf(combined, variants.pop(), parts)


def _copy_metadata(metadata: Any) -> Any:
    duplicate = copy.copy(metadata)
    for name in ("authors", "keywords", "attachments", "xmp_metadata"):
        value = getattr(duplicate, name, None)
        if isinstance(value, list):
            setattr(duplicate, name, list(value))
    if isinstance(getattr(duplicate, "custom", None), dict):
        duplicate.custom = dict(duplicate.custom)
    return duplicate


def pack_metadata(header: Header, pack_title: str, contents: str) -> dict[str, Any]:
    """Title, subject, author, keywords and language of the pack, from a document's header.

    `pack_title` is "Briefing pack" in the pack's language; `contents` names its documents.
    """
    occasion = ", ".join(part for part in (header.title, header.when, header.place) if part)
    return {
        "title": f"{pack_title}: {header.title}",
        "subject": f"{contents}: {occasion}",
        "author": header.ministry,
        "keywords": header.keywords,
        "lang": header.lang,
    }
