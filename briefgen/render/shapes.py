"""How each item of a laid-out brief was laid out, and what a cut would make of it.

`item_shapes` reads, from a WeasyPrint layout of the brief, each item of its lists (the `li`
or `tr` elements of one list) and each text section's paragraph: its height, its text, its
lines (render/foresight.py adds them up to foresee other states of the brief). A list whose
items' heights would not add up (margins that collapse between items or differ from one to
the next, a table whose columns follow its content) is left out. `cut_height` bounds the
height an item takes once its text is cut with "…" (compose/clipping.py).
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
from collections.abc import Sequence
from typing import Any

from briefgen.render.boxes import _item_heights, _match, _split_elements, _walk, _words


@dataclasses.dataclass(frozen=True)
class Shape:
    """How an item was laid out: its height (NaN when broken across pages), its text, its
    lines, each as (characters other than spaces, height), the room left at the end of each
    line, and its font size (CSS px)."""

    height: float
    text: str
    lines: tuple[tuple[int, float], ...]
    room: tuple[float, ...] = ()
    em: float = math.inf


# The width " …" may take, in ems: a space and an ellipsis, well under this in any text face.
ELLIPSIS_EMS = 1.5


def item_shapes(document: Any, brief: Any, sections: Sequence[str]) -> dict[str, list[Shape]]:
    """How each item of each of `sections` of the brief that `document` lays out was laid
    out: a list section's items, in order; a text section's paragraph, as one item. A section
    whose boxes cannot be told apart, or whose items' heights do not add up (`_adding_up`),
    is left out. An item broken across two pages has no height to tell (NaN): WeasyPrint
    stretches its first part to the foot of the page."""
    try:
        items, _, owners, paragraphs = _item_heights(document.pages)
        adding_up = _adding_up(document.pages)
        split = _split_elements(document.pages)
        lines, sizes = _lines(document.pages)

        texts = {e: _words("".join(e.itertext())) for e in (*items, *paragraphs)}

        def shape(element: Any, height: float) -> Shape:
            found = lines.get(element, [])
            return Shape(
                math.nan if element in split else height,
                texts[element],
                tuple((letters, line_height) for letters, line_height, _ in found),
                tuple(room for _, _, room in found),
                sizes.get(element, math.inf),
            )

        candidates = [(e, texts[e], owners.get(e)) for e in items]
        found: dict[str, list[Shape]] = {}
        for section in sections:
            value = getattr(brief, section)
            if isinstance(value, str):
                words = _words(value)
                same = [e for e in paragraphs if texts[e] == words]
                if words and len(same) == 1:
                    found[section] = [shape(same[0], paragraphs[same[0]])]
                continue
            elements = _match(value, candidates)
            if elements and owners.get(elements[0]) in adding_up:
                found[section] = [shape(e, items[e]) for e in elements]
        return found
    except Exception:  # only an estimate: any surprise in the boxes means none
        return {}


def _adding_up(pages: Sequence[Any]) -> set[Any]:
    """The ul, ol and table elements whose items' heights add up: an item that comes or goes
    adds or takes its own height, whatever its neighbours. Not so where the margins of two
    items meet and collapse, or differ from one item to the next (`li:last-child`), nor in a
    table whose columns are sized from its content or whose rows are spaced apart."""
    from weasyprint.formatting_structure import boxes

    margins: dict[Any, set[tuple[float, float]]] = {}
    seen: set[Any] = set()
    refused: set[Any] = set()
    for page in pages:
        for box, parent, owner in _walk(page._page_box):
            element = getattr(box, "element", None)
            tag = getattr(box, "element_tag", None)
            if isinstance(box, boxes.TableBox):  # inside its wrapper, of the same element
                style = box.style
                spaced = style["border_collapse"] != "collapse" and any(
                    float(getattr(length, "value", length) or 0)
                    for length in style["border_spacing"]
                )
                if style["table_layout"] != "fixed" or spaced:
                    refused.add(element)
            elif element is None or getattr(parent, "element", None) is element:
                continue
            elif tag in ("li", "tr") and owner is not None and element not in seen:
                seen.add(element)  # its first part: a part after a page break has no margin
                pair = (float(box.margin_top or 0), float(box.margin_bottom or 0))
                margins.setdefault(owner, set()).add(pair)
    adding: set[Any] = set()
    for owner, pairs in margins.items():
        if owner in refused or len(pairs) != 1:
            continue
        top, bottom = next(iter(pairs))
        if not (top > 0 and bottom > 0):
            adding.add(owner)
    return adding


def cut_height(shape: Shape, whole: str, cut: str) -> tuple[float, float] | None:
    """The least and most height an item laid out as `shape` takes once its text `whole`,
    which it ends with, is cut to `cut` (a start of it ending in "…", compose/clipping.py
    clip): the lines before the one the cut falls in stay as they are; that line ends with
    "…", which may push its last word onto one line more, unless that line had room for it.
    None when the layout does not show that much."""
    whole, cut = _words(whole), _words(cut)
    kept = cut[:-1].rstrip() if cut.endswith("…") else None
    start = shape.text.find(whole)
    # Only a text the item ends with: what follows a cut text moves with it, line by line.
    if not kept or not whole.startswith(kept) or not shape.text.endswith(whole) or start < 0:
        return None
    start = len(shape.text) - len(whole)
    if not shape.lines:
        return None
    if math.isnan(shape.height) or sum(n for n, _ in shape.lines) != _letters(shape.text):
        return None
    end = _letters(shape.text[:start]) + _letters(kept)  # the cut's last letter, counted
    ends = list(itertools.accumulate(letters for letters, _ in shape.lines))
    index = bisect.bisect_left(ends, end)  # the line the cut falls in
    if index == len(ends):
        return None
    heights = [height for _, height in shape.lines]
    rest = shape.height - sum(heights)  # margins, padding: the same however many lines
    tallest = max(heights)
    # The line the cut falls in keeps its start when that holds a break (a space): else
    # its text may move up whole, and the item end a line sooner.
    line_start = ends[index] - shape.lines[index][0]
    before_cut = _line_text(shape, index)[: end - line_start]
    fewest = index + 1 if " " in before_cut.strip() else index
    least = rest + sum(heights[:fewest])
    # That line, shorter by what the cut leaves out, still holds " …" where it had room for it.
    room = shape.room[index] if index < len(shape.room) else 0.0
    pushed = 0.0 if room >= ELLIPSIS_EMS * shape.em else tallest
    return least, rest + sum(heights[: index + 1]) + pushed


def _line_text(shape: Shape, index: int) -> str:
    """The text of one line of the item, as near as the letters counted tell."""
    skip = sum(letters for letters, _ in shape.lines[:index])
    text, seen = shape.text, 0
    for position, char in enumerate(text):
        if seen == skip:
            return text[position:]
        if not char.isspace():
            seen += 1
    return ""


def _letters(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def _lines(
    pages: Sequence[Any],
) -> tuple[dict[Any, list[tuple[int, float, float]]], dict[Any, float]]:
    """The lines of each li and p element, in order over every page: for each, its
    characters other than spaces, its height and the room left at its end; and each such
    element's font size."""
    from weasyprint.formatting_structure import boxes

    found: dict[Any, list[tuple[int, float, float]]] = {}
    sizes: dict[Any, float] = {}

    def text(box: Any) -> str:
        if isinstance(box, boxes.TextBox):
            return str(box.text)
        return "".join(text(child) for child in getattr(box, "children", ()))

    def room(line: Any, owner_box: Any) -> float:
        right = owner_box.content_box_x() + owner_box.width
        ends = [child.position_x + child.margin_width() for child in line.children]
        return float(right - max(ends, default=line.position_x))

    def visit(box: Any, owner: Any, owner_box: Any) -> None:
        for child in getattr(box, "children", ()):
            if getattr(child, "is_outside_marker", False):  # "•", "1.": not the item's text
                continue
            if isinstance(child, boxes.LineBox):
                if owner is not None:
                    line = (_letters(text(child)), child.height, room(child, owner_box))
                    found.setdefault(owner, []).append(line)
                continue
            inner, inner_box = owner, owner_box
            if getattr(child, "element_tag", None) in ("li", "p") and (
                getattr(child, "element", None) is not getattr(box, "element", None)
            ):
                inner, inner_box = child.element, child
                sizes[inner] = float(child.style["font_size"])
            visit(child, inner, inner_box)

    for page in pages:
        visit(page._page_box, None, None)
    return found, sizes
