"""The searches that fit the background brief (render/fit.py) makes: the fewest drop steps
that fit one page, then which earlier steps the page still has room to undo. Each trial is a
layout, the costly part of a pack, unless what earlier layouts showed makes its outcome
certain (render/foresight.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence


def fewest_that_fit(
    fits: Callable[[int], bool],
    most: int,
    guess: int | None = None,
    *,
    foresee: Callable[[int], bool | None] | None = None,
    reguess: Callable[[int], int | None] | None = None,
    confirm: bool = True,
) -> int | None:
    """The smallest count in 1..most for which fits(count) holds, given that fits(0) does
    not, or None when fits(most) does not hold either. Each call of fits lays out;
    foresee(count) may tell without a layout (True or False; None when it cannot), and the
    count returned is one that fits said fits, unless `confirm` is False (the caller then
    lays it out); reguess(count), after count was found to overflow, may name a better next
    count to try."""
    known: dict[int, bool] = {0: False}
    laid_out: set[int] = set()
    foreseen = functools.cache(foresee or (lambda count: None))

    def check(count: int) -> bool:
        if count not in known:
            verdict = foreseen(count)
            if verdict is None:
                verdict = fits(count)
                laid_out.add(count)
            known[count] = verdict
        return known[count]

    while True:
        high = _search(check, known, most, guess, reguess)
        if high is None or high in laid_out or not confirm:
            return high
        laid_out.add(high)  # foreseen to fit: the layout the answer needs anyway
        known[high] = fits(high)
        if known[high]:
            return high
        guess = None  # foreseen wrongly: search on from what is now known


def _search(
    check: Callable[[int], bool],
    known: dict[int, bool],
    most: int,
    guess: int | None,
    reguess: Callable[[int], int | None] | None,
) -> int | None:
    low = max(count for count, fits in known.items() if not fits)
    above = [count for count, fits in known.items() if fits and count > low]
    high = min(above) if above else None
    if low >= most:
        return None
    if high is None and guess is not None and low < guess <= most:
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
        middle = (low + high) // 2
        if check(middle):
            high = middle
        else:
            low = middle
    return high


# What the layouts foresee for a trial: (True, height added) when it certainly fits,
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
        verdict, height = foresee(undone, index) if foresee else (None, 0.0)
        if verdict is False:
            continue
        if verdict and height <= room():
            undone.append(index)
            pending.append(index)
            added += height
            continue
        layouts -= 1
        if fits([*undone, index]):
            undone.append(index)
        elif pending and not fits(undone):  # foreseen wrongly: give those up
            undone = [i for i in undone if i not in pending]
        pending, added = [], 0.0
    if pending and not fits(undone):
        undone = [i for i in undone if i not in pending]
    return undone
