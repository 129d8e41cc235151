"""Images for the DOCX, and the check of a profile's logo.

Word documents take PNG and JPEG; an SVG is drawn to PNG, in memory, with CairoSVG (the SVG
renderer of WeasyPrint's authors). CairoSVG fetches what the SVG refers to (images, style
sheets) through the same ResourcePolicy as WeasyPrint: a file outside the workspace, the
templates and the package, or anything from the network, is refused with a message and the
picture is drawn without it, as in the PDF. Entities (a DOCTYPE with an internal subset) are
never expanded: an SVG logo that declares them is left out of both formats, with a message.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.errors import ProfileError, RenderError, display_path

if TYPE_CHECKING:
    from briefgen.render.resources import ResourcePolicy

_ENTITIES = re.compile(rb"<!ENTITY|<!DOCTYPE[^>]*\[", re.IGNORECASE)
_EMPTY_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
RASTER_DPI = 300
MAX_LOGO_BYTES = 4 * 1024 * 1024
# A picture's pixels, as its header declares them, before anything is decoded: 25 million is
# a 5000 x 5000 image, far more than a letterhead needs; a decoded 30000 x 30000 PNG is 2.7 GB.
MAX_PICTURE_PIXELS = 25_000_000
# An SVG's elements once every <use> is expanded: ten <use> of ten <use> … nine deep is a
# billion; a logo has hundreds.
MAX_SVG_ELEMENTS = 50_000
# An SVG drawn for Word at RASTER_DPI is scaled down to this many pixels at most.
MAX_RASTER_PIXELS = 16_000_000
# What a logo file starts with: PNG, JPEG, GIF; an SVG is text with an <svg element.
_RASTER_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def check_logo(path: Path, policy: ResourcePolicy) -> bool:
    """Whether the logo may be shown: False (with the refusal recorded on the policy) for an
    SVG that declares entities or expands past MAX_SVG_ELEMENTS, or a picture of more than
    MAX_PICTURE_PIXELS; a ProfileError for a file that is no picture at all."""
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
    elif not data.startswith(_RASTER_MAGIC):
        raise ProfileError(f"{shown}: not a picture; a logo is an SVG, PNG or JPEG file")
    problem = picture_problem(data, is_svg(path, data))
    if problem is not None:
        policy.refuse(shown, problem)
        return False
    return True


def is_svg(path: Path, data: bytes) -> bool:
    return path.suffix.lower() == ".svg" or data.lstrip()[:1] == b"<"


def picture_problem(data: bytes, svg: bool) -> str | None:
    """Why a picture may not be drawn (in either format), or None: it is checked by what it
    declares, before it is decoded or drawn."""
    return _svg_problem(data) if svg else _raster_problem(data)


def _raster_problem(data: bytes) -> str | None:
    from PIL import Image

    with warnings.catch_warnings():  # Pillow's DecompressionBombWarning is ours to say
        warnings.simplefilter("ignore")
        limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                width, height = image.size
        except Exception:  # not a picture Pillow knows: the renderer says so, or skips it
            return None
        finally:
            Image.MAX_IMAGE_PIXELS = limit
    if width * height > MAX_PICTURE_PIXELS:
        return (
            f"the picture is {width:,} x {height:,} pixels; a picture may have at most "
            f"{MAX_PICTURE_PIXELS:,} pixels"
        )
    return None


def _svg_problem(data: bytes) -> str | None:
    if _ENTITIES.search(data):
        return "the SVG declares entities; a picture must be self-contained"
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"not a well-formed SVG ({exc})"
    try:
        count = _expanded_size(root)
    except RecursionError:
        return "the SVG is nested too deeply"
    if count > MAX_SVG_ELEMENTS:
        return (
            f"the SVG's <use> references expand to more than {MAX_SVG_ELEMENTS:,} elements "
            "(or refer to themselves)"
        )
    return None


_XLINK = "{http://www.w3.org/1999/xlink}href"


def _expanded_size(root: Any) -> int:
    """How many elements the SVG draws once every <use> stands for what it refers to; past
    MAX_SVG_ELEMENTS (a <use> loop counts as past it) the count stops early."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    sizes: dict[int, int] = {}
    over = MAX_SVG_ELEMENTS + 1

    def size(element: Any, path: frozenset[int]) -> int:
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in path:
            return over
        path = path | {key}
        total = 1
        for child in element:
            total = min(total + size(child, path), over)
        if str(element.tag).rsplit("}", 1)[-1] == "use":
            reference = element.get(_XLINK) or element.get("href") or ""
            target = by_id.get(reference[1:]) if reference.startswith("#") else None
            if target is not None:
                total = min(total + size(target, path), over)
        sizes[key] = total
        return total

    return size(root, frozenset())


_UNITS = {
    "": None,
    "px": None,
    "in": 1.0,
    "cm": 1 / 2.54,
    "mm": 1 / 25.4,
    "pt": 1 / 72,
    "pc": 1 / 6,
}
_LENGTH = re.compile(r"^\s*([0-9.eE+-]+)\s*([a-z]*)\s*$")


def raster_scale(data: bytes, dpi: float, scale: float) -> float:
    """CairoSVG's scale for drawing the SVG at `dpi` x `scale`, lowered so that the picture
    has at most MAX_RASTER_PIXELS (an SVG 8000 px square would be 25,000 px square)."""
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return scale
    width, height = (_length(root.get(name), dpi) for name in ("width", "height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            width, height = width or float(box[2]), height or float(box[3])
        except ValueError:
            return scale
    if width is None or height is None or not width > 0 or not height > 0:
        return scale
    pixels = width * height * scale * scale
    if pixels <= MAX_RASTER_PIXELS:
        return scale
    return scale * math.sqrt(MAX_RASTER_PIXELS / pixels)


def _length(value: str | None, dpi: float) -> float | None:
    match = _LENGTH.match(value or "")
    if match is None or match[2] not in _UNITS:
        return None
    try:
        number = float(match[1])
    except ValueError:
        return None
    factor = _UNITS[match[2]]
    return number if factor is None else number * dpi * factor


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
        from briefgen.render.resources import ResourceRefused

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
        problem = _svg_problem(data)
        if problem is not None:
            if self.policy is not None:
                self.policy.refuse(display_path(path), problem)
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
                scale=raster_scale(data, RASTER_DPI, RASTER_DPI / 96),
            )
        except Exception as exc:  # CairoSVG raises parser and cairo errors of many types
            raise RenderError(f"{display_path(path)}: cannot draw the SVG ({exc})") from None
        return png
