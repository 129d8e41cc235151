"""Saved HTML pages to lines of text, with lxml: one line per block, one per table row.

Menus, headers, footers, scripts and share buttons are dropped. The page's headline is its
first <h1> (else its <title>), and dates in its metadata (article:published_time, <time>) are
the page's own dates, never the meeting's.
"""

from __future__ import annotations

import re
from typing import Any

from briefgen.datetext import FoundDate, find_dates
from briefgen.errors import IngestError

_DROP_TAGS = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
    "svg", "button", "select", "template", "figure", "figcaption", "picture", "video", "audio",
}  # fmt: skip
_DROP_CLASS = re.compile(
    r"(?:^|[\s_-])(?:breadcrumbs?|share|social|sharing|menu|navbar|nav|cookie|sidebar|"
    r"related|tags?|pagination|footer|header|gallery|photos?|view-?count|counter)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "body", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tbody", "thead",
    "tfoot", "center", "address",
}  # fmt: skip
_DATE_META = (
    "article:published_time", "article:modified_time", "og:updated_time", "date",
    "dc.date", "dcterms.date", "pubdate", "publishdate",
)  # fmt: skip


def html_lines(text: str) -> tuple[str | None, list[str], list[tuple[str, FoundDate]]]:
    """The page's headline, its text as lines (blank lines between blocks), and its dates."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"the HTML cannot be read: {exc}") from None
    page_dates = _page_dates(root)
    headline = _headline(root)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # comments, processing instructions
            if element.getparent() is not None:
                element.drop_tree()
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        dropped = element.tag in _DROP_TAGS or _DROP_CLASS.search(marks)
        if dropped and element.getparent() is not None and element.tag not in ("html", "body"):
            element.drop_tree()
    body = root.find("body")
    out: list[str] = []
    buffer: list[str] = []
    _walk(body if body is not None else root, out, buffer)
    _flush(out, buffer)
    return headline, out, page_dates


def _headline(root: Any) -> str | None:
    for path in ("//h1", "//title"):
        for element in root.xpath(path):
            text = " ".join(element.text_content().split())
            if text:
                if path == "//title":  # "Headline | Ministry of Foreign Affairs"
                    text = re.split(r"\s+[|–—]\s+|\s+-\s+", text)[0]
                return text
    return None


def _page_dates(root: Any) -> list[tuple[str, FoundDate]]:
    dates = []
    for meta in root.xpath("//meta[@content]"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if name in _DATE_META:
            content = meta.get("content", "")
            dates += [(f"<meta {name}> {content}", d) for d in find_dates(content[:10])]
    for time in root.xpath("//time"):
        value = time.get("datetime") or time.text_content()
        dates += [(f"<time> {value.strip()}", d) for d in find_dates(value.strip()[:40])]
        if time.getparent() is not None:
            time.drop_tree()
    return dates


def _walk(element: Any, out: list[str], buffer: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        _flush(out, buffer, blank=False)
    elif tag == "tr":
        _flush(out, buffer)
        cells = [" ".join(c.text_content().split()) for c in element if c.tag in ("td", "th")]
        if any(cells):
            out.append(" | ".join(cells) + " |")
        _tail(element, buffer)
        return
    elif tag in ("h1",):
        _flush(out, buffer)  # the headline is kept apart; a repeat of it in the body is dropped
        out.append(" ".join(element.text_content().split()))
        out.append("")
        _tail(element, buffer)
        return
    block = tag in _BLOCK_TAGS or tag == "tr"
    if block:
        _flush(out, buffer)
    if element.text:
        buffer.append(element.text)
    for child in element:
        _walk(child, out, buffer)
    if block:
        _flush(out, buffer)
    _tail(element, buffer)


def _tail(element: Any, buffer: list[str]) -> None:
    if element.tail:
        buffer.append(element.tail)


def _flush(out: list[str], buffer: list[str], *, blank: bool = True) -> None:
    text = " ".join("".join(buffer).split())
    buffer.clear()
    if text:
        out.append(text)
        if blank:
            out.append("")
