"""The whole pack in one PDF, to attach to an e-mail: brief, talking points and annex.

The pages of the three documents are put together as they are, with no second layout: the
pages of one document keep their own "Page N of M", and the pack is the three documents one
after the other, with one outline made of theirs (each document's h1, then its h2 and h3).

A plain pack is put together from the three written PDFs (render/merge.py, with pikepdf): it
takes milliseconds, where drawing every page again took as long as writing the three
documents, and the documents can be laid out in different processes (build.py). Each part
brings its own font subsets, so the pack is larger than one drawn at once (about 40 % for
the seed packs: 72 KB instead of 52 KB in English, 128 KB instead of 86 KB in Thai).

An archival (PDF/A-3b) or tagged (PDF/UA-1) pack needs one structure tree, one set of XMP
metadata and one output intent over all its pages, which WeasyPrint writes only when it draws
them: `combine_pdfs` copies the laid-out documents' pages into one WeasyPrint document
(`Document.copy(pages)`), which is then written like a single document. `Document.copy` hands
the first document's metadata object to the copy; the pack gets its own copy of it instead,
so that giving the pack its title leaves the brief's title alone.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from briefgen.compose.context import Header
from briefgen.documents import PACK_FILE_NAME as PACK_FILE_NAME  # mail's import; see documents
from briefgen.errors import RenderError
from briefgen.render.merge import merge_pdfs
from briefgen.render.pdf import RenderedPdf, apply_metadata

if TYPE_CHECKING:
    from briefgen.compose.localize import Localizer
    from briefgen.render.pack import Rendered, Written

# The pack's own entries in its document information, read back by `mail`: its
# classification level as `make` was given it (none, confidential, …) and whether it is a draft.
CLASSIFICATION_KEY, DRAFT_KEY = "Classification", "Draft"


class CombinedPdf(RenderedPdf):
    """The pack's PDF. Keeps its parts alive: each part's FontConfiguration owns the font
    files its pages draw with, and they must outlive the writing of the combined PDF."""

    custom_metadata = True  # the pack's marking (CLASSIFICATION_KEY), never the parts' own

    def __init__(self, document: Any, variant: str | None, parts: Sequence[RenderedPdf]):
        super().__init__(document, variant)
        self.parts = list(parts)


def pack_pdf(
    written: Sequence[Written],
    header: Header,
    loc: Localizer,
    laid_out: Sequence[Rendered] = (),
    marking: tuple[str, bool] = ("none", False),
) -> tuple[bytes, int]:
    """The pack's PDF and page count, from the documents in order; `header` is one
    document's, `marking` the pack's (classification level, draft) for its metadata. It is
    put together from the written PDFs, or drawn again from the laid-out documents where
    they are given (an archival or tagged pack; see the module docstring)."""
    contents = loc._("Background brief, talking points and commitments annex")
    metadata = pack_metadata(header, loc._("Briefing pack"), contents)
    level, draft = marking
    metadata["custom"] = {CLASSIFICATION_KEY: level, DRAFT_KEY: "yes" if draft else "no"}
    if laid_out:
        combined = combine_pdfs([document.pdf for document in laid_out], metadata)
        return combined.write(), combined.page_count
    return merge_pdfs([d.pdf for d in written], metadata), sum(d.pages for d in written)


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
    apply_metadata(combined.metadata, metadata)
    return CombinedPdf(combined, variants.pop(), parts)


def _copy_metadata(metadata: Any) -> Any:
    duplicate = copy.copy(metadata)
    for name in ("authors", "keywords", "attachments", "xmp_metadata"):
        value = getattr(duplicate, name, None)
        if isinstance(value, list):
            setattr(duplicate, name, list(value))
    duplicate.custom = {}  # the documents' <meta> extras are no entries of the pack
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
