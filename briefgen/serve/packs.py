"""Making a pack from the web app, and pictures of it: the brief as a PNG, every page small.

The pack is made by briefgen.build, exactly as `briefgen make` makes it, into the server's
output folder. Pages are drawn with pdfium (pypdfium2), in memory, when the browser asks for
them: a pack's answer names its pictures without waiting for them to be drawn (a script's
pack needs none). Pictures, drawn or still to draw, are kept for the last few packs only.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from briefgen.budget import run_budget
from briefgen.build import (
    BuildResult,
    MakeOptions,
    build,
    compose,
    fit_one_page,
    later_documents,
    prepare,
)
from briefgen.documents import BRIEF, PACK_FILE_NAME
from briefgen.errors import BriefgenError
from briefgen.records import Workspace
from briefgen.render import workers

PREVIEW_SCALE = 110 / 72  # the brief at 110 dpi: readable on a screen
THUMB_SCALE = 28 / 72
KEPT_PICTURES = 64
# name -> the PNG, or what draws it: the PDF, the page's index and the scale
_pictures: OrderedDict[str, bytes | tuple[bytes, int, float]] = OrderedDict()
_pictures_lock = threading.Lock()
_render_lock = threading.Lock()  # WeasyPrint and pdfium: one pack at a time


@dataclass
class MadePack:
    files: list[dict[str, str]]  # name, url, pages, size
    notes: list[str]
    brief: str | None = None  # picture name
    thumbnails: list[str] = field(default_factory=list)


def make_pack(options: MakeOptions, workspace: Workspace, pictures: bool = True) -> MadePack:
    """The pack, made and written; with `pictures`, its pictures named, to be drawn when
    asked for (a script's pack, through the JSON API, has none)."""
    with _render_lock:
        if not _word_loaded:
            _load_here(options, workspace)
        workers.keep()  # the documents are laid out by workers that stay (render/workers.py)
        result = build(options, workspace=workspace)
    return describe(result, pictures)


_word_loaded: list[bool] = []


def warm_up(options: MakeOptions, workspace: Workspace) -> None:
    """What the first pack would load, loaded before anyone asks for one: WeasyPrint and
    the brief's first fit, python-docx, and the layout workers, each having laid out the
    pack's talking points and annex once."""
    workers.keep()
    brief_preview(options, workspace)
    with _render_lock:
        _load_here(options, workspace, lay_out=True)


def _load_here(options: MakeOptions, workspace: Workspace, lay_out: bool = False) -> None:
    """Make one DOCX here, once: python-docx, the reference document and the embedded fonts
    are then loaded in the server, and the layout workers and children forked later inherit
    them rather than loading them again (a command-line `make` never loads them in its main
    process). With `lay_out`, the pack's talking points and annex are laid out too, by the
    layout workers where this process keeps them."""
    word = not _word_loaded
    if word:
        _word_loaded.append(True)  # tried once, whatever happens
    with contextlib.suppress(BriefgenError), run_budget():  # the pack says what is wrong
        prepared = prepare(options, workspace)
        renderer = prepared.renderer
        later = later_documents(renderer, compose(prepared, options))
        if word:
            html, kind, _ = later[0]
            renderer.docx(html, kind)
        if lay_out:
            renderer.pdf_all(later).result()


def describe(result: BuildResult, pictures: bool = True) -> MadePack:
    files = [
        {
            "name": written.path.name,
            "url": f"/files/{written.path.name}",
            "pages": written.pages,
            "size": f"{written.size / 1024:.0f} KB",
        }
        for written in result.files
    ]
    made = MadePack(files=files, notes=result.notes())
    if not pictures:
        return made
    pdfs = [w for w in result.files if w.path.suffix == ".pdf"]
    briefs = [w for w in pdfs if f"_{BRIEF.file_name}" in w.path.name]
    packs = [w for w in pdfs if f"_{PACK_FILE_NAME}" in w.path.name]
    if briefs:
        drawn = (briefs[0].path.read_bytes(), 0, PREVIEW_SCALE)
        made.brief = keep(f"{briefs[0].path.name}.png", drawn)
    whole = packs[0] if packs else (briefs[0] if briefs else None)
    if whole is not None:
        pdf = whole.path.read_bytes()
        count = int(whole.pages) if whole.pages.isdigit() else page_count(pdf)
        for index in range(count):
            name = f"{whole.path.name}.{index + 1}.png"
            made.thumbnails.append(keep(name, (pdf, index, THUMB_SCALE)))
    return made


def brief_preview(options: MakeOptions, workspace: Workspace) -> str:
    """The brief alone, fitted to its page as in the pack, as a PNG; nothing written."""
    with _render_lock:
        prepared = prepare(options, workspace)
        composed = compose(prepared, options)
        _, rendered = fit_one_page(composed.brief, prepared.renderer)
        pdf = rendered.written().pdf
        png = page_pngs(pdf, PREVIEW_SCALE, first_only=True)[0]
    return keep(f"preview-{prepared.facts.counterpart.code}.png", png)


def page_count(pdf: bytes) -> int:
    import pypdfium2

    with _render_lock:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def page_pngs(pdf: bytes, scale: float, first_only: bool = False, first: int = 0) -> list[bytes]:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pictures = []
        for index in range(first, first + 1 if first_only else len(document)):
            image = document[index].render(scale=scale).to_pil()
            buffer = io.BytesIO()
            # The least compression: a picture for this machine's own browser, made while
            # the officer waits (a third less time than zlib's default, and no larger here).
            image.save(buffer, format="PNG", optimize=False, compress_level=1)
            pictures.append(buffer.getvalue())
        return pictures
    finally:
        document.close()


def keep(name: str, png: bytes | tuple[bytes, int, float]) -> str:
    with _pictures_lock:
        _pictures[name] = png
        _pictures.move_to_end(name)
        while len(_pictures) > KEPT_PICTURES:
            _pictures.popitem(last=False)
    return name


def picture(name: str) -> bytes | None:
    """A picture kept, drawn now if it was not yet."""
    with _pictures_lock:
        kept = _pictures.get(name)
    if not isinstance(kept, tuple):
        return kept
    pdf, index, scale = kept
    with _render_lock:
        png = page_pngs(pdf, scale, first_only=True, first=index)[0]
    with _pictures_lock:
        if name in _pictures:
            _pictures[name] = png
    return png
