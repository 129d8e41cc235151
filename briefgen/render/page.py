"""The page set-up shared by every document: fonts, page size, margins, and what runs in the
page margins (classification marking, page numbers, footer). Made here rather than in the
templates because CSS strings need their own escaping, which Jinja's HTML escaping is not.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from markupsafe import Markup

from briefgen.compose.context import Header
from briefgen.profiles import Profile

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
FONT_FACES = {
    ("normal", "normal"): "Regular",
    ("bold", "normal"): "Bold",
    ("normal", "italic"): "Italic",
    ("bold", "italic"): "BoldItalic",
}
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


@functools.cache
def sarabun_dir() -> Path:
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.__file__).resolve().parent / "files"


def css_string(text: str) -> str:
    """A CSS string literal; '<' is escaped too, so it can never close a <style> element."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    )
    return f'"{escaped}"'


def font_faces(family: str) -> str:
    """@font-face rules for the bundled Sarabun, so every machine draws the same glyphs."""
    rules = []
    for (weight, style), face in FONT_FACES.items():
        url = (sarabun_dir() / f"Sarabun-{face}.ttf").as_uri()
        rules.append(
            f"@font-face {{ font-family: {css_string(family)}; src: url({css_string(url)}); "
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def page_label_content(pattern: str, native_digits: bool) -> str:
    """'Page {page} of {pages}' -> the CSS content value with real page counters."""
    style = ", thai" if native_digits else ""
    parts = []
    for index, piece in enumerate(_PLACEHOLDER.split(pattern)):
        if index % 2:
            parts.append(f"counter({piece}{style})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def page_size_mm(profile: Profile, landscape: bool = False) -> tuple[float, float]:
    width, height = PAGE_SIZES_MM[profile.page.size]
    return (height, width) if landscape else (width, height)


def _draft_rules(mark: str) -> list[str]:
    """The DRAFT mark: in the top-left margin of every page, and faint across the page."""
    return [
        f"  @top-left {{ content: {css_string(mark)}; color: #8a8a8a; font-weight: bold; }}",
        f"  background: url({css_string(draft_watermark(mark))}) no-repeat center / 80% auto;",
    ]


def draft_watermark(mark: str) -> str:
    """A data: URL of a faint diagonal mark; XML-escaped since it is SVG text."""
    from html import escape
    from urllib.parse import quote

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400">'
        '<text x="200" y="220" text-anchor="middle" font-family="Sarabun" font-size="90" '
        'font-weight="bold" fill="#000" fill-opacity="0.07" transform="rotate(-45 200 200)">'
        f"{escape(mark)}</text></svg>"
    )
    return "data:image/svg+xml," + quote(svg)


# The margin texts' sizes in pack.css: the footer line, and the marking (bold).
FOOTER_PT, MARKING_PT = 8.5, 10.0
_PT_MM = 25.4 / 72


@functools.cache
def _advances(face: str) -> tuple[dict[int, int], int, float]:
    """Sarabun's advance widths by code point, the width of a character it lacks, and its
    units per em: enough to tell whether a margin text fits its box."""
    from fontTools.ttLib import TTFont

    font = TTFont(sarabun_dir() / f"Sarabun-{face}.ttf", lazy=True)
    metrics = font["hmtx"].metrics
    widths = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
    return widths, metrics[".notdef"][0], float(font["head"].unitsPerEm)


def text_width_mm(text: str, size_pt: float, face: str = "Regular") -> float:
    widths, missing, per_em = _advances(face)
    units = sum(widths.get(ord(char), missing) for char in text)
    return units / per_em * size_pt * _PT_MM


def footer_content(header: Header, line_mm: float) -> str:
    """The footer line (ministry · unit) for the bottom-left box. With a marking in the
    centre, the box has only half the line less half the marking; a footer longer than that
    breaks after the ministry's name, onto a second line of its own, never inside a name."""
    footer = header.footer
    if header.marking and " · " in footer:
        room = (line_mm - text_width_mm(header.marking, MARKING_PT, "Bold")) / 2
        if text_width_mm(footer, FOOTER_PT) > room * 0.95:  # the box's padding, rounding
            footer = footer.replace(" · ", "\n", 1)
    return css_string(footer)


def page_css(profile: Profile, header: Header, *, landscape: bool = False) -> Markup:
    width, height = page_size_mm(profile, landscape)
    margins = profile.page.margins_mm
    native = profile.native_digits and header.lang == "th"
    marking = css_string(header.marking)
    footer = footer_content(header, width - margins.left - margins.right)
    fonts = profile.fonts_pdf
    rules = [
        font_faces(fonts.family),
        f"@page {{ size: {width}mm {height}mm; "
        f"margin: {margins.top}mm {margins.right}mm {margins.bottom}mm {margins.left}mm;",
        # No centre box without a marking: the footer line (ministry · unit) may then take
        # the room the page label leaves it, rather than a third of the page.
        *(
            [
                f"  @top-center {{ content: {marking}; }}",
                f"  @bottom-center {{ content: {marking}; }}",
            ]
            if header.marking
            else []
        ),
        f"  @bottom-right {{ content: {page_label_content(header.page_label, native)}; }}",
        f"  @bottom-left {{ content: {footer}; white-space: pre-line; }}",
        *(_draft_rules(header.draft) if header.draft else []),
        "}",
        *(["ol { list-style-type: thai; }"] if native else []),
        # :root outranks pack.css's `html` rule, so the profile's line height wins.
        f":root {{ --accent: {profile.accent_color}; --body-size: {fonts.size_pt}pt; "
        f"--font: {css_string(fonts.family)}; --line-height: {fonts.line_height}; "
        f"line-height: {fonts.line_height}; }}",
    ]
    return Markup("\n".join(rules))
