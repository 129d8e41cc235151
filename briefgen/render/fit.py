"""Fitting the background brief to one page with few layouts.

`fit_one_page` drops the brief's optional items, least important first (compose/brief.py,
DROP_ORDER), until it fits on one page, and keeps the fewest drops that fit: the smallest k
such that the brief without the first k drop steps lays out on one page. Then, where the page
has room left, it undoes earlier steps, most important first (`restore_greedily`). Each trial
brief is a real layout, the costly part of a pack, so the search asks the boxes of the
layouts it already has (render/boxes.py) before it makes another:

- the full brief's boxes say about how many steps must go (`estimate_drops`): the first
  guess; when a guess still overflows, its own boxes give the next guess;
- a brief that fits, and the height of what one more step undone brings back, say whether
  that brief would still fit: when the answer is certain, no layout is made for it.

An answer read from boxes is taken only when it is certain: the brief with the step undone
differs from the laid-out one only in the lines of that section's items (its HTML is made and
compared, which costs a template render, not a layout), and the height those items take then
is known from a layout that showed them in the same state (the full brief, or the one laid
out). The result is the one a layout of every trial would give: the smallest count that fits
(the only one whose predecessor overflows when fitting is monotone: fewer items never take
more room), and the same steps undone. When boxes cannot be told apart (a template that
shows items in another way), every trial is laid out, as bisection from scratch would.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

from briefgen.compose.brief import drop_steps, restore_order, trim
from briefgen.compose.context import Brief
from briefgen.documents import BRIEF
from briefgen.errors import RenderError
from briefgen.render.boxes import estimate_drops, free_height, item_heights, item_texts
from briefgen.render.pack import PackRenderer, Rendered

# CSS px that a height read from boxes may be off by: a list's last item's bottom margin
# (0.4 mm, 1.5 px in pack.css) collapses with the list's when items come and go. A wrong
# "fits" is caught by the layout that confirms it; a wrong "overflows" keeps one item out.
TOLERANCE = 2.0


def fewest_that_fit(
    fits: Callable[[int], bool],
    most: int,
    guess: int | None = None,
    *,
    overflows: Callable[[int], bool] | None = None,
    reguess: Callable[[int], int | None] | None = None,
) -> int | None:
    """The smallest count in 1..most for which fits(count) holds, given that fits(0) does
    not, or None when fits(most) does not hold either. Each call of fits lays out;
    overflows(count), when true, says without a layout that fits(count) would not hold;
    reguess(count), after fits(count) failed, may name a better next count to try."""
    known: dict[int, bool] = {0: False}
    foreseen = functools.cache(overflows or (lambda count: False))

    def check(count: int) -> bool:
        if count not in known:
            known[count] = False if foreseen(count) else fits(count)
        return known[count]

    low, high = 0, None  # low overflows; high, once known, fits
    if guess is not None and 0 < guess <= most:
        # Gallop away from the guess to the nearest count on the other side of the answer.
        step = 1
        if check(guess):
            high = guess
            while high - step > low:
                if not check(high - step):
                    low = high - step
                    break
                high, step = high - step, step * 2
        else:
            low = guess
            while high is None:
                better = reguess(low) if reguess else None
                probe = better if better and low < better <= most else min(low + step, most)
                if check(probe):
                    high = probe
                elif probe == most:
                    return None
                else:
                    low, step = probe, step * 2
    if high is None:  # no guess: the last count first, then bisection, as it always was
        if not check(most):
            return None
        high = most
    while high - low > 1:
        middle = high - 1 if foreseen(high - 1) else (low + high) // 2
        if check(middle):
            high = middle
        else:
            low = middle
    return high


# What a layout's boxes foresee for a trial: (True, height added) when it certainly fits,
# (False, _) when it certainly overflows, (None, _) when only a layout can tell.
Foresight = tuple[bool | None, float]


def restore_greedily(
    fits: Callable[[list[int]], bool],
    order: Sequence[int],
    cost: Callable[[int], float | None],
    free: Callable[[], float],
    layouts: int = 4,
    foresee: Callable[[list[int], int], Foresight] | None = None,
) -> list[int]:
    """Which of the steps `order` names (most important first) to undo while the page
    still fits: each in turn, skipped at once when its item is known to need more height
    (cost) than the page has free (after the steps undone so far), else tried, at most
    `layouts` of them. A trial is a layout, fits(undone), unless foresee(undone, index) is
    certain of its outcome; a trial foreseen to fit is confirmed by the next layout (the
    next trial's, or a last one), and given up if that layout says otherwise."""
    undone: list[int] = []
    pending: list[int] = []  # undone as foreseen, not yet laid out
    added = 0.0  # the height those take

    def room() -> float:
        return free() - added

    for index in order:
        if layouts == 0:
            break
        needed = cost(index)
        if needed is not None and needed > room():
            continue
        layouts -= 1
        verdict, height = foresee(undone, index) if foresee else (None, 0.0)
        if verdict is False:
            continue
        if verdict and height <= room():
            undone.append(index)
            pending.append(index)
            added += height
            continue
        if fits([*undone, index]):
            undone.append(index)
        elif pending and not fits(undone):  # foreseen wrongly: give those up
            undone = [i for i in undone if i not in pending]
        pending, added = [], 0.0
    if pending and not fits(undone):
        undone = [i for i in undone if i not in pending]
    return undone


def fit_one_page(brief: Brief, renderer: PackRenderer) -> tuple[Brief, Rendered]:
    """The brief with the fewest items dropped that still fits one page."""
    steps = drop_steps(brief)
    layouts: dict[int, tuple[Brief, Rendered]] = {}

    def attempt(count: int) -> bool:
        trimmed = trim(brief, steps[:count])
        layouts[count] = (trimmed, renderer.render(BRIEF, trimmed))
        return layouts[count][1].pdf.page_count <= 1

    if attempt(0):
        return layouts[0]
    full = layouts[0][1].pdf.document
    judge = Judge(brief, renderer, full, {step.section for step in steps})

    def overflows(count: int) -> bool:
        """Certain, from the one-page layout with one step more, that `count` overflows."""
        laid_out = layouts.get(count + 1)
        if laid_out is None or laid_out[1].pdf.page_count > 1:
            return False
        after = trim(brief, steps[:count])
        return judge.foresee(laid_out, after, steps[count].section)[0] is False

    def reguess(count: int) -> int | None:
        """A next count from the boxes of the brief with `count` steps, which overflows."""
        trimmed, rendered = layouts[count]
        more = estimate_drops(rendered.pdf.document, trimmed, steps[count:])
        return None if more is None else count + more

    # The full brief's boxes say about how many items must go: try there first, then its
    # neighbour, rather than bisecting from scratch (same answer).
    guess = estimate_drops(full, brief, steps)
    count = fewest_that_fit(attempt, len(steps), guess, overflows=overflows, reguess=reguess)
    if count is None:
        raise RenderError(
            "the background brief does not fit on one page even with every optional item "
            "left out; shorten the objectives or the profile's margins and font size"
        )
    # The fewest steps from the end may free more room than the page lacked: undo the
    # earlier steps the room allows, most important first (compose/brief.py, restore_order).
    taken = steps[:count]
    order = [i for i in restore_order(taken) if i != count - 1]  # without it: count - 1
    heights = judge.full_heights
    best = layouts[count]

    def fits(undone: list[int]) -> bool:
        nonlocal best
        trimmed = trim(brief, taken, undone)
        rendered = renderer.render(BRIEF, trimmed)
        if rendered.pdf.page_count > 1:
            return False
        best = (trimmed, rendered)
        return True

    def cost(index: int) -> float | None:
        """The height of the item undoing a drop brings back; None for a cut."""
        step = taken[index]
        if step.cut or step.section not in heights:
            return None
        kept = len(getattr(best[0], step.section))
        return heights[step.section][kept] if kept < len(heights[step.section]) else None

    def foresee(undone: list[int], index: int) -> Foresight:
        return judge.foresee(best, trim(brief, taken, [*undone, index]), taken[index].section)

    restore_greedily(fits, order, cost, lambda: free_height(best[1].pdf.document), foresee=foresee)
    return best


class Judge:
    """Tells, from a one-page layout of the brief, whether another state of the brief that
    differs from it in one section's items would fit, when that is certain."""

    def __init__(self, brief: Brief, renderer: PackRenderer, full: Any, sections: set[str]):
        self.brief, self.renderer = brief, renderer
        # The items of the full brief, as its layout shows them: every item's height uncut.
        self.full_heights = item_heights(full, brief, sorted(sections))
        # id(layout) -> the layout (kept, so that its id is not another's) and its heights
        self._seen: dict[int, tuple[Rendered, dict[str, list[float]]]] = {}

    def foresee(self, laid_out: tuple[Brief, Rendered], after: Brief, section: str) -> Foresight:
        """Whether `after` fits one page, and the height it adds to the laid-out brief."""
        shown, rendered = laid_out
        changed = self._changed_lines(shown, after)
        if not changed:  # the same page: what the step did shows no more (a milder cut)
            return True, 0.0
        if not _only_items(changed, shown, after, section):
            return None, 0.0
        before = self._heights(rendered, shown, section)
        taken = self._height(after, section, shown, before)
        if before is None or taken is None:
            return None, 0.0
        added, free = taken - sum(before), free_height(rendered.pdf.document)
        if math.isnan(added):
            return None, 0.0
        if added > free + TOLERANCE:
            return False, added
        if added < free - TOLERANCE:
            return True, added
        return None, added

    def _height(
        self, after: Brief, section: str, shown: Brief, before: list[float] | None
    ) -> float | None:
        """What the section's items take in `after`: each item as shown (by `shown`'s layout)
        or as in the full brief; None when some item is in a state no layout showed."""
        if before is None or section not in self.full_heights:
            return None
        items, now, whole = (_items(b, section) for b in (after, shown, self.brief))
        if not items or not now:  # a list that appears or goes: its heading, its margins
            return None
        total = 0.0
        for position, item in enumerate(items):
            if position < len(now) and item == now[position] and position < len(before):
                total += before[position]
            elif item == whole[position] and position < len(self.full_heights[section]):
                total += self.full_heights[section][position]
            else:
                return None
        return None if math.isnan(total) else total  # an item broken across pages

    def _heights(self, rendered: Rendered, shown: Brief, section: str) -> list[float] | None:
        key = id(rendered)
        if key not in self._seen or self._seen[key][0] is not rendered:
            self._seen[key] = (rendered, {})
        cache = self._seen[key][1]
        if section not in cache:
            found = item_heights(rendered.pdf.document, shown, [section])
            if section not in found or len(found[section]) != len(_items(shown, section)):
                return None
            cache[section] = found[section]
        return cache[section]

    def _changed_lines(self, shown: Brief, after: Brief) -> list[str]:
        """The lines of the HTML of either brief that the other does not have."""
        before = self.renderer.html(BRIEF, shown.header, shown).splitlines()
        now = self.renderer.html(BRIEF, after.header, after).splitlines()
        return _changed_lines(before, now)


def _only_items(changed: list[str], shown: Brief, after: Brief, section: str) -> bool:
    """Whether every changed line shows an item of the section: nothing else on the page
    (a note that counts them, a heading) changes."""
    texts = [_escaped(t) for b in (shown, after) for t in _texts(_items(b, section))]
    return all(any(t in line for t in texts if t) for line in changed)


def _changed_lines(before: list[str], after: list[str]) -> list[str]:
    lines: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            lines += before[i1:i2] + after[j1:j2]
    return lines


def _items(brief: Brief, section: str) -> list[Any]:
    value = getattr(brief, section)
    return [value] if isinstance(value, str) else list(value)


def _texts(items: list[Any]) -> list[str]:
    """Each item's longest text: the line that shows the item holds it."""
    return [max(item_texts(item), key=len, default="") for item in items]


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
