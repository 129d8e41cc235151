"""PDF from a document's rendered HTML, through WeasyPrint, with no network and no stray reads.

WeasyPrint is imported inside the functions that need it, never at module level: importing it
takes most of a second, and the CLI must start fast. What it may read is the ResourcePolicy's
to say (render/resources.py).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from briefgen import markings
from briefgen.errors import RenderError
from briefgen.render.resources import ResourcePolicy as ResourcePolicy
from briefgen.render.resources import ResourceRefused as ResourceRefused
from briefgen.render.resources import make_url_fetcher
from briefgen.render.thaitext import repair_thai_text

PDF_VARIANTS = (None, *markings.PDF_VARIANTS)


class RenderedPdf:
    """A laid-out document: its page count is known before the PDF is written."""

    custom_metadata = False  # write metadata.custom into the document information

    def __init__(self, document: Any, variant: str | None) -> None:
        self._document = document
        self._variant = variant

    @property
    def page_count(self) -> int:
        return len(self._document.pages)

    @property
    def document(self) -> Any:
        """The laid-out WeasyPrint Document: its pages and their boxes."""
        return self._document

    def write(self) -> bytes:
        try:
            pdf: bytes = self._document.write_pdf(
                pdf_variant=self._variant,
                finisher=repair_thai_text,
                custom_metadata=self.custom_metadata,
            )
        except WEASYPRINT_FAILURES as exc:
            raise weasyprint_failed(exc) from None
        return pdf


# WeasyPrint's own failures on a value it cannot lay out or draw (a length that overflows).
WEASYPRINT_FAILURES = (ArithmeticError, ValueError, TypeError, IndexError, KeyError)


def weasyprint_failed(exc: BaseException) -> RenderError:
    return RenderError(
        f"WeasyPrint cannot lay out the document ({type(exc).__name__}: {exc}); a style in "
        "the templates or stylesheets has a value out of range"
    )


def render_pdf(
    html: str,
    *,
    base_url: Path,
    policy: ResourcePolicy,
    variant: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> RenderedPdf:
    """Lay out `html` (relative URLs resolve against `base_url`, a folder or a file).

    `variant` is None, "pdf/a-3b" (archival) or "pdf/ua-1" (tagged). WeasyPrint itself reads
    `<title>`, `<html lang>` and `<meta name=author|description|keywords|dcterms.created>`;
    `metadata` keys title, author, subject, keywords (str or list), lang and created (date,
    datetime or W3C string) override them; `custom` (a dict) adds entries of its own. The
    creation date defaults to now.
    """
    if variant not in PDF_VARIANTS:
        raise RenderError(
            f"unknown PDF variant {variant!r}; use one of "
            + ", ".join(v for v in PDF_VARIANTS if v)
        )
    from briefgen.render.engine import font_config
    from briefgen.render.uastyles import lighter_sheet_suits

    base = base_url.resolve()
    base_uri = base.as_uri() + ("/" if base.is_dir() else "")
    fetcher = make_url_fetcher(policy)
    policy.begin_document()
    try:
        parsed = _html_class()(string=html, base_url=base_uri, url_fetcher=fetcher)
        parsed.lighter_ua = lighter_sheet_suits(parsed, policy)
        document = parsed.render(font_config=font_config(), pdf_variant=variant)
    except RecursionError:
        raise RenderError("the document is nested too deeply to lay out") from None
    except WEASYPRINT_FAILURES as exc:
        raise weasyprint_failed(exc) from None
    apply_metadata(document.metadata, metadata or {})
    return RenderedPdf(document, variant)


@functools.cache
def _html_class() -> Any:
    """weasyprint.HTML, which gives a document the lighter user-agent stylesheet when it
    cannot tell it from WeasyPrint's own (render/uastyles.py). WeasyPrint has no public way
    to name the user-agent stylesheet; its own tests override this method to the same end."""
    from briefgen.render.engine import import_weasyprint
    from briefgen.render.uastyles import lighter_sheet

    class HTML(import_weasyprint().HTML):  # type: ignore[misc]
        lighter_ua = False

        def _ua_stylesheets(self, *args: Any, **kwargs: Any) -> Any:
            forms = any(args) or any(kwargs.values())
            if self.lighter_ua and not forms:
                return [lighter_sheet()]
            return super()._ua_stylesheets(*args, **kwargs)

    return HTML


def apply_metadata(target: Any, metadata: dict[str, Any]) -> None:
    if "title" in metadata:
        target.title = metadata["title"]
    if "author" in metadata:
        target.authors = [metadata["author"]]
    if "subject" in metadata:
        target.description = metadata["subject"]
    if "keywords" in metadata:
        keywords = metadata["keywords"]
        target.keywords = (
            [k.strip() for k in keywords.split(",")]
            if isinstance(keywords, str)
            else list(keywords)
        )
    if "lang" in metadata:
        target.lang = metadata["lang"]
    if "custom" in metadata:  # keys of the document information: letters and digits
        target.custom.update(metadata["custom"])
    created = metadata.get("created") or target.created or datetime.now(UTC)
    if isinstance(created, datetime):
        created = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    elif isinstance(created, date):
        created = created.isoformat()
    target.created = created


def count_pages(pdf_bytes: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)


def pdf_text(pdf_bytes: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


def pdf_fonts(pdf_bytes: bytes) -> dict[str, bool]:
    """Base font names used by the pages, each with whether its font file is embedded."""
    from pypdf import PdfReader

    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        resources: Any = page.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        fonts: Iterable[Any] = (resources.get("/Font") or {}).values()
        for ref in fonts:
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont", "")).lstrip("/")] = embedded
    return found
