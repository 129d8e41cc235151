"""Numbers in a stylesheet that WeasyPrint cannot lay out.

WeasyPrint and Pango work in fixed-point and floating units: a length such as `font-size:
1e12px` overflows them (a ZeroDivisionError deep in the layout), and one of a few million
points makes a page of one glyph that takes minutes. A ministry's stylesheets are checked
before they are used; a stylesheet they @import is checked as it is fetched.
"""

from __future__ import annotations

import re

# The largest length a stylesheet may give, in its own unit: 10,000 mm is ten metres.
MAX_CSS_LENGTH = 10_000.0
# A number (with a possible exponent) and the unit after it; hex colours (#1e3a5f) excluded.
_NUMBER = re.compile(
    r"(?<![\w#.-])([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)"
    r"(px|pt|pc|mm|cm|in|q|em|rem|ex|ch|vw|vh|vmin|vmax|%|dpi|dppx|dpcm|fr|deg|s|ms)?"
    r"(?![\w.])",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_HEX = re.compile(r"#[0-9a-fA-F]+")
# URLs and strings hold no lengths, but may hold digits and an 'e' (base64 data: URLs).
_URL_OR_STRING = re.compile(
    r"url\(\s*(?:\"[^\"]*\"|'[^']*'|[^)]*)\)|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'",
    re.IGNORECASE | re.DOTALL,
)


def _blank(match: re.Match[str]) -> str:
    return "\n" * match.group().count("\n")


def out_of_range(css: str) -> tuple[int, str] | None:
    """(line, value) of the first number the stylesheet gives out of range, or None."""
    text = _COMMENT.sub(_blank, css)
    text = _URL_OR_STRING.sub(_blank, text)
    text = _HEX.sub("#", text)
    for match in _NUMBER.finditer(text):
        number, unit = match.group(1), match.group(2)
        try:
            value = float(number)
        except ValueError:
            continue
        exponent = "e" in number.lower()
        if (unit or exponent) and not abs(value) <= MAX_CSS_LENGTH:
            return text.count("\n", 0, match.start()) + 1, match.group()
    return None


def describe(line: int, value: str) -> str:
    return (
        f"{line}: {value} is out of range for a stylesheet "
        f"(lengths and numbers with units up to {MAX_CSS_LENGTH:,.0f})"
    )
