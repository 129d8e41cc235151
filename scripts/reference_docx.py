"""Rebuild the built-in profiles' Word reference documents, templates/<ministry>/reference.docx.

    PYTHONPATH=. python scripts/reference_docx.py [MINISTRY ...]

Each is made by briefgen.render.word.build_reference_docx: every style briefgen needs, with
the fonts below, the profile's accent colour on headings, and the exact line spacing that
follows the PDF (the profile's fonts_pdf size x line_height). A ministry that has edited its
reference in Word should not run this on it: it starts again from python-docx's template.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefgen.profiles import builtin_templates, read_profile
from briefgen.render.word import build_reference_docx

# (Latin font, Thai font, Latin size, Thai size). TH Sarabun New at 15 pt (Latin) and 16 pt
# (Thai) draws as large as Sarabun at 10.5 pt, the PDF's size (measured: Sarabun's advance
# widths are 1.44x TH Sarabun New's for Latin, 1.51x for Thai).
FONTS = {
    "default": ("Sarabun", "Sarabun", 10.5, 10.5),
    "mfa": ("TH Sarabun New", "TH Sarabun New", 15.0, 16.0),
    "mod": ("TH Sarabun New", "TH Sarabun New", 15.0, 16.0),
}


def rebuild(ministry: str, templates: Path) -> Path:
    folder = templates / ministry
    profile = read_profile(folder / "profile.yaml")
    latin, thai, size, thai_size = FONTS[ministry]
    path = folder / "reference.docx"
    build_reference_docx(
        path,
        latin_font=latin,
        complex_font=thai,
        size_pt=size,
        complex_size_pt=thai_size,
        heading_color=profile.accent_color,
        line_pitch_pt=profile.fonts_pdf.size_pt * profile.fonts_pdf.line_height,
    )
    return path


def main(argv: list[str]) -> int:
    names = argv or list(FONTS)
    unknown = [name for name in names if name not in FONTS]
    if unknown:
        print(f"unknown built-in profile: {', '.join(unknown)}; known: {', '.join(FONTS)}")
        return 2
    templates = builtin_templates()
    for name in names:
        print(f"wrote {rebuild(name, templates)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
