"""Rendering the pack's documents: template -> HTML -> PDF (WeasyPrint) and DOCX (python-docx).

One HTML per document feeds both formats, so an edit to a template shows in both.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from briefgen.compose.context import Header
from briefgen.documents import DOCUMENTS as DOCUMENTS  # mail's import; defined in documents
from briefgen.documents import DocumentKind
from briefgen.errors import ProfileError, display_path
from briefgen.profiles import Profile
from briefgen.render.cssvalues import describe, out_of_range
from briefgen.render.html import Templates
from briefgen.render.images import DocxImages, check_logo
from briefgen.render.longwords import break_long_runs
from briefgen.render.page import page_css, page_size_mm, sarabun_dir
from briefgen.render.pdf import RenderedPdf, ResourcePolicy, render_pdf

if TYPE_CHECKING:
    from briefgen.render.aside import Inbox, Started
    from briefgen.render.workers import Pending

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Work(Protocol[T_co]):
    """Work started, wherever it runs: `result()` once for its value, or `cancel()`."""

    def result(self) -> T_co: ...

    def cancel(self) -> None: ...


PACKAGE_DIR = Path(__file__).resolve().parent.parent
STYLESHEETS = ("pack.css", "theme.css")


def shared_templates(search_path: list[Path], lang: str) -> Templates:
    """The process's Templates for this search path and language, so that Jinja compiles
    each template once per process rather than once per pack (batch mode makes many). It
    reloads a template whose file changed; a file added to or removed from a folder of the
    search path (which changes which file a name finds) gives a new Templates."""
    folders = tuple(search_path)
    return _templates(folders, lang, _layout(folders))


def _layout(folders: tuple[Path, ...]) -> tuple[tuple[str, int], ...]:
    """Each folder and subfolder of the search path with its modification time."""
    import os

    found = []
    for folder in folders:
        for where, _, _ in os.walk(folder):
            try:
                found.append((where, os.stat(where).st_mtime_ns))
            except OSError:
                continue
    return tuple(found)


@functools.lru_cache(maxsize=16)
def _templates(folders: tuple[Path, ...], lang: str, layout: Any) -> Templates:
    templates = Templates(list(folders), lang)
    templates.env.auto_reload = True  # a changed file, by its mtime (ConfinedLoader)
    return templates


@dataclass
class Rendered:
    """A document laid out: its PDF's page count is known, and it can still be drawn into
    a combined PDF (render/combine.py)."""

    kind: DocumentKind
    html: str
    pdf: RenderedPdf

    def written(self) -> Written:
        return Written(self.kind, self.html, self.pdf.write(), self.pdf.page_count)


@dataclass
class Written:
    """A document written: its HTML (which the DOCX is made from), its PDF and page count."""

    kind: DocumentKind
    html: str
    pdf: bytes
    pages: int


@dataclass
class Aside(Generic[T]):
    """Work of a PackRenderer started aside: `result()` for its value, `cancel()` to drop it.
    `started` is a Started of render/aside.py, or a Pending of render/workers.py."""

    started: Started[tuple[T, list[str]]] | Pending[tuple[T, list[str]]]
    policy: ResourcePolicy

    def result(self) -> T:
        value, refusals = self.started.result()
        self.policy.keep(*refusals)
        return value

    def cancel(self) -> None:
        self.started.cancel()


class Together(Generic[T]):
    """Several lists of work started aside, as one: their values in order."""

    def __init__(self, parts: list[Aside[list[T]]]) -> None:
        self.parts = parts

    def result(self) -> list[T]:
        return [value for part in self.parts for value in part.result()]

    def cancel(self) -> None:
        for part in self.parts:
            part.cancel()


# The warm-up documents this process has laid out (PackRenderer.warm_up), with their variant.
_WARMED_UP: set[tuple[str, str | None]] = set()


class PackRenderer:
    """Templates, resource policy and Word settings of one profile in one language."""

    def __init__(self, profile: Profile, lang: str, workspace: Path, variant: str | None) -> None:
        self.profile = profile
        self.lang = lang
        self.workspace = workspace.resolve()
        self.variant = variant
        self.templates = shared_templates(profile.search_path, lang)
        self.policy = ResourcePolicy(
            roots=[self.workspace, *profile.search_path, PACKAGE_DIR, sarabun_dir()]
        )

    @functools.cached_property
    def images(self) -> DocxImages:
        return DocxImages(self.policy)

    @functools.cached_property
    def stylesheets(self) -> list[str]:
        found = [path for path in map(self.profile.find, STYLESHEETS) if path is not None]
        for path in found:  # a value WeasyPrint cannot lay out (render/cssvalues.py)
            wrong = out_of_range(path.read_text(encoding="utf-8", errors="replace"))
            if wrong is not None:
                raise ProfileError(f"{display_path(path)}:{describe(*wrong)}")
        return [path.as_uri() for path in found]

    @functools.cached_property
    def logo_admitted(self) -> bool:
        """Whether the profile's logo may be drawn: False for a file the resource policy
        refuses (the reason is among its refusals); a ProfileError for no picture at all."""
        path = self.profile.logo_file()
        return path is None or check_logo(path, self.policy)

    def drawn_header(self, header: Header) -> Header:
        """The header as the letterhead draws it: without a logo the policy refuses."""
        if header.logo is None or self.logo_admitted:
            return header
        return dataclasses.replace(header, logo=None)

    def render(self, kind: DocumentKind, content: Any) -> Rendered:
        """One document laid out: its HTML and its PDF (content carries its header)."""
        html = self.html(kind, content.header, content)
        return Rendered(kind, html, self.pdf(html, content.header))

    def html(self, kind: DocumentKind, header: Header, content: Any) -> str:
        header = self.drawn_header(header)
        context = {
            "header": header,
            kind.key.replace("-", "_"): content,
            "document_key": kind.key,
            "stylesheets": self.stylesheets,
            "page_css": page_css(self.profile, header, landscape=kind.landscape),
        }
        return self.templates.render(kind.template, context)

    def pdf(self, html: str, header: Header) -> RenderedPdf:
        metadata = {"lang": self.lang}
        return render_pdf(
            break_long_runs(html),
            base_url=self.workspace,
            policy=self.policy,
            variant=self.variant,
            metadata=metadata,
        )

    def docx(self, html: str, kind: DocumentKind) -> bytes:
        from briefgen.render.word import html_to_docx

        reference = self.profile.find("reference.docx")
        if reference is None:
            raise ProfileError(f"no reference.docx for the {self.profile.ministry} profile")
        return html_to_docx(
            html,
            reference_docx=reference,
            resolve_image=self._docx_picture,
            settings=self.docx_settings(landscape=kind.landscape),
            warn=self._warn,
        )

    def _docx_picture(self, src: str) -> Any:
        """What the DOCX shows for an <img src>: the file, or for an SVG the PNG drawn from
        it, kept with the SVG itself when that is self-contained (Word 2016+ draws it)."""
        from briefgen.render.word.pictures import VectorPicture, self_contained_svg

        path = self.policy.local_file(src, self.workspace)
        picture = self.images.picture(path)
        if isinstance(picture, bytes) and path is not None:
            svg = path.read_bytes()
            if self_contained_svg(svg):
                return VectorPicture(svg=svg, png=picture)
        return picture

    def _warn(self, message: str) -> None:
        """A warning of the pack's build (returned with the resources it refuses)."""
        self.policy.keep(message)

    def warm_up(self, header: Header) -> None:
        """Lay out and write a few lines with the pack's stylesheets, fonts and page rules.

        A process's first document costs WeasyPrint far more than the next: loading the
        fonts, and cffi parsing the C types of the calls it makes. Done once before a child
        is forked (`pdf_all`), that work is inherited by the child instead of done twice;
        done once a process for the same stylesheets, fonts and page rules.
        It reads through a copy of the resource policy: what it refuses is not reported (the
        documents report what they refuse)."""
        from markupsafe import escape

        links = "".join(f'<link rel="stylesheet" href="{escape(s)}">' for s in self.stylesheets)
        css = page_css(self.profile, header)
        text = "Aa <strong>Bb</strong> <em>Cc</em> \u0e44\u0e17\u0e22 1"
        html = (
            f'<!DOCTYPE html><html lang="{escape(self.lang)}"><head>{links}<style>{css}</style>'
            f"</head><body><h1>{text}</h1><p>{text}</p><ul><li>{text}</li></ul>"
            f"<table><tr><th>{text}</th><td>{text}</td></tr></table></body></html>"
        )
        if (html, self.variant) in _WARMED_UP:  # a server's or a batch's later packs
            return
        policy = dataclasses.replace(self.policy, refusals=[])
        render_pdf(html, base_url=self.workspace, policy=policy, variant=self.variant).write()
        _WARMED_UP.add((html, self.variant))

    def docx_all(
        self, documents: list[tuple[str, DocumentKind]], inbox: Inbox | None = None
    ) -> Work[list[bytes]]:
        """Start making the DOCX of each (html, kind), in a child where that helps; with an
        `inbox`, then that of one more (html, kind) sent through it once known (the brief's,
        once fitted), by the same child. Where this process keeps layout workers, one of
        them makes the first ones, and this process the one sent (render/jobs.py)."""

        def work() -> list[bytes]:
            made = [self.docx(html, kind) for html, kind in documents]
            if inbox is not None:
                html, kind = inbox.receive()
                made.append(self.docx(html, kind))
            return made

        from briefgen.render import workers

        pool = workers.kept()
        if pool is not None and self.lays_out_apart(documents):
            from briefgen.render.jobs import docx_in_worker

            return docx_in_worker(self, pool, documents, inbox)
        return self.aside(work, inbox, yielding=True)

    def pdf_all(self, documents: list[tuple[str, DocumentKind, Header]]) -> Work[list[Written]]:
        """Start laying out and writing the PDF of each (html, kind, header), in a child
        where that helps. Where this process has imported WeasyPrint, it is warmed up here
        first, for the child to inherit; where it has not (a cold `make`), the child imports
        it itself, on the CPU this process leaves idle while it imports it too."""

        def lay_out(chosen: list[tuple[str, DocumentKind, Header]]) -> list[Written]:
            return [
                Rendered(kind, html, self.pdf(html, header)).written()
                for html, kind, header in chosen
            ]

        if not self.lays_out_apart(documents):
            return self.aside(lambda: lay_out(documents))
        # A warm process (the web app) forks cheaply: each document in a child of its own,
        # so that the talking points need not wait for the annex's table; or, where it
        # keeps layout workers (render/workers.py), in those.
        self.warm_up(documents[0][2])
        from briefgen.render import workers

        pool = workers.kept()
        if pool is not None:
            from briefgen.render.jobs import pdf_in_workers

            return pdf_in_workers(self, pool, documents)
        # The longest first, and it alone not yielding: it is the last to end.
        by_length = sorted(range(len(documents)), key=lambda i: -len(documents[i][0]))
        started = {
            i: self.aside(functools.partial(lay_out, [documents[i]]), yielding=i != by_length[0])
            for i in by_length
        }
        return Together([started[i] for i in range(len(documents))])

    @staticmethod
    def lays_out_apart(documents: list[Any]) -> bool:
        """Whether each document gets a process of its own: in a process that has WeasyPrint
        loaded already (the web app), which forks cheaply."""
        from briefgen.render.aside import forks

        return bool(documents) and "weasyprint" in sys.modules and forks()

    def aside(
        self, work: Callable[[], T], inbox: Inbox | None = None, yielding: bool = False
    ) -> Aside[T]:
        """Start `work()`, which uses this renderer, in a child where that helps
        (render/aside.py); the resources it refuses there are this renderer's refusals.
        `yielding` work is short beside the pack's longest: its child gives way to the
        processes that lay the longest out, where more processes than CPUs run."""
        from briefgen.render import engine  # noqa: F401  (it prepares each child's fonts)
        from briefgen.render.aside import aside

        return Aside(aside(functools.partial(self.counted, work), inbox, yielding), self.policy)

    def counted(self, work: Callable[[], T]) -> tuple[T, list[str]]:
        """work()'s value, with the resources the policy refused meanwhile."""
        before = len(self.policy.refusals)
        value = work()
        return value, self.policy.refusals[before:]

    def docx_settings(self, landscape: bool = False) -> Any:
        from briefgen.render.word import DocxSettings

        fonts, pdf = self.profile.fonts_docx, self.profile.fonts_pdf
        width, height = page_size_mm(self.profile, landscape)
        margins = self.profile.page.margins_mm
        # The DOCX sizes draw as large as the PDF's (measured), so its lines take the PDF's
        # pitch: the PDF's size x its CSS line-height.
        return DocxSettings(
            latin_font=fonts.latin,
            complex_font=fonts.complex,
            font_size_pt=fonts.size_pt,
            complex_size_pt=fonts.complex_size_pt,
            lang=self.lang,
            page_width_mm=width,
            page_height_mm=height,
            margin_top_mm=margins.top,
            margin_right_mm=margins.right,
            margin_bottom_mm=margins.bottom,
            margin_left_mm=margins.left,
            thai_digits=self.profile.native_digits and self.lang == "th",
            line_pitch_pt=pdf.size_pt * pdf.line_height,
            font_folders=tuple(folder / "fonts" for folder in self.profile.search_path),
            accent_color=self.profile.accent_color,
        )
