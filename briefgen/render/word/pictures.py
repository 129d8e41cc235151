"""Pictures in the DOCX."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.enum.text import WD_LINE_SPACING
from docx.image.exceptions import UnrecognizedImageError
from docx.shared import Emu, Length

from briefgen.errors import RenderError
from briefgen.render.word.ooxml import clean_text


def add_picture(
    para: Any,
    path: Path | bytes,
    *,
    src: str,
    width: Any,
    height: Any,
    alt: str,
    max_width: Length,
) -> None:
    """An inline picture (a file, or the bytes of one), no wider than `max_width`; a format
    Word cannot hold is an error."""
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
    # A picture's line grows with it: exact spacing (the text styles') would clip it.
    para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
