"""Rebuild the built-in profiles' Word reference documents, templates/<ministry>/reference.docx.

    PYTHONPATH=. python scripts/reference_docx.py [MINISTRY ...]

Each is made by briefgen.render.word.build_reference_docx: every style briefgen needs, with
the profile's DOCX fonts and sizes, its accent colour on headings, and the exact line spacing
that follows the PDF (the profile's fonts_pdf size x line_height). A ministry that has edited its
reference in Word should not run this on it: it starts again from python-docx's template.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefgen.profiles import builtin_templates, read_profile
from briefgen.render.word import build_reference_docx

BUILTIN = ("default", "mfa", "mod")


def rebuild(ministry: str, templates: Path) -> Path:
    folder = templates / ministry
    profile = read_profile(folder / "profile.yaml")
    fonts = profile.fonts_docx
    path = folder / "reference.docx"
    build_reference_docx(
        path,
        latin_font=fonts.latin,
        complex_font=fonts.complex,
        size_pt=fonts.size_pt,
        complex_size_pt=fonts.complex_size_pt,
        heading_color=profile.accent_color,
        line_pitch_pt=profile.fonts_pdf.size_pt * profile.fonts_pdf.line_height,
    )
    return path


def main(argv: list[str]) -> int:
    names = argv or list(BUILTIN)
    unknown = [name for name in names if name not in BUILTIN]
    if unknown:
        print(f"unknown built-in profile: {', '.join(unknown)}; known: {', '.join(BUILTIN)}")
        return 2
    templates = builtin_templates()
    for name in names:
        print(f"wrote {rebuild(name, templates)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
