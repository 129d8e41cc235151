"""A lighter user-agent stylesheet for documents that cannot tell it from WeasyPrint's own.

WeasyPrint's HTML5 user-agent stylesheet gives every element of a document a `::marker`, a
`::footnote-call`, a `::footnote-marker` and three `::note-*` pseudo-elements, and works out
the style of each: six styles per element, most of the time spent cascading a document's
styles (13 of the annex's 30 ms, 4 of a brief's 18, and the brief is laid out several times
to fit it on one page). Yet WeasyPrint only ever draws a `::marker` for a list item, the
footnote pseudo-elements for an element floated as a footnote (`float: footnote`), the note
ones for a note (`position: note(…)`).

So a document gets the lighter sheet, WeasyPrint's own (the installed version's, as compiled)
with its `::marker` rule kept for `li` alone (where it keeps its place in the cascade) and no
footnote or note pseudo-elements, only when none of that can matter: no author style (a
`<style>` element, a `style` attribute, a linked stylesheet) that names `list-item` (only
`li` is a list item otherwise), `footnote` or `note(`, or imports another stylesheet. Any
doubt (a stylesheet that cannot be read or is not UTF-8, a URL other than a file the resource
policy serves) keeps WeasyPrint's sheet. Either way the pages come out the same: the styles
the lighter sheet leaves out are those nothing draws.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from briefgen.render.resources import ResourcePolicy

# The pseudo-elements WeasyPrint's sheet gives every element, and which of them it draws only
# for a footnote or a note; ::marker, drawn for list items, is kept for li.
_NOTES = frozenset(
    {"footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback"}
)
# Identifiers and functions in an author's CSS that make the left-out styles matter.
_IDENTIFIERS = frozenset({"list-item", "footnote"})
_FUNCTIONS = frozenset({"note"})


@functools.cache
def lighter_sheet() -> Any:
    """The lighter user-agent stylesheet (a weasyprint.CSS), or None when WeasyPrint's own
    sheet is not made as expected (another version): then every document gets that.

    Made from WeasyPrint's sheet as compiled (cssselect2 keeps its selectors in lists by the
    tag, class or id they need; those that need none are tried on every element), not parsed
    again: the universal pseudo-element rules are the six of `other_selectors` with a
    pseudo-element, and `::marker` moves to the rules tried on `li`, with its own specificity
    and order."""
    from weasyprint.html import UA_STYLESHEET

    try:
        own = UA_STYLESHEET.matcher
        universal = [entry for entry in own.other_selectors if entry[3]]
        if sorted(entry[3] for entry in universal) != sorted({"marker", *_NOTES}):
            return None
        matcher = copy.copy(own)
        matcher.other_selectors = [entry for entry in own.other_selectors if not entry[3]]
        by_tag = {tag: list(entries) for tag, entries in own.lower_local_name_selectors.items()}
        by_tag.setdefault("li", []).extend(e for e in universal if e[3] == "marker")
        matcher.lower_local_name_selectors = by_tag
    except (AttributeError, TypeError, IndexError):
        return None
    sheet = copy.copy(UA_STYLESHEET)
    sheet.matcher = matcher
    return sheet


def lighter_sheet_suits(html: Any, policy: ResourcePolicy) -> bool:
    """Whether the parsed document `html` (a weasyprint.HTML) may have the lighter sheet."""
    if lighter_sheet() is None:
        return False
    for element in html.etree_element.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        name = tag.rpartition("}")[2].lower()
        style = element.get("style")
        if style and not _css_suits(style):
            return False
        if name == "style" and not _css_suits("".join(element.itertext())):
            return False
        if name == "link" and "stylesheet" in (element.get("rel") or "").lower():
            href = element.get("href")
            if href and not _linked_suits(urljoin(html.base_url or "", href.strip()), policy):
                return False
    return True


def _linked_suits(url: str, policy: ResourcePolicy) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = policy.allowed_path(Path(url2pathname(parts.path)))
    if path is None:
        return False
    try:
        stat = path.stat()
    except OSError:
        return False
    return _file_suits(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _file_suits(path: Path, mtime_ns: int, size: int) -> bool:
    """A stylesheet file's verdict, kept while the file is unchanged (by time and size)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return _css_suits(text)


@functools.lru_cache(maxsize=256)
def _css_suits(text: str) -> bool:
    """Whether CSS text (a stylesheet or declarations) names none of the identifiers and
    functions that make the left-out styles matter, and imports nothing. Tokenized, so that
    escapes and case are read as CSS reads them, and strings or comments do not count."""
    import tinycss2

    pending = list(tinycss2.parse_component_value_list(text))
    while pending:
        token = pending.pop()
        kind = token.type
        if kind == "ident" and token.lower_value in _IDENTIFIERS:
            return False
        if kind == "at-keyword" and token.lower_value == "import":
            return False
        if kind == "function":
            if token.lower_name in _FUNCTIONS:
                return False
            pending.extend(token.arguments)
        elif kind in ("() block", "[] block", "{} block"):
            pending.extend(token.content)
    return True
