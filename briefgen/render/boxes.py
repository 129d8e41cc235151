"""What a laid-out brief's boxes say: how much room is left on its page, how tall each item
of its lists (and each of its paragraphs) is, and about how many items must go for it to fit.

Fitting the brief (render/fit.py) uses these to lay out as few trial briefs as it can:
- `estimate_drops`: from a brief that overflows, how many drop steps it suggests: how much
  it overflows (the height its content takes on all its pages, less one page's) against what
  each drop saves (the height of the boxes of the item it drops, the `li` or `tr` whose text
  holds the item's text, and, when a list loses its last item, of the list itself);
- `item_heights`: the height of each item of a section (one list's `li` or `tr` elements,
  or for a text section its one paragraph), to tell whether bringing one back can fit;
- `free_height`: the room left below the content of a one-page layout.
Everything here is an estimate read from WeasyPrint's boxes: any surprise in them (a
template that shows items in another way) means no estimate, never an error.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
from collections.abc import Iterator, Sequence
from typing import Any

ITEM_TAGS = ("li", "tr")
LIST_TAGS = ("ul", "ol", "table")
PARAGRAPH_TAGS = ("p",)


def free_height(document: Any) -> float:
    """The height left below the content of a one-page layout: below the border of its
    last box, whose bottom margin the page end may cut."""
    page = document.pages[0]._page_box
    return float(page.height - _used_height(page, margin=False))


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
    whose boxes cannot be told apart is left out. An item broken across two pages has no
    height to tell (NaN): WeasyPrint stretches its first part to the foot of the page."""
    try:
        items, _, owners, paragraphs = _item_heights(document.pages)
        split = _split_elements(document.pages)
        lines, sizes = _lines(document.pages)

        def shape(element: Any, height: float) -> Shape:
            text = _words("".join(element.itertext()))
            found = lines.get(element, [])
            return Shape(
                math.nan if element in split else height,
                text,
                tuple((letters, line_height) for letters, line_height, _ in found),
                tuple(room for _, _, room in found),
                sizes.get(element, math.inf),
            )

        candidates = [(e, _words("".join(e.itertext())), owners.get(e)) for e in items]
        found: dict[str, list[Shape]] = {}
        for section in sections:
            value = getattr(brief, section)
            if isinstance(value, str):
                words = _words(value)
                same = [e for e in paragraphs if _words("".join(e.itertext())) == words]
                if words and len(same) == 1:
                    found[section] = [shape(same[0], paragraphs[same[0]])]
                continue
            elements = _match(value, candidates)
            if elements is not None:
                found[section] = [shape(e, items[e]) for e in elements]
        return found
    except Exception:  # only an estimate: any surprise in the boxes means none
        return {}


def cut_height(shape: Shape, whole: str, cut: str) -> tuple[float, float] | None:
    """The least and most height an item laid out as `shape` takes once its text `whole`,
    which it ends with, is cut to `cut` (a start of it ending in "…", compose/common.py
    clip): the lines before
    the one the cut falls in stay as they are; that line ends with "…", which may push its
    last word onto one line more, unless that line had room for it. None when the layout
    does not show that much."""
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


def estimate_drops(document: Any, brief: Any, steps: Sequence[Any]) -> int | None:
    """How many of `steps` the laid-out full brief (`document`, a WeasyPrint Document of
    two or more pages) suggests must go for it to fit one page; None when it cannot tell."""
    try:
        return _estimate(document, brief, steps)
    except Exception:  # only a guess: any surprise in the boxes means no guess
        return None


def _estimate(document: Any, brief: Any, steps: Sequence[Any]) -> int | None:
    pages = document.pages
    if len(pages) < 2:
        return None
    room = pages[0]._page_box.height
    used = sum(_used_height(page._page_box) for page in pages)
    items, containers, owners, _ = _item_heights(pages)
    if not items:
        return None
    # Each section's items, in order, in the li or tr elements of one list, in order.
    candidates = [(e, _words("".join(e.itertext())), owners.get(e)) for e in items]
    boxes: dict[str, list[Any]] = {}
    # A step that cuts texts rather than dropping an item: it saves the share of each item's
    # height that its text loses; a cut of a text that is no list item is counted as nothing.
    cut_only = {s.section for s in steps if getattr(s, "cut", 0)}
    cut_only -= {s.section for s in steps if not getattr(s, "cut", 0)}
    lengths: dict[str, list[int]] = {}
    current: dict[str, list[Any]] = {}
    for section in {step.section for step in steps}:
        value = getattr(brief, section)
        if isinstance(value, str):
            continue
        found = _match(value, candidates)
        if found is None:
            if section in cut_only:
                continue
            return None
        boxes[section] = found
        lengths[section] = [max(map(len, item_texts(item)), default=0) for item in value]
        current[section] = list(value)
    elements = [e for section in boxes.values() for e in section]
    if len(set(map(id, elements))) != len(elements):
        return None  # two sections found in one place: no telling which is which
    remaining = {section: len(found) for section, found in boxes.items()}
    saved = 0.0
    for count, step in enumerate(steps, 1):
        limit = getattr(step, "cut", 0)
        if limit:
            section = step.section
            for i in range(min(remaining.get(section, 0), len(lengths.get(section, [])))):
                after = step.cut_length(current[section][i])
                if after < lengths[section][i]:
                    saved += items[boxes[section][i]] * (1 - after / lengths[section][i])
                    lengths[section][i] = after
            if used - saved <= room:
                return count
            continue
        remaining[step.section] -= 1
        element = boxes[step.section][remaining[step.section]]
        saved += items[element]
        if remaining[step.section] == 0:  # the list goes too, in the bundled templates
            container = containers.get(element)
            if container is not None:
                saved += container
        if used - saved <= room:
            return count
    return len(steps)


