"""Images for the DOCX, and the check of a profile's logo.

Word documents take PNG and JPEG; an SVG is drawn to PNG, in memory, with CairoSVG (the SVG
renderer of WeasyPrint's authors). CairoSVG fetches what the SVG refers to (images, style
sheets) through the same ResourcePolicy as WeasyPrint: a file outside the workspace, the
templates and the package, or anything from the network, is refused with a message and the
picture is drawn without it, as in the PDF. Entities (a DOCTYPE with an internal subset) are
never expanded: an SVG logo that declares them is left out of both formats, with a message.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.errors import ProfileError, RenderError, display_path

if TYPE_CHECKING:
    from briefgen.render.pdf import ResourcePolicy

_ENTITIES = re.compile(rb"<!ENTITY|<!DOCTYPE[^>]*\[", re.IGNORECASE)
_EMPTY_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
RASTER_DPI = 300
MAX_LOGO_BYTES = 4 * 1024 * 1024
# What a logo file starts with: PNG, JPEG, GIF; an SVG is text with an <svg element.
_RASTER_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def check_logo(path: Path, policy: ResourcePolicy) -> bool:
    """Whether the logo may be shown: False (with the refusal recorded on the policy) for an
    SVG that declares entities; a ProfileError for a file that is no picture at all."""
    shown = display_path(path)
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise ProfileError(
            f"{shown}: the logo is {size / 1_048_576:.1f} MB; a logo may be at most "
            f"{MAX_LOGO_BYTES // 1_048_576} MB"
        )
    data = path.read_bytes()
    if path.suffix.lower() == ".svg" or data.lstrip()[:1] == b"<":
        if b"<svg" not in data:
            raise ProfileError(f"{shown}: not a picture; a logo is an SVG, PNG or JPEG file")
        if _ENTITIES.search(data):
            policy.refuse(shown, "the SVG declares entities; a logo must be self-contained")
            return False
        return True
    if not data.startswith(_RASTER_MAGIC):
        raise ProfileError(f"{shown}: not a picture; a logo is an SVG, PNG or JPEG file")
    return True


class DocxImages:
    """Turns the files a document's <img> elements name into pictures Word can hold."""

    def __init__(self, policy: ResourcePolicy | None = None) -> None:
        self.policy = policy

    def picture(self, path: Path | None) -> Path | bytes | None:
        """The file as it is, an SVG drawn as PNG bytes, or None when it is refused."""
        if path is None or path.suffix.lower() != ".svg":
            return path
        return self._svg_to_png(path)

    def _fetch(self, url: str, resource_type: str | None = None) -> bytes:
        """CairoSVG's url_fetcher: what the policy allows, else an empty SVG (nothing drawn)."""
        from briefgen.render.pdf import ResourceRefused

        if self.policy is None:
            if url.startswith("data:"):
                from cairosvg.url import fetch

                data: bytes = fetch(url, resource_type)
                return data
            return _EMPTY_SVG
        try:
            return self.policy.load(url)[0]
        except ResourceRefused:
            return _EMPTY_SVG

    def _svg_to_png(self, path: Path) -> bytes | None:
        data = path.read_bytes()
        if _ENTITIES.search(data):
            if self.policy is not None:
                self.policy.refuse(
                    display_path(path), "the SVG declares entities; it must be self-contained"
                )
            return None
        from cairosvg.surface import PNGSurface

        from briefgen.render.cairofonts import add_bundled_fonts

        add_bundled_fonts()  # text in the logo drawn in Sarabun where it names it

        try:  # svg2png() takes no url_fetcher; the surface's convert() hands it to the parser
            png: bytes = PNGSurface.convert(
                bytestring=data,
                url=path.resolve().as_uri(),
                url_fetcher=self._fetch,
                unsafe=False,
                dpi=RASTER_DPI,
                scale=RASTER_DPI / 96,
            )
        except Exception as exc:  # CairoSVG raises parser and cairo errors of many types
            raise RenderError(f"{display_path(path)}: cannot draw the SVG ({exc})") from None
        return png
