"""Break opportunities in very long words, for WeasyPrint.

A word with no break opportunity in a narrow table cell (a pasted token, a 10,000-character
string of one letter) makes WeasyPrint's emergency line breaking quadratic or worse: one such
word took half a minute to lay out. Before the PDF is laid out, every run of LONG_RUN or more
characters without a space gets a zero-width space every EVERY characters, so that lines
break there at once. Only text is touched, never markup, attributes, styles or scripts, and
never inside a grapheme cluster (combining marks, emoji sequences, flags) or Thai, whose
words the line breaker finds itself. The DOCX is made from the HTML as it was.
"""

from __future__ import annotations

import re
import unicodedata

LONG_RUN = 200
EVERY = 16
ZWSP = "\u200b"
_RUN = re.compile(rf"[^\s<>]{{{LONG_RUN},}}")
_SKIP = {"style", "script", "title", "head", "meta", "link"}


def break_long_runs(html: str) -> str:
    """`html` with break opportunities in runs of LONG_RUN or more non-space characters."""
    if not _RUN.search(html):
        return html
    import lxml.html

    doctype = "<!DOCTYPE html>" if html.lstrip()[:9].lower() == "<!doctype" else None
    root = lxml.html.document_fromstring(html)
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in _SKIP and element.text and _RUN.search(element.text):
            element.text = _RUN.sub(_split, element.text)
            changed = True
        if element.tail and _RUN.search(element.tail):
            element.tail = _RUN.sub(_split, element.tail)
            changed = True
    if not changed:
        return html
    text: str = lxml.html.tostring(root, encoding="unicode", doctype=doctype)
    return text


def _split(match: re.Match[str]) -> str:
    run = match.group()
    out: list[str] = []
    since = 0
    for index, char in enumerate(run):
        if since >= EVERY and _may_break_before(run, index):
            out.append(ZWSP)
            since = 0
        out.append(char)
        since += 1
    return "".join(out)


def _regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _may_break_before(run: str, index: int) -> bool:
    char, previous = run[index], run[index - 1]
    category = unicodedata.category(char)
    if category[0] == "M" or category in ("Cf", "Sk", "Cs") or previous in "\u200d\u200b":
        return False  # a mark, a joiner, a skin-tone or variation modifier: same cluster
    if "\ufe00" <= char <= "\ufe0f" or "\U000e0000" <= char <= "\U000e007f":
        return False  # variation selectors and emoji tag characters
    if _regional(char) and _regional(previous):
        return False  # the two letters of a flag
    return not ("\u0e00" <= char <= "\u0e7f" or "\u0e00" <= previous <= "\u0e7f")
