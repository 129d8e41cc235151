"""What earlier layouts foresee of a brief: a cut item's height, and a fit remembered."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import REPO

from briefgen import build as b
from briefgen.compose.clipping import clip
from briefgen.compose.trimming import DROP_ORDER, _cut_item
from briefgen.render import foresight
from briefgen.render.boxes import item_texts
from briefgen.render.fit import fit_one_page
from briefgen.render.shapes import cut_height, item_shapes

SEEDS = REPO / "seeds"
CUT_SECTIONS = sorted({step.section for step in DROP_ORDER if step.cut})


def prepared(lang: str, ministry: str = "mfa", as_of: date = date(2026, 1, 1)) -> Any:
    options = b.MakeOptions(
        counterpart="US", data=SEEDS, out=Path("unused"), as_of=as_of, lang=lang, ministry=ministry
    )
    ready = b.prepare(options)
    return ready, b.compose(ready, options)


def _cut(value: Any, limit: int) -> Any:
    return clip(value, limit) if isinstance(value, str) else [_cut_item(i, limit) for i in value]


@pytest.mark.parametrize("lang", ["en", "th"])
def test_a_cut_item_takes_a_height_within_the_bounds_its_full_layout_gives(lang: str) -> None:
    ready, composed = prepared(lang)
    brief, renderer = composed.brief, ready.renderer
    full = item_shapes(renderer.render(b.BRIEF, brief).pdf.document, brief, CUT_SECTIONS)
    checked = 0
    for limit in (260, 180, 120):
        cut = dataclasses.replace(
            brief, **{section: _cut(getattr(brief, section), limit) for section in full}
        )
        shown = item_shapes(renderer.render(b.BRIEF, cut).pdf.document, cut, CUT_SECTIONS)
        for section, shapes in full.items():
            values = [getattr(brief, section)], [getattr(cut, section)]
            if not isinstance(values[0][0], str):
                values = getattr(brief, section), getattr(cut, section)
            for position, (whole, part) in enumerate(zip(*values, strict=True)):
                pairs = zip(item_texts(whole), item_texts(part), strict=True)
                changed = [(a, c) for a, c in pairs if a != c]
                if len(changed) != 1 or section not in shown:
                    continue
                bounds = cut_height(shapes[position], *changed[0])
                if bounds is None:
                    continue
                height = shown[section][position].height
                assert bounds[0] - 0.01 <= height <= bounds[1] + 0.01, (section, limit)
                assert bounds[1] - bounds[0] < 2 * 18.0, "no more than a line or so apart"
                checked += 1
    assert checked >= 10


@pytest.mark.parametrize("lang", ["en", "th"])
def test_a_fit_remembered_lays_out_once_and_gives_the_same_brief(lang: str) -> None:
    ready, composed = prepared(lang, ministry="default")
    foresight._MEMORIES.clear()
    fresh, fresh_layout = fit_one_page(composed.brief, ready.renderer)
    laid_out: list[int] = []
    render = ready.renderer.render

    def counted(kind: Any, content: Any) -> Any:
        laid_out.append(1)
        return render(kind, content)

    ready.renderer.render = counted
    again, again_layout = fit_one_page(composed.brief, ready.renderer)
    assert again_layout.html == fresh_layout.html
    assert again.steps_taken == fresh.steps_taken and again.omitted == fresh.omitted
    assert again_layout.pdf.page_count == 1
    assert len(laid_out) == 1


def test_a_remembered_fit_that_foresees_wrongly_falls_back_to_layouts() -> None:
    """A reference that claims far more room than its page had: what it foresees is
    confirmed by a layout, found wrong, and the brief is fitted by layouts alone."""
    ready, composed = prepared("en", ministry="default")
    foresight._MEMORIES.clear()
    plain, plain_layout = fit_one_page(composed.brief, ready.renderer, remembered=False)
    fit_one_page(composed.brief, ready.renderer)
    for memory in foresight._MEMORIES.values():
        for reference in memory.fitted:
            reference.free += 400.0  # "room for a dozen more lines"
    fitted, layout = fit_one_page(composed.brief, ready.renderer)
    assert layout.pdf.page_count == 1
    assert layout.html == plain_layout.html
    assert fitted.steps_taken == plain.steps_taken


def test_a_changed_stylesheet_is_not_the_same_memory(tmp_path: Path) -> None:
    ready, _ = prepared("en", ministry="default")
    foresight._MEMORIES.clear()
    first = foresight._memory(ready.renderer)
    assert foresight._memory(ready.renderer) is first
    sheet = Path(ready.renderer.stylesheets[0].removeprefix("file://"))
    before = sheet.stat()
    import os

    try:
        os.utime(sheet, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
        assert foresight._memory(ready.renderer) is not first
    finally:
        os.utime(sheet, ns=(before.st_atime_ns, before.st_mtime_ns))
