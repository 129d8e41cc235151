"""Pictures in the DOCX; an SVG kept as SVG, with the PNG drawn from it as the fallback.

Word 2016 and later draw an `asvg:svgBlip` (an extension of the picture's `a:blip`) and older
readers its PNG. Only a self-contained SVG is kept: one that refers to nothing outside itself
(no href or url() but to "#..." and data: pictures) and holds no script or foreign content.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.enum.text import WD_LINE_SPACING
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Emu, Length
from lxml import etree

from briefgen.errors import RenderError
from briefgen.render.word.ooxml import clean_text

SVG_BLIP_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_REFERENCE = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
_INLINE_PICTURE = re.compile(r"^(#|data:image/(png|jpeg|gif);)", re.IGNORECASE)
_FOREIGN = frozenset({"script", "foreignObject", "iframe", "object", "embed"})


@dataclass(frozen=True)
class VectorPicture:
    """An SVG, and the PNG drawn from it for readers that cannot draw SVG."""

    svg: bytes
    png: bytes


def self_contained_svg(data: bytes) -> bool:
    """Whether an SVG refers to nothing outside itself and holds no script or foreign content
    (so a reader's Word draws it as briefgen does, and fetches nothing)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or b"<!ENTITY" in data:
        return False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname in _FOREIGN:
            return False
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if local == "href" and not _INLINE_PICTURE.match(value.strip()):
                return False
            if local.startswith("on"):
                return False
        texts = [*element.attrib.values(), element.text or ""]
        for text in texts:
            for target in _REFERENCE.findall(text):
                if not _INLINE_PICTURE.match(target):
                    return False
            if "@import" in text:
                return False
    return True


def add_svg(shape: Any, part: Any, svg: bytes) -> None:
    """Keep `svg` beside the picture `shape` already holds (its PNG): a part of its own, and
    the `asvg:svgBlip` extension naming it in the picture's blip."""
    blip = shape._inline.find(f".//{{{A}}}blip")
    partname = part.package.next_partname("/word/media/image%d.svg")
    rel_id = part.relate_to(Part(PackURI(partname), "image/svg+xml", svg), RT.IMAGE)
    extensions = blip.find(f"{{{A}}}extLst")
    if extensions is None:
        extensions = etree.SubElement(blip, f"{{{A}}}extLst")
    extension = etree.SubElement(extensions, f"{{{A}}}ext", uri=SVG_BLIP_EXT)
    svg_blip = etree.SubElement(extension, f"{{{ASVG}}}svgBlip", nsmap={"asvg": ASVG})
    svg_blip.set(qn("r:embed"), rel_id)


def add_picture(
    para: Any,
    path: Path | bytes | VectorPicture,
    *,
    src: str,
    width: Any,
    height: Any,
    alt: str,
    max_width: Length,
) -> None:
    """An inline picture (a file, or the bytes of one), no wider than `max_width`; a format
    Word cannot hold is an error."""
    vector = path if isinstance(path, VectorPicture) else None
    if vector is not None:
        path = vector.png
    picture = io.BytesIO(path) if isinstance(path, bytes) else str(path)
    try:
        shape = para.add_run().add_picture(picture, width=width, height=height)
    except (UnrecognizedImageError, OSError, ValueError) as exc:
        raise RenderError(
            f"cannot place image {src} in the DOCX ({exc}); use a PNG or JPEG file"
        ) from exc
    if shape.width > max_width:
        shape.height = Emu(int(shape.height * max_width / shape.width))
        shape.width = max_width
    shape._inline.docPr.set("descr", clean_text(alt))
    if vector is not None:
        add_svg(shape, para.part, vector.svg)
    # A picture's line grows with it: exact spacing (the text styles') would clip it.
    para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
