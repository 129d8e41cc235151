"""What the layouts of trial briefs tell of other briefs, without laying them out.

Every layout tells how tall each item it shows is (render/boxes.py), and a brief laid out on
one page tells how much room it leaves. Another state of the brief that differs from it only
in the items of some sections (or in a note whose figures alone changed: "… and 7 more") then
fits or overflows by the heights of those items: certainly, when every item it shows was laid
out before as it is, or is the full brief's item cut (whose lines before the cut stay as
they were). A list that appears or goes, or anything else that changes, leaves the outcome to
a layout.

A process keeps what it learnt between fits (`Memory`): the web app, fitting the same
meeting's brief after an edit, starts from the last fitted brief rather than from the full
one.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from dataclasses import dataclass
from typing import Any

from briefgen.compose.context import Brief
from briefgen.documents import BRIEF
from briefgen.render.boxes import free_height, item_texts
from briefgen.render.pack import PackRenderer, Rendered
from briefgen.render.shapes import Shape, cut_height, item_shapes

# CSS px that a height added up from boxes may be off by: sums of floats. Heights foreseen
# this way matched the layouts that followed to a thousandth of a px (the seeds and a
# 20-counterpart workspace, in both languages), since only lists whose items' heights add up
# are read (render/shapes.py: no margins that collapse between items or differ between
# them, no table sized from its content). A wrong "fits" is caught by the layout that
# confirms it; a wrong "overflows" keeps one item out.
TOLERANCE = 0.5


@dataclass
class Reference:
    """A brief laid out on one page: its HTML lines and the room it leaves."""

    brief: Brief
    rendered: Rendered | None  # None for one remembered from an earlier fit
    lines: list[str]
    free: float


class Layouts:
    """The trial briefs laid out, and what they tell of others: how each item was laid out
    (by section and item), and the briefs that fit one page, as references."""

    def __init__(
        self, brief: Brief, renderer: PackRenderer, sections: set[str], remembered: bool = True
    ):
        self.brief, self.renderer = brief, renderer
        self.sections = sorted(sections)
        self.memory = _memory(renderer) if remembered else Memory({}, [])
        self.shapes = self.memory.shapes
        if len(self.shapes) > MEMORY_SHAPES:
            self.shapes.clear()
        # The fitted briefs of this meeting laid out by earlier fits in this process.
        self.references: list[Reference] = [
            r for r in self.memory.fitted if r.brief.header == brief.header
        ]

    def remembered_guess(self) -> int | None:
        """How many steps the last fit of this meeting's brief took, if one was made."""
        return self.references[0].brief.steps_taken if self.references else None

    def remember(self, fitted: tuple[Brief, Rendered]) -> None:
        """Keep the fitted brief as a reference for the next fit of the same meeting: its
        HTML and the room it left, not its layout."""
        brief, rendered = fitted
        reference = self._reference_of(rendered)
        if reference is None:  # not a one-page layout of this fit
            return
        kept = [r for r in self.memory.fitted if r.brief.header != brief.header]
        self.memory.fitted = [Reference(brief, None, reference.lines, reference.free), *kept]
        del self.memory.fitted[MEMORY_BRIEFS:]

    def forget(self) -> None:
        """Drop what earlier fits left: it foresaw wrongly."""
        self.memory.fitted = [r for r in self.memory.fitted if r.brief.header != self.brief.header]
        self.memory.shapes.clear()
        self.references = [r for r in self.references if r.rendered is not None]

    def lay_out(self, brief: Brief) -> Rendered:
        rendered = self.renderer.render(BRIEF, brief)
        document = rendered.pdf.document
        for section, shapes in item_shapes(document, brief, self.sections).items():
            for item, shape in zip(_items(brief, section), shapes, strict=False):
                key = (section, repr(item))  # the latest layout's, but a height over one
                if not math.isnan(shape.height) or key not in self.shapes:
                    self.shapes[key] = shape
        if rendered.pdf.page_count <= 1:
            free = free_height(document)
            self.references.insert(0, Reference(brief, rendered, self._lines(brief), free))
            del self.references[3:]  # the latest are the nearest to what comes next
        return rendered

    def free(self, rendered: Rendered) -> float:
        """The room a one-page layout leaves (kept with the references)."""
        reference = self._reference_of(rendered)
        return free_height(rendered.pdf.document) if reference is None else reference.free

    def _reference_of(self, rendered: Rendered) -> Reference | None:
        return next((r for r in self.references if r.rendered is rendered), None)

    def height(self, section: str, item: Any) -> float | None:
        """The height of an item of a section, if a layout showed it whole."""
        shape = self.shapes.get((section, repr(item)))
        return None if shape is None or math.isnan(shape.height) else shape.height

    def foresee(self, after: Brief) -> bool | None:
        """Whether `after` fits one page, when a brief laid out on one page makes it
        certain; None when only a layout can tell."""
        lines = self._lines(after)
        for reference in self.references:
            verdict = self._against(reference, after, lines)
            if verdict is not None:
                return verdict
        return None

    def room_at_most(self, brief: Brief) -> float:
        """The most room a one-page layout of `brief` can leave, as the references tell."""
        lines = self._lines(brief)
        for reference in self.references:
            added = self._added(reference, brief, lines)
            if added is not None:
                return reference.free - added[0]
        return math.inf

    def _against(self, reference: Reference, after: Brief, lines: list[str]) -> bool | None:
        added = self._added(reference, after, lines)
        if added is None:
            return None
        least, most = added
        if least > reference.free + TOLERANCE:
            return False
        if most < reference.free - TOLERANCE:
            return True
        return None

    def _added(
        self, reference: Reference, after: Brief, lines: list[str]
    ) -> tuple[float, float] | None:
        """The least and most height `after` adds to the laid-out reference, when only the
        items of some sections differ and every item's height is known; else None."""
        removed, added_lines = _changed_lines(reference.lines, lines)
        if not removed and not added_lines:  # the same page: what changed shows no more
            return 0.0, 0.0
        shown = reference.brief
        sections = [s for s in self.sections if _items(shown, s) != _items(after, s)]
        # The texts of the items that come, go or change: a changed line must show one.
        texts = [
            _escaped(text)
            for section in sections
            for item in _changed_items(_items(shown, section), _items(after, section))
            for text in _texts([item])
            if len(text) >= EVIDENT_TEXT
        ]
        for line in removed + added_lines:
            if not any(text in line for text in texts):
                return None  # something else on the page changed
        least = most = 0.0
        for section in sections:
            before, now = _items(shown, section), _items(after, section)
            if not before or not now:  # a list that appears or goes: its heading, its margins
                return None
            for sign, items in ((-1.0, before), (1.0, now)):
                for position, item in enumerate(items):
                    bounds = self._bounds(section, item, position)
                    if bounds is None:
                        return None
                    low, high = (bounds[1], bounds[0]) if sign < 0 else bounds
                    least, most = least + sign * low, most + sign * high
        return least, most

    def _bounds(self, section: str, item: Any, position: int) -> tuple[float, float] | None:
        """The least and most height the item takes: as a layout showed it, else as the
        full brief's item at its place showed it, cut (the lines before the cut stay)."""
        height = self.height(section, item)
        if height is not None:
            return height, height
        whole = _items(self.brief, section)
        if position >= len(whole):
            return None
        shape = self.shapes.get((section, repr(whole[position])))
        changed = [
            (full, cut)
            for full, cut in zip(item_texts(whole[position]), item_texts(item), strict=False)
            if full != cut
        ]
        if shape is None or len(changed) != 1:
            return None
        return cut_height(shape, *changed[0])

    def html(self, brief: Brief) -> str:
        return self.renderer.html(BRIEF, brief.header, brief)

    def _lines(self, brief: Brief) -> list[str]:
        return self.html(brief).splitlines()


