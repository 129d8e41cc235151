"""A lighter user-agent stylesheet for documents that cannot tell it from WeasyPrint's own.

WeasyPrint's HTML5 user-agent stylesheet gives every element of a document a `::marker`, a
`::footnote-call`, a `::footnote-marker` and three `::note-*` pseudo-elements, and works out
the style of each: six styles per element, most of the time spent cascading a document's
styles (13 of the annex's 30 ms, 6 of a brief's 15, and the brief is laid out several times
to fit it on one page). Yet WeasyPrint only ever draws a `::marker` for a list item, the
footnote pseudo-elements for an element floated as a footnote (`float: footnote`), the note
ones for a note (`position: note(…)`); and the rules for form fields apply to form fields.

So a document gets the lighter sheet, WeasyPrint's own (`weasyprint.html.UA`, read from the
installed version) with `::marker` given to `li` alone, no footnote or note pseudo-elements
and no form-field rules, only when none of that can matter: no form field among its elements,
and no author style (a `<style>` element, a `style` attribute, a linked stylesheet) that names
`list-item` (only `li` is a list item otherwise), `footnote` or `note(`, or imports another
stylesheet. Any doubt (a stylesheet that cannot be read or is not UTF-8, a URL other than a
file the resource policy serves) keeps WeasyPrint's sheet. Either way the pages come out the
same: the styles the lighter sheet leaves out are those nothing draws.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from briefgen.render.resources import ResourcePolicy

# The elements the form-field rules of WeasyPrint's sheet style (its "Form fields" section).
_FORM_FIELDS = frozenset({"button", "input", "select", "textarea", "option", "fieldset"})
# Identifiers and functions in an author's CSS that make the left-out styles matter.
_IDENTIFIERS = frozenset({"list-item", "footnote"})
_FUNCTIONS = frozenset({"note"})


@functools.cache
def lighter_sheet() -> Any:
    """The lighter user-agent stylesheet (a weasyprint.CSS), or None when WeasyPrint's own
    sheet is not laid out as expected (another version): then every document gets it."""
    from weasyprint import CSS
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA

    lines = UA.split("\n")
    try:
        forms = lines.index("/* Form fields */"), lines.index("/* Pages */")
    except ValueError:
        return None
    lines = lines[: forms[0]] + lines[forms[1] :]
    markers = [n for n, line in enumerate(lines) if line.startswith("::marker {")]
    notes = [line for line in lines if line.startswith(("::footnote-", "::note-"))]
    if len(markers) != 1 or len(notes) != 5:
        return None
    lines[markers[0]] = "li" + lines[markers[0]]
    # @counter-style rules fill WeasyPrint's own counter styles, which documents still get.
    kept = [line for line in lines if line not in notes and not line.startswith("@counter-style")]
    return CSS(string="\n".join(kept), counter_style=CounterStyle())


def lighter_sheet_suits(html: Any, policy: ResourcePolicy) -> bool:
    """Whether the parsed document `html` (a weasyprint.HTML) may have the lighter sheet."""
    if lighter_sheet() is None:
        return False
    for element in html.etree_element.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        name = tag.rpartition("}")[2].lower()
        if name in _FORM_FIELDS:
            return False
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
