"""The whole pack in one PDF, to attach to an e-mail: brief, talking points and annex.

The three documents are already laid out, so their pages are put together as they are, with
no second layout: the pages of one document keep their own "Page N of M", and the pack is
the three documents one after the other. WeasyPrint's `Document.copy(pages)` does that; the
copy writes one outline from the pages' bookmarks (each document's h1, then its h2 and h3),
one set of subsetted fonts shared by all pages (fonts are keyed by their description, so the
same face used by two documents is embedded once), and the PDF variant's marks, exactly as
for a single document.

`Document.copy` hands the first document's metadata object to the copy. The pack gets its
own copy of it instead, so that giving the pack its title leaves the brief's title alone.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from briefgen.compose.context import Header
from briefgen.errors import RenderError
from briefgen.render.pdf import RenderedPdf, _apply_metadata

if TYPE_CHECKING:
    from briefgen.compose.localize import Localizer
    from briefgen.render.pack import Rendered

PACK_FILE_NAME = "briefing-pack"


class CombinedPdf(RenderedPdf):
    """The pack's PDF. Keeps its parts alive: each part's FontConfiguration owns the font
    files its pages draw with, and they must outlive the writing of the combined PDF."""

    def __init__(self, document: Any, variant: str | None, parts: Sequence[RenderedPdf]):
        super().__init__(document, variant)
        self.parts = list(parts)


def pack_pdf(documents: Sequence[Rendered], header: Header, loc: Localizer) -> CombinedPdf:
    """The pack of the rendered documents, in their order; `header` is one document's."""
    contents = loc._("Background brief, talking points and commitments annex")
    metadata = pack_metadata(header, loc._("Briefing pack"), contents)
    return combine_pdfs([document.pdf for document in documents], metadata)


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
