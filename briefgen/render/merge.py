"""Written PDFs put together into one, page by page, with pikepdf (qpdf): the plain pack.

Each part's pages are copied as they are. What lives outside the pages is rebuilt for the
pack: the outline (each part's bookmarks, pointing at the pack's copies of their pages),
the links inside a part (WeasyPrint writes them to named destinations, which live in the
part's catalog: they become destinations on the pack's pages), the document information and
language. Each part brings its own font subsets; they are renamed so that no two differ
under one name (see `_name_subsets_apart`).
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from briefgen.errors import RenderError

SUBSET_NAME = re.compile(r"^/[A-Z]{6}\+")


@dataclass
class Bookmark:
    title: str
    page: int  # index in the pack
    position: list[Any]  # the destination after its page: /XYZ left top zoom
    closed: bool
    children: list[Bookmark]


def merge_pdfs(parts: Sequence[bytes], metadata: dict[str, Any]) -> bytes:
    """One PDF with every page of the written PDFs `parts`, in order, their bookmarks and
    links; the first part's document information with `metadata`'s title, author, subject
    and keywords over it, `custom`'s entries added, and its lang as the catalog's language."""
    import pikepdf

    if not parts:
        raise RenderError("there is no document to put in the pack")
    with ExitStack() as stack:
        pack = stack.enter_context(pikepdf.Pdf.new())
        sources = [stack.enter_context(pikepdf.open(io.BytesIO(data))) for data in parts]
        bookmarks: list[Bookmark] = []
        for number, source in enumerate(sources):
            first = len(pack.pages)
            page_index = {page.obj.objgen: first + n for n, page in enumerate(source.pages)}
            with source.open_outline() as outline:
                bookmarks += [_bookmark(item, page_index, first) for item in outline.root]
            targets = _named_destinations(source, page_index)
            _name_subsets_apart(source, number)
            with warnings.catch_warnings():  # that named destinations are not copied:
                warnings.filterwarnings("ignore", "Copying pages from another Pdf")
                pack.pages.extend(source.pages)  # the links are pointed at pages below
            _point_links_at_pages(pack, range(first, len(pack.pages)), targets)
        with pack.open_outline() as outline:
            outline.root.extend(_outline_item(pack, bookmark) for bookmark in bookmarks)
        for key, value in {**sources[0].docinfo, **_document_info(metadata)}.items():
            pack.docinfo[key] = value
        if "lang" in metadata:
            pack.Root.Lang = pikepdf.String(metadata["lang"])
        out = io.BytesIO()
        version = max(source.pdf_version for source in sources)
        pack.save(out, min_version=version, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def _bookmark(item: Any, page_index: dict[tuple[int, int], int], first: int) -> Bookmark:
    destination = list(item.destination or [])
    page = page_index.get(destination[0].objgen, first) if destination else first
    return Bookmark(
        title=str(item.title),
        page=page,
        position=destination[1:],
        closed=bool(item.is_closed),
        children=[_bookmark(child, page_index, first) for child in item.children],
    )


def _outline_item(pack: Any, bookmark: Bookmark) -> Any:
    import pikepdf

    position = bookmark.position or [pikepdf.Name.Fit]
    destination = pikepdf.Array([pack.pages[bookmark.page].obj, *position])
    item = pikepdf.OutlineItem(bookmark.title, destination)
    item.is_closed = bookmark.closed
    item.children.extend(_outline_item(pack, child) for child in bookmark.children)
    return item


def _named_destinations(
    source: Any, page_index: dict[tuple[int, int], int]
) -> dict[str, tuple[int, list[Any]]]:
    """Each named destination of the part: (the pack's page index, the rest of it)."""
    import pikepdf

    names = source.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    found = {}
    destination: Any
    for name, destination in pikepdf.NameTree(names.Dests).items():
        if isinstance(destination, pikepdf.Dictionary):  # the long form: << /D [...] >>
            destination = destination.get("/D")
        if isinstance(destination, pikepdf.Array) and len(destination) > 0:
            page = page_index.get(destination[0].objgen)
            if page is not None:
                found[str(name)] = (page, list(destination)[1:])
    return found


def _point_links_at_pages(
    pack: Any, pages: range, targets: dict[str, tuple[int, list[Any]]]
) -> None:
    """Links on the pack's `pages` that go to a name: to the named page and place instead."""
    import pikepdf

    for number in pages:
        for annotation in pack.pages[number].obj.get("/Annots", ()):
            action = annotation.get("/A")
            if action is not None and action.get("/S") != pikepdf.Name.GoTo:
                continue  # a link out of the document (to a file or the web) stays as it is
            holder, key = (action, "/D") if action is not None else (annotation, "/Dest")
            name = holder.get(key)
            if isinstance(name, pikepdf.String):
                target = targets.get(str(name))
                if target is not None:
                    page, position = target
                    holder[key] = pikepdf.Array([pack.pages[page].obj, *position])


def _name_subsets_apart(pdf: Any, part: int) -> None:
    """Name each subsetted font of part number `part` after its font program and part.

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
            if descriptor is None:
                continue
            program = next(
                (
                    descriptor[k]
                    for k in ("/FontFile2", "/FontFile3", "/FontFile")
                    if k in descriptor
                ),
                None,
            )
            if program is None:
                continue
            digest = hashlib.md5(bytes([part]) + program.read_raw_bytes(), usedforsecurity=False)
            tag = "".join(chr(65 + byte % 26) for byte in digest.digest()[:6])
            for holder, key in (
                (font, "/BaseFont"),
                (inner, "/BaseFont"),
                (descriptor, "/FontName"),
            ):
                name = str(holder.get(key, ""))
                if SUBSET_NAME.match(name):
                    holder[key] = pikepdf.Name(f"/{tag}{name[7:]}")


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
    for key, value in (metadata.get("custom") or {}).items():
        fields[f"/{key}"] = value
    return {key: value for key, value in fields.items() if value is not None}
