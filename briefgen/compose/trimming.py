"""Trimming the background brief to one page: what may go, in which order, and the brief
once it has gone.

`trim()` takes the steps of DROP_ORDER in turn: it drops the least important items first and
records what it left out (the annex and the talking points keep all of it), and only when the
page is still full does it cut long texts with "…". Fitting (render/fit.py) decides how many
steps a page needs. This module needs nothing of the records, so that the brief can be fitted
in a process that never loads them (render/early.py).
"""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter
from dataclasses import dataclass

from briefgen.compose.clipping import clip
from briefgen.compose.context import Brief, Delegation


@dataclass(frozen=True)
class Drop:
    section: str  # a list attribute of Brief (a text attribute for a cut)
    keep: int  # never fewer than this many items
    what: str  # how stderr names the dropped items
    cut: int = 0  # not a drop: cut the section's texts to this many characters

    def cut_length(self, item: object) -> int:
        """How long the item's longest text is once this step has cut it."""
        return len(_long_text(_cut_item(item, self.cut)))


def cut(section: str, limit: int) -> Drop:
    return Drop(section, 0, "", cut=limit)


# Least important first, in rounds, so that a crowded brief loses a little of every section
# before any section is cut to the bone: older engagements, then third-party context, …
# Long texts are cut in between, a notch at a time, once a round of drops has not been enough.
DROP_ORDER = (
    Drop("engagements", 3, "older engagements"),
    Drop("third_party", 1, "third-party meetings"),
    Drop("facts", 1, "relationship facts"),
    cut("relationship", 360),
    cut("meeting_summary", 200),
    Drop("engagements", 2, "older engagements"),
    Drop("third_party", 0, "third-party meetings"),
    Drop("facts", 0, "relationship facts"),
    cut("outcomes", 220),
    Drop("overdue_named", 4, "overdue commitments named"),
    Drop("outcomes", 5, "outcomes of the last meeting"),
    Drop("objectives", 4, "objectives"),
    cut("relationship", 180),
    cut("outcomes", 150),
    cut("room", 200),
    cut("meeting_summary", 100),
    Drop("engagements", 1, "older engagements"),
    cut("overdue_named", 140),
    cut("objectives", 260),
    Drop("overdue_named", 3, "overdue commitments named"),
    Drop("outcomes", 4, "outcomes of the last meeting"),
    Drop("objectives", 3, "objectives"),
    Drop("overdue_named", 2, "overdue commitments named"),
    Drop("outcomes", 3, "outcomes of the last meeting"),
    cut("room", 120),
    Drop("overdue_named", 1, "overdue commitments named"),
    Drop("outcomes", 1, "outcomes of the last meeting"),
    Drop("objectives", 1, "objectives"),
)

# "1 objective", not "1 objectives", on stderr.
SINGULAR = {
    "older engagements": "older engagement",
    "third-party meetings": "third-party meeting",
    "relationship facts": "relationship fact",
    "overdue commitments named": "overdue commitment named",
    "outcomes of the last meeting": "outcome of the last meeting",
    "objectives": "objective",
}


def drop_steps(brief: Brief) -> list[Drop]:
    """One entry per item that may go, or text that may be cut, in the order they go."""
    lengths = {d.section: len(getattr(brief, d.section)) for d in DROP_ORDER if not d.cut}
    steps = []
    for drop in DROP_ORDER:
        if drop.cut:
            if any(len(text) > drop.cut for text in _texts(getattr(brief, drop.section))):
                steps.append(drop)
            continue
        surplus = max(lengths[drop.section] - drop.keep, 0)
        steps += [drop] * surplus
        lengths[drop.section] -= surplus
    return steps


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [_long_text(item) for item in value]  # type: ignore[attr-defined]


def _long_text(item: object) -> str:
    """The text of an item that a cut shortens: the item itself, or its longest field."""
    if isinstance(item, str):
        return item
    return str(getattr(item, _LONG_FIELDS[type(item).__name__]))


# The field a cut shortens, for items of several fields.
_LONG_FIELDS = {"Outcome": "summary", "OverdueItem": "text", "Delegation": "people"}


def _cut_item(item: object, limit: int) -> object:
    if isinstance(item, str):
        return clip(item, limit)
    if isinstance(item, Delegation):
        # A full page keeps every name and drops the titles: never half a name.
        return dataclasses.replace(item, people=item.names) if len(item.people) > limit else item
    name = _LONG_FIELDS[type(item).__name__]
    return dataclasses.replace(item, **{name: clip(getattr(item, name), limit)})  # type: ignore[type-var]


# When the fewest steps that fit leave room on the page, steps are undone, most important
# section first: the objectives before the overdue items, the room, the outcomes, … ; a
# section's harshest cut before its milder one.
RESTORE_ORDER = (
    "objectives",
    "overdue_named",
    "room",
    "outcomes",
    "meeting_summary",
    "relationship",
    "facts",
    "engagements",
    "third_party",
)


def restore_order(steps: list[Drop]) -> list[int]:
    """The indices of `steps` in the order fitting tries to undo them."""
    return sorted(
        range(len(steps)),
        key=lambda i: (RESTORE_ORDER.index(steps[i].section), -i),
    )


def trim(brief: Brief, steps: list[Drop], restored: list[int] | None = None) -> Brief:
    """A copy of the brief after the first len(steps) steps but those at the indices
    `restored`: items dropped, texts cut."""
    trimmed = copy.copy(brief)
    dropped: Counter[str] = Counter()
    undone = set(restored or ())
    for drop in (step for i, step in enumerate(steps) if i not in undone):
        value = getattr(trimmed, drop.section)
        if drop.cut:
            if isinstance(value, str):
                setattr(trimmed, drop.section, clip(value, drop.cut))
            else:
                setattr(trimmed, drop.section, [_cut_item(item, drop.cut) for item in value])
            continue
        items = list(value)
        items.pop()  # lists run most important first, so the last item goes
        setattr(trimmed, drop.section, items)
        dropped[drop.what] += 1
    trimmed.steps_taken = len(steps)
    trimmed.restored = sorted(undone)
    trimmed.omitted = [
        f"{count} {SINGULAR.get(what, what) if count == 1 else what}"
        for what, count in dropped.items()
    ]
    return trimmed