# What a process keeps between fits, for each renderer's settings (profile, language, variant
# and every file along the profile's search path, as it is on disk): how items were laid
# out, and the last few fitted briefs (their HTML and the room they left). A file changed
# (a template, a stylesheet, a font, the logo) makes another key, which starts afresh.
MEMORY_SHAPES = 4096
MEMORY_BRIEFS = 3
MEMORY_RENDERERS = 4
MEMORY_FILES = 2000


@dataclass
class Memory:
    shapes: dict[tuple[str, str], Shape]
    fitted: list[Reference]


_MEMORIES: dict[tuple[Any, ...], Memory] = {}


def _memory(renderer: PackRenderer) -> Memory:
    files = _files(renderer)
    if files is None:  # nothing kept: every fit starts afresh
        return Memory({}, [])
    key = (repr(renderer.profile), renderer.lang, renderer.variant, files)
    memory = _MEMORIES.pop(key, None) or Memory({}, [])
    _MEMORIES[key] = memory  # the most recent last
    while len(_MEMORIES) > MEMORY_RENDERERS:
        del _MEMORIES[next(iter(_MEMORIES))]
    return memory


def _files(renderer: PackRenderer) -> tuple[tuple[str, int, int], ...] | None:
    """Every file besides the records that decides how a brief lays out, as it is on disk:
    those along the profile's search path (templates, stylesheets and what they import,
    fonts, the logo); None when there are too many to look at for each fit."""
    found = []
    for folder in renderer.profile.search_path:
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found.append((path, stat.st_mtime_ns, stat.st_size))
                if len(found) > MEMORY_FILES:
                    return None
    return tuple(sorted(found))


def _changed_lines(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """The lines of `before` that `after` does not have, and those `after` has anew, but for
    pairs that differ in their figures alone ("… and 7 more" for "… and 6 more"): a note
    whose count changed keeps its shape, and its height. Lines pair one to one, within one
    place of difference."""
    removed: list[str] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        new = list(after[j1:j2])
        for line in before[i1:i2]:
            twin = next((other for other in new if _figures(other) == _figures(line)), None)
            if twin is None:
                removed.append(line)
            else:
                new.remove(twin)
        added += new
    return removed, added


_DIGIT = re.compile(r"\d")


def _figures(line: str) -> str:
    """The line with every digit the same: a note whose count alone changed ("… and 7 more"
    for "… and 6 more") keeps its shape, and its height."""
    return _DIGIT.sub("0", line)


# A text shorter than this ("Trade") may stand in a line that shows something else.
EVIDENT_TEXT = 12


def _changed_items(before: list[Any], after: list[Any]) -> list[Any]:
    """The items one list has and the other has not (each, as often as it has more)."""
    rest = list(after)
    gone = []
    for item in before:
        if item in rest:
            rest.remove(item)
        else:
            gone.append(item)
    return gone + rest


def _items(brief: Brief, section: str) -> list[Any]:
    value = getattr(brief, section)
    return [value] if isinstance(value, str) else list(value)


def _texts(items: list[Any]) -> list[str]:
    """Each item's longest text: the line that shows the item holds it."""
    return [max(item_texts(item), key=len, default="") for item in items]


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
