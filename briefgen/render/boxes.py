"""What a laid-out brief's boxes say: how much room is left on its page, how tall each item
of its lists (and each of its paragraphs) is, and about how many items must go for it to fit.

Fitting the brief (render/fit.py) uses these to lay out as few trial briefs as it can:
- `estimate_drops`: from a brief that overflows, how many drop steps it suggests: how much
  it overflows (the height its content takes on all its pages, less one page's) against what
  each drop saves (the height of the boxes of the item it drops, the `li` or `tr` whose text
  holds the item's text, and, when a list loses its last item, of the list itself);
- `free_height`: the room left below the content of a one-page layout.
Everything here is an estimate read from WeasyPrint's boxes: any surprise in them (a
template that shows items in another way) means no estimate, never an error.
"""

from __future__ import annotations

import dataclasses
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
