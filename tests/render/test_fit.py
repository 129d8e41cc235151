"""Fitting the brief to one page: the guided search finds what bisection from scratch finds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import REPO

from briefgen import build as b
from briefgen.compose.brief import drop_steps, restore_order, trim
from briefgen.render.fit import estimate_drops, fewest_that_fit

SEEDS = REPO / "seeds"


def bisection(fits: object, most: int) -> int | None:
    """The search fit_one_page made before: the last step, then bisection."""
    assert callable(fits)
    if not fits(most):
        return None
    low, high = 0, most
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle
    return high


@pytest.mark.parametrize("most", [1, 2, 3, 7, 24])
def test_every_guess_gives_the_answer_of_bisection(most: int) -> None:
    for threshold in range(1, most + 2):  # most + 1: nothing fits
        for guess in [None, -1, 0, *range(1, most + 1), most + 5]:
            calls: list[int] = []

            def fits(count: int, threshold: int = threshold, calls: list[int] = calls) -> bool:
                assert 0 < count <= most
                calls.append(count)
                return count >= threshold

            found = fewest_that_fit(fits, most, guess)
            assert found == bisection(lambda c, t=threshold: c >= t, most)
            assert len(calls) == len(set(calls)), "a count was laid out twice"
            if guess == threshold and threshold <= most:
                assert len(calls) <= 2  # the guess and the one before it
            if guess is not None and 0 < guess <= most and abs(guess - threshold) <= 1:
                assert len(calls) <= 4  # near the answer, few layouts


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_fitted_brief_drops_the_fewest_items(lang: str) -> None:
    options = b.MakeOptions(
        counterpart="US", data=SEEDS, out=Path("unused"), as_of=date(2026, 1, 1), lang=lang
    )
    prepared = b.prepare(options)
    composed = b.compose(prepared, options)
    brief, renderer = composed.brief, prepared.renderer
    steps = drop_steps(brief)
    fitted, rendered = b.fit_one_page(brief, renderer)
    assert rendered.pdf.page_count == 1
    count = fitted.steps_taken
    assert 0 < count <= len(steps)
    before = b.render(renderer, b.BRIEF, trim(brief, steps[: count - 1]))
    assert before.pdf.page_count > 1, "one item fewer dropped would have fitted too"
    # The guess from the full brief's boxes is what keeps fitting to two or three layouts.
    full = b.render(renderer, b.BRIEF, brief)
    guess = estimate_drops(full.pdf.document, brief, steps)
    # Within three: where the page breaks inside a block kept whole, the first page keeps
    # a gap that box heights alone do not see (the Thai brief of this date: 24 for 27).
    assert guess is not None and abs(guess - count) <= 3


def test_no_guess_when_the_items_cannot_be_found() -> None:
    options = b.MakeOptions(
        counterpart="US", data=SEEDS, out=Path("unused"), as_of=date(2026, 1, 1)
    )
    prepared = b.prepare(options)
    composed = b.compose(prepared, options)
    full = b.render(prepared.renderer, b.BRIEF, composed.brief)
    renamed = trim(composed.brief, [])
    renamed.objectives = [f"{text} (not in the layout)" for text in renamed.objectives]
    steps = drop_steps(renamed)
    assert estimate_drops(full.pdf.document, renamed, steps) is None


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_fitted_brief_takes_back_what_the_free_space_holds(lang: str) -> None:
    """The fewest steps from the end may free more than the page lacked: the most important
    earlier step not undone would not fit, and what is undone is no longer reported."""
    options = b.MakeOptions(
        counterpart="US",
        data=SEEDS,
        out=Path("unused"),
        as_of=date(2026, 12, 6),
        lang=lang,
        ministry="mfa" if lang == "th" else "default",
    )
    prepared = b.prepare(options)
    brief = b.compose(prepared, options).brief
    steps = drop_steps(brief)
    fitted, rendered = b.fit_one_page(brief, prepared.renderer)
    assert rendered.pdf.page_count == 1
    taken = steps[: fitted.steps_taken]
    assert fitted.restored, "the page had room for something the fewest drops had taken"
    assert fitted.omitted == trim(brief, taken, fitted.restored).omitted
    order = [i for i in restore_order(taken) if i != len(taken) - 1]
    following = next(i for i in order if i not in fitted.restored)
    more = trim(brief, taken, [*fitted.restored, following])
    assert b.render(prepared.renderer, b.BRIEF, more).pdf.page_count > 1
