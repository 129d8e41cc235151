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


def page_css(profile: Profile, header: Header, *, landscape: bool = False) -> Markup:
    width, height = page_size_mm(profile, landscape)
    margins = profile.page.margins_mm
    native = profile.native_digits and header.lang == "th"
    marking = css_string(header.marking)
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
        f"  @bottom-left {{ content: {css_string(header.footer)}; }}",
        *(_draft_rules(header.draft) if header.draft else []),
        "}",
        *(["ol { list-style-type: thai; }"] if native else []),
        # :root outranks pack.css's `html` rule, so the profile's line height wins.
        f":root {{ --accent: {profile.accent_color}; --body-size: {fonts.size_pt}pt; "
        f"--font: {css_string(fonts.family)}; --line-height: {fonts.line_height}; "
        f"line-height: {fonts.line_height}; }}",
    ]
    return Markup("\n".join(rules))
