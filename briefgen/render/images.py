"""Images for the DOCX. Word documents take PNG and JPEG; an SVG logo is drawn to PNG with
CairoSVG, the SVG renderer of WeasyPrint's authors, after checking that it reaches for
nothing outside itself."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from briefgen.errors import RenderError, display_path

# What would make an SVG read another file or the network: external references and entities.
_EXTERNAL = re.compile(
    rb"<!ENTITY|<!DOCTYPE[^>]*\[|(?:xlink:)?href\s*=\s*[\"'](?!#|data:)", re.IGNORECASE
)
RASTER_DPI = 300


class DocxImages:
    """Turns the files a document's <img> elements name into pictures Word can hold."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="briefgen-images-")

    def picture(self, path: Path | None) -> Path | None:
        if path is None or path.suffix.lower() != ".svg":
            return path
        return self._svg_to_png(path)

    def _svg_to_png(self, path: Path) -> Path:
        data = path.read_bytes()
        if _EXTERNAL.search(data):
            raise RenderError(
                f"{display_path(path)}: the SVG refers to other files or entities; "
                "a logo must be self-contained"
            )
        import cairosvg

        try:
            png = cairosvg.svg2png(bytestring=data, dpi=RASTER_DPI, scale=RASTER_DPI / 96)
        except Exception as exc:  # CairoSVG raises parser and cairo errors of many types
            raise RenderError(f"{display_path(path)}: cannot draw the SVG ({exc})") from None
        target = Path(self._folder.name) / f"{path.stem}.png"
        target.write_bytes(png)
        return target
