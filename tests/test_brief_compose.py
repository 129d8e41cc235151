"""What the brief says before it is laid out: the overdue list's order, Thai titles in the room."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import SEEDS

from briefgen.build import MakeOptions, compose, prepare
from briefgen.compose.context import Brief
from briefgen.compose.facts import annex_numbers


def brief_for(lang: str, ministry: str, tmp_path: Path) -> tuple[Brief, object]:
    options = MakeOptions("US", SEEDS, tmp_path, date(2026, 12, 1), lang=lang, ministry=ministry)
    prepared = prepare(options)
    return compose(prepared, options).brief, prepared


@pytest.mark.parametrize(("lang", "ministry"), [("en", "default"), ("th", "mfa")])
def test_overdue_items_are_named_oldest_due_first(lang: str, ministry: str, tmp_path: Path) -> None:
    brief, prepared = brief_for(lang, ministry, tmp_path)
    facts = prepared.facts  # type: ignore[attr-defined]
    numbers = annex_numbers(facts)
    late = [p for p in facts.pledges if p.commitment.is_overdue(facts.reference)]
    assert len(brief.overdue_named) >= 3
    order = []
    for item in brief.overdue_named:
        pledges = [p for p in late if item.text.startswith(p.commitment.text.get(lang)[0][:20])]
        assert pledges, item.text
        due = max(d.last_day() for p in pledges if (d := p.commitment.current_due()))
        order.append((due, min(numbers[(p.meeting.key, p.index)] for p in pledges)))
    assert order == sorted(order)