def _used_height(page_box: Any, margin: bool = True) -> float:
    """How far down the page the content goes, from the top of the page area: to the
    bottom margin of its last box, or to its border."""
    top = page_box.content_box_y()
    bottoms = [_bottom(child, margin) for child in page_box.children if _is_content(child)]
    return max(bottoms, default=top) - top


def _is_content(box: Any) -> bool:
    from weasyprint.formatting_structure import boxes

    return not isinstance(box, boxes.MarginBox) and box.is_in_normal_flow()


def _bottom(box: Any, margin: bool = True) -> float:
    """The bottom of the box's last content: a box broken at the page end is as tall as the
    rest of the page, so go down to the boxes that are not."""
    from weasyprint.formatting_structure import boxes

    children = [
        child
        for child in getattr(box, "children", ())
        if isinstance(child, boxes.BlockLevelBox) and child.is_in_normal_flow()
    ]
    if children and not isinstance(box, boxes.TableBox):
        return max(_bottom(child, margin) for child in children)
    if margin:
        return float(box.position_y + box.margin_height())
    return float(box.border_box_y() + box.border_height())


def _split_elements(pages: Sequence[Any]) -> set[Any]:
    """The li, tr and p elements with boxes on more than one page."""
    seen: dict[Any, int] = {}
    split = set()
    for number, page in enumerate(pages):
        for box, _, _ in _walk(page._page_box):
            if getattr(box, "element_tag", None) in (*ITEM_TAGS, *PARAGRAPH_TAGS):
                element = box.element
                if seen.setdefault(element, number) != number:
                    split.add(element)
    return split


def _walk(box: Any, lists: tuple[Any, ...] = ()) -> Iterator[tuple[Any, Any, Any]]:
    """(box, parent, innermost ul, ol or table element around it) for every box under box."""
    for child in getattr(box, "children", ()):
        yield child, box, lists[-1] if lists else None
        inner = lists
        if getattr(child, "element_tag", None) in LIST_TAGS:
            inner = (*lists, child.element)
        yield from _walk(child, inner)


def _item_heights(
    pages: Sequence[Any],
) -> tuple[dict[Any, float], dict[Any, float], dict[Any, Any], dict[Any, float]]:
    """The height of each li and tr element (its fragments on every page together, in
    document order); for each, the height its list adds beyond its items (its margins, a
    table's header); the list (ul, ol or table element) each is in; and the height of each
    paragraph (p element)."""
    items: dict[Any, float] = {}
    lists: dict[Any, float] = {}  # list element -> its height, all fragments
    list_of: dict[Any, Any] = {}  # item element -> its list element
    paragraphs: dict[Any, float] = {}
    for page in pages:
        for box, parent, owner in _walk(page._page_box):
            element = getattr(box, "element", None)
            if element is None or getattr(parent, "element", None) is element:
                continue  # no element, or an inner box of its parent's element
            tag = getattr(box, "element_tag", None)
            if tag in ITEM_TAGS:
                items[element] = items.get(element, 0.0) + box.margin_height()
                if owner is not None:
                    list_of[element] = owner
            elif tag in LIST_TAGS:
                lists[element] = lists.get(element, 0.0) + box.margin_height()
            elif tag in PARAGRAPH_TAGS:
                paragraphs[element] = paragraphs.get(element, 0.0) + box.margin_height()
    contents: dict[Any, float] = {}
    for element, owner in list_of.items():
        contents[owner] = contents.get(owner, 0.0) + items[element]
    containers = {
        element: max(0.0, lists[owner] - contents[owner])
        for element, owner in list_of.items()
        if owner in lists
    }
    return items, containers, list_of, paragraphs


def _match(section: Sequence[Any], candidates: list[tuple[Any, str, Any]]) -> list[Any] | None:
    """The elements of a section's items: one list's li or tr elements, in the items' order,
    each holding its item's text (for items of several texts, the same field of each: the
    longest that the template shows); the first such run in the document. None if none."""
    if not section:
        return []
    fields = [item_texts(item) for item in section]
    if not fields[0] or any(len(texts) != len(fields[0]) for texts in fields):
        return None
    by_length = sorted(range(len(fields[0])), key=lambda f: -sum(len(t[f]) for t in fields))
    for field in by_length:
        probes = [_words(texts[field]) for texts in fields]
        if all(probes):
            found = _run(probes, candidates)
            if found is not None:
                return found
    return None


def _run(probes: list[str], candidates: list[tuple[Any, str, Any]]) -> list[Any] | None:
    for start, (element, words, owner) in enumerate(candidates):
        if owner is None or probes[0] not in words:
            continue
        found, position = [element], start
        for probe in probes[1:]:
            position = next(
                (
                    i
                    for i in range(position + 1, len(candidates))
                    if candidates[i][2] is owner and probe in candidates[i][1]
                ),
                -1,
            )
            if position < 0:
                break
            found.append(candidates[position][0])
        else:
            return found
    return None


def item_texts(item: Any) -> list[str]:
    """The texts an item shows: itself, or each text field of its dataclass."""
    if isinstance(item, str):
        return [item]
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return [v for v in dataclasses.asdict(item).values() if isinstance(v, str)]
    return []


def _words(text: str) -> str:
    return " ".join(text.split())
