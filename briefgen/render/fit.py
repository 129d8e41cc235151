"""Fitting the background brief to one page with few layouts.

`fit_one_page` drops the brief's optional items, least important first (compose/trimming.py,
DROP_ORDER), until it fits on one page, and keeps the fewest drops that fit: the smallest k
such that the brief without the first k drop steps lays out on one page. Then, where the page
has room left, it undoes earlier steps, most important first (`restore_greedily`). Each trial
brief is a real layout, the costly part of a pack, so the search asks what the layouts it
already has say (`Foresight`) before it makes another:

- the full brief's boxes say about how many steps must go (`estimate_drops`): the first
  guess; when a guess still overflows, its own boxes give the next guess;
- every layout tells how tall each item it shows is; a brief that fits one page, and how
  much room it leaves, then tell whether another state of the brief would fit: when the
  answer is certain, no layout is made for it.

An answer read from boxes is taken only when it is certain (render/foresight.py), and the
brief kept is always laid out, so a foresight that was wrong costs a layout, never a brief
that overflows (and a remembered fit found wrong is done again by layouts alone). The count
is the one a layout of every trial would give: the smallest that fits (fewer items never take
more room). Trials foreseen cost no layout, so the restoring goes on through more of them than
its budget of layouts would allow, and may take back more. When boxes cannot be told apart (a
template that shows items in another way), every trial is laid out, as bisection would.

In a process that fits the same meeting's brief again (the web app, after an edit), the last
fitted brief is where the search starts: the full brief is not laid out, and an unchanged
brief, or one whose changes the boxes foresee, takes one layout.
"""

from __future__ import annotations

from briefgen.compose.context import Brief
from briefgen.compose.trimming import drop_steps, restore_order, trim
from briefgen.errors import RenderError
from briefgen.render.boxes import estimate_drops
from briefgen.render.foresight import Layouts
from briefgen.render.pack import PackRenderer, Rendered
from briefgen.render.search import Foresight, fewest_that_fit, restore_greedily


def fit_one_page(
    brief: Brief, renderer: PackRenderer, remembered: bool = True
) -> tuple[Brief, Rendered]:
    """The brief with the fewest items dropped that still fits one page."""
    steps = drop_steps(brief)
    layouts = Layouts(brief, renderer, {step.section for step in steps}, remembered)
    trials: dict[int, tuple[Brief, Rendered]] = {}
    # A process that fitted this meeting's brief before (the web app, after an edit) may
    # know the answer's neighbourhood from that layout: then the full brief is not laid out.
    guess, known = layouts.remembered_guess(), layouts.foresee(brief)
    from_memory = guess is not None and known is not True
    if not from_memory:
        full = layouts.lay_out(brief)
        if full.pdf.page_count <= 1:
            layouts.remember((brief, full))
            return brief, full
        # The full brief's boxes say about how many items must go: try there first, then
        # its neighbour, rather than bisecting from scratch (same answer).
        guess = estimate_drops(full.pdf.document, brief, steps)
        known = False

    def attempt(count: int) -> bool:
        trimmed = trim(brief, steps[:count])
        trials[count] = (trimmed, layouts.lay_out(trimmed))
        return trials[count][1].pdf.page_count <= 1

    def reguess(count: int) -> int | None:
        """A next count from the boxes of the brief with `count` steps, which overflows."""
        if count not in trials:
            return None
        trimmed, rendered = trials[count]
        more = estimate_drops(rendered.pdf.document, trimmed, steps[count:])
        return None if more is None else count + more

    count = fewest_that_fit(
        attempt,
        len(steps),
        guess,
        foresee=lambda count: layouts.foresee(trim(brief, steps[:count])),
        reguess=reguess,
        # From an earlier fit of this brief: the layout of the brief kept confirms it.
        confirm=not from_memory,
    )
    if count == 1 and known is None:  # the search took the full brief to overflow: check
        full = layouts.lay_out(brief)
        if full.pdf.page_count <= 1:
            layouts.remember((brief, full))
            return brief, full
    if count is None:
        raise RenderError(
            "the background brief does not fit on one page even with every optional item "
            "left out; shorten the objectives or the profile's margins and font size"
        )
    # The fewest steps from the end may free more room than the page lacked: undo the
    # earlier steps the room allows, most important first (compose/trimming.py, restore_order).
    taken = steps[:count]
    order = [i for i in restore_order(taken) if i != count - 1]  # without it: count - 1
    best: tuple[Brief, Rendered | None] = trials.get(count) or (trim(brief, taken), None)

    def fits(undone: list[int]) -> bool:
        nonlocal best
        trimmed = trim(brief, taken, undone)
        if best[1] is not None and layouts.html(trimmed) == best[1].html:  # the same page
            best = (trimmed, best[1])
            return True
        rendered = layouts.lay_out(trimmed)
        if rendered.pdf.page_count > 1:
            return False
        best = (trimmed, rendered)
        return True

    def cost(index: int) -> float | None:
        """The height of the item undoing a drop brings back; None for a cut."""
        step = taken[index]
        if step.cut:
            return None
        kept, items = len(getattr(best[0], step.section)), getattr(brief, step.section)
        return layouts.height(step.section, items[kept]) if kept < len(items) else None

    rooms: dict[tuple[int, ...], float] = {}

    def room(undone: list[int]) -> float:
        """The most room the brief with those steps undone can leave, as layouts tell."""
        key = tuple(sorted(undone))
        if key not in rooms:
            rooms[key] = layouts.room_at_most(trim(brief, taken, undone))
        return rooms[key]

    def foresee(undone: list[int], index: int) -> Foresight:
        verdict = layouts.foresee(trim(brief, taken, [*undone, index]))
        if verdict is not True:
            return verdict, 0.0
        return True, max(0.0, room(undone) - room([*undone, index]))  # the height it adds

    def free() -> float:
        if best[1] is not None:
            return layouts.free(best[1])
        return room(best[0].restored)  # not laid out yet: the most room it can leave

    undone = restore_greedily(fits, order, cost, free, foresee=foresee)
    unconfirmed = best[1] is None or best[0].restored != sorted(undone)
    if unconfirmed and not fits(undone):
        # What an earlier fit left foresaw wrongly: forget it, and fit with this brief's own.
        layouts.forget()
        return fit_one_page(brief, renderer, remembered=False)
    fitted, rendered = best
    assert rendered is not None
    layouts.remember((fitted, rendered))
    return fitted, rendered
