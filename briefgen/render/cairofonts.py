"""The bundled fonts for Cairo's own text, which CairoSVG draws an SVG's <text> with.

Cairo finds fonts through the process's current Fontconfig configuration (WeasyPrint builds its
own, holding the @font-face fonts, which Cairo does not see). On a machine without Sarabun, an
SVG logo's text in Sarabun was drawn in a fallback font of other metrics, and came out clipped
in the DOCX's picture. The bundled Sarabun is added to that configuration as application fonts,
once per process and before Cairo first looks a family up (it keeps what it found).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

from briefgen.render.page import sarabun_dir


@functools.cache
def add_bundled_fonts() -> bool:
    """Make the bundled Sarabun visible to Cairo; False if Fontconfig cannot be loaded."""
    name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
    try:
        fontconfig = ctypes.CDLL(name)
    except OSError:
        return False
    fontconfig.FcConfigAppFontAddDir.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    fontconfig.FcConfigAppFontAddDir.restype = ctypes.c_int
    return bool(fontconfig.FcConfigAppFontAddDir(None, str(sarabun_dir()).encode()))
