"""What the writer maps HTML onto (style names, the tags it knows), the PDF's spacing, and the
settings a profile gives it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from briefgen.render.word.spacing import Layout
from briefgen.render.word.styles import P, T

TABLE_STYLE = "Briefgen Table"
MAX_DEPTH = 250
REQUIRED_STYLES = {
    **dict.fromkeys(["Normal", "Title", "Heading 1", "Heading 2", "List Bullet"], P),
    **dict.fromkeys(["List Bullet 2", "List Number", "List Number 2", "Marking", "Small"], P),
    TABLE_STYLE: T,
}
HEADINGS = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2"}
LISTS = {("ul", 0): "List Bullet", ("ul", 1): "List Bullet 2"}
LISTS |= {("ol", 0): "List Number", ("ol", 1): "List Number 2"}


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


CONTAINERS = _tags("div section header footer main article aside nav figure blockquote body")
CONTAINERS |= _tags("form fieldset details")
BLOCK = CONTAINERS | _tags("p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table caption thead tbody")
BLOCK |= _tags("tfoot tr td th figcaption pre address hr summary")
SKIP = _tags("script style template head title meta link noscript object iframe")
WIDTH_STYLE = re.compile(r"(?:^|;)\s*width\s*:\s*([^;]+)")

# Sizes and spacing of pack.css, so that the DOCX fills its pages as the PDF does. Headings in
# em of the body text (h1 1.55em, h2 1.08em, h3 1em); spacing in mm, (before, after), from the
# margins of p, h1, h2, h3, li and p.meta.
HEADING_EM = {"Title": 1.55, "Heading 1": 1.08, "Heading 2": 1.0}
WORD_HEADING_EM = {"Title": 1.6, "Heading 1": 1.25, "Heading 2": 1.1}  # without the PDF's layout
PDF_LAYOUT = Layout(
    table_style=TABLE_STYLE,
    spacing_mm={
        "Normal": (0.0, 1.0),
        "Title": (0.0, 0.5),
        "Heading 1": (2.2, 0.7),
        "Heading 2": (1.8, 0.4),
        **dict.fromkeys(LISTS.values(), (0.0, 0.4)),
        "Small": (0.0, 1.0),
        "Marking": (0.0, 0.0),
    },
    list_end_mm=1.0,  # ul, ol { margin-bottom: 1mm }
    table_after_mm=1.5,  # table { margin-bottom: 1.5mm }
    # th, td { padding: 0.6mm 1.4mm }, but 1 mm on top: Word and LibreOffice set the baseline
    # of an exact line at 4/5 of its height, higher than CSS does, and Thai stacked marks
    # (e.g. the tone mark over an upper vowel) would touch the cell's top border.
    cell_margins_mm=(1.0, 1.4, 0.6, 1.4),
    letterhead_mm=(1.5, 2.0),  # .letterhead { padding-bottom: 1.5mm; margin-bottom: 2mm }
)


@dataclass(frozen=True)
class DocxSettings:
    latin_font: str = "Sarabun"
    complex_font: str = "Sarabun"
    font_size_pt: float = 11.0
    complex_size_pt: float = 11.0
    lang: str = "en"
    marking_color: str = "C00000"
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 20.0
    margin_right_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    margin_left_mm: float = 25.0
    thai_digits: bool = False  # PAGE/NUMPAGES as Thai digits (Word's \* ThaiArabic)
    # Exact line pitch of "Normal" text in points, the PDF's (size x CSS line-height); every
    # text style gets it scaled by its size, with pack.css's spacing. None: the reference's.
    line_pitch_pt: float | None = None
    # Folders of the profile's own font files, embedded where a run names their family
    # (the bundled Sarabun always is); see briefgen.render.word.fonts.
    font_folders: tuple[Path, ...] = ()
    # The profile's accent_color ("#1f3a5f"), as the CSS draws it: on "Title" and "Heading 1"
    # and the letterhead's rule. None: the reference's colours.
    accent_color: str | None = None
