"""Making a pack from the web app, and pictures of it: the brief as a PNG, every page small.

The pack is made by briefgen.build, exactly as `briefgen make` makes it, into the server's
output folder. Pages are drawn with pdfium (pypdfium2), in memory; the pictures are kept for
the last few packs only.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from briefgen.build import BuildResult, MakeOptions, build, compose, fit_one_page, prepare
from briefgen.documents import BRIEF, PACK_FILE_NAME
from briefgen.records import Workspace

PREVIEW_SCALE = 110 / 72  # the brief at 110 dpi: readable on a screen
THUMB_SCALE = 28 / 72
KEPT_PICTURES = 64
_pictures: OrderedDict[str, bytes] = OrderedDict()
_pictures_lock = threading.Lock()
_render_lock = threading.Lock()  # WeasyPrint and pdfium: one pack at a time


@dataclass
class MadePack:
    files: list[dict[str, str]]  # name, url, pages, size
    notes: list[str]
    brief: str | None = None  # picture name
    thumbnails: list[str] = field(default_factory=list)


def make_pack(options: MakeOptions, workspace: Workspace) -> MadePack:
    with _render_lock:
        result = build(options, workspace=workspace)
    return describe(result)


def describe(result: BuildResult) -> MadePack:
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
    pdfs = [w for w in result.files if w.path.suffix == ".pdf"]
    briefs = [w for w in pdfs if f"_{BRIEF.file_name}" in w.path.name]
    packs = [w for w in pdfs if f"_{PACK_FILE_NAME}" in w.path.name]
    if briefs:
        first = page_pngs(briefs[0].path.read_bytes(), PREVIEW_SCALE, first_only=True)[0]
        made.brief = keep(f"{briefs[0].path.name}.png", first)
    whole = packs[0] if packs else (briefs[0] if briefs else None)
    if whole is not None:
        for number, png in enumerate(page_pngs(whole.path.read_bytes(), THUMB_SCALE), 1):
            made.thumbnails.append(keep(f"{whole.path.name}.{number}.png", png))
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


def page_pngs(pdf: bytes, scale: float, first_only: bool = False) -> list[bytes]:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pictures = []
        for index in range(1 if first_only else len(document)):
            image = document[index].render(scale=scale).to_pil()
            buffer = io.BytesIO()
            # The least compression: a picture for this machine's own browser, made while
            # the officer waits (a third less time than zlib's default, and no larger here).
            image.save(buffer, format="PNG", optimize=False, compress_level=1)
            pictures.append(buffer.getvalue())
        return pictures
    finally:
        document.close()


def keep(name: str, png: bytes) -> str:
    with _pictures_lock:
        _pictures[name] = png
        _pictures.move_to_end(name)
        while len(_pictures) > KEPT_PICTURES:
            _pictures.popitem(last=False)
    return name


def picture(name: str) -> bytes | None:
    with _pictures_lock:
        return _pictures.get(name)
