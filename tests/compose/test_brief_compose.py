"""What the brief says before it is laid out: the overdue list's order, Thai titles in the room."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from support import SEEDS

from briefgen.build import MakeOptions, compose, prepare
from briefgen.compose.context import Brief
from briefgen.compose.facts import annex_numbers
from briefgen.compose.refs import MATCH_SHARE, similarity
from briefgen.compose.talking_points import KEY_REPEAT
from briefgen.textvalue import LocalText


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


def points_text(brief_lang: str, ministry: str, data: Path, tmp_path: Path) -> list[str]:
    options = MakeOptions(
        "US", data, tmp_path, date(2026, 12, 1), lang=brief_lang, ministry=ministry
    )
    points = compose(prepare(options), options).talking_points
    return [f"{p.text} ({p.overdue})" for section in points.topics for p in section.points]


@pytest.mark.parametrize(
    ("lang", "ministry", "said"),
    [
        (
            "en",
            "default",
            "Tell the U.S. when we will host the visit of U.S. Secretary of Commerce",
        ),
        ("th", "mfa", "แจ้งฝ่ายสหรัฐฯ ว่าไทยจะต้อนรับการเยือนไทยของนาง Gina Raimondo"),
    ],
)
def test_a_home_commitment_with_no_update_says_when_we_will(
    lang: str, ministry: str, said: str, tmp_path: Path
) -> None:
    points = points_text(lang, ministry, SEEDS, tmp_path)
    point = next(p for p in points if p.startswith(said))
    assert "Update the U.S. on our commitment" not in point
    assert "ถึงความคืบหน้าของไทยในการ" not in point
    assert ("overdue" if lang == "en" else "ครบกำหนด มี.ค. ๒๕๖๗ เกินกำหนดแล้ว") in point


@pytest.mark.parametrize(
    ("lang", "ministry", "said"),
    [
        (
            "en",
            "default",
            "Update the U.S. on our pledge to host the visit of U.S. Secretary of Commerce "
            "Gina Raimondo to Thailand: Dates proposed for June 2025",
        ),
        ("th", "mfa", "แจ้งฝ่ายสหรัฐฯ เรื่องต้อนรับการเยือนไทยของนาง Gina Raimondo"),
    ],
)
def test_a_home_commitment_with_an_update_says_it(
    lang: str, ministry: str, said: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(SEEDS, data)
    record = data / "meetings" / "2024-02-28-th-us-2plus2.yaml"
    text = record.read_text(encoding="utf-8")
    anchor = "    due: 2024-03\n    status: open\n    quote: The Thai side looked forward"
    assert anchor in text
    update = (
        "    due: 2024-03\n    status: open\n    updates:\n      - date: 2024-11-01\n"
        "        note:\n          en: Dates proposed for June 2025.\n"
        "          th: เสนอกำหนดการเยือนในเดือนมิถุนายน ๒๕๖๘\n"
        "    quote: The Thai side looked forward"
    )
    record.write_text(text.replace(anchor, update), encoding="utf-8")
    points = points_text(lang, ministry, data, tmp_path / "out")
    point = next(p for p in points if p.startswith(said))
    assert ("June 2025" if lang == "en" else "เสนอกำหนดการเยือนในเดือนมิถุนายน ๒๕๖๘") in point


@pytest.mark.parametrize(("lang", "ministry"), [("en", "default"), ("th", "mfa")])
def test_an_if_raised_line_does_not_repeat_a_point_of_its_topic(
    lang: str, ministry: str, tmp_path: Path
) -> None:
    options = MakeOptions("US", SEEDS, tmp_path, date(2026, 12, 1), lang=lang, ministry=ministry)
    points = compose(prepare(options), options).talking_points
    lines = [line for topic in points.topics for line in topic.if_raised]
    assert lines, "the seeds' other if-raised lines stay"
    for topic in points.topics:
        for line in topic.if_raised:
            for point in topic.points:
                shared = similarity(LocalText(line), LocalText(point.text))
                assert shared < MATCH_SHARE, (line, point.text)
    trafficking = "human trafficking" if lang == "en" else "การค้ามนุษย์"
    said = [p.text for t in points.topics for p in t.points] + lines + points.if_raised
    assert sum(trafficking in text for text in said) <= 2


@pytest.mark.parametrize(("lang", "ministry"), [("en", "default"), ("th", "mfa")])
def test_a_topic_point_does_not_repeat_a_key_message(
    lang: str, ministry: str, tmp_path: Path
) -> None:
    options = MakeOptions("US", SEEDS, tmp_path, date(2026, 12, 1), lang=lang, ministry=ministry)
    points = compose(prepare(options), options).talking_points
    pointers = 0
    for topic in points.topics:
        for point in topic.points:
            for message in points.key_messages:
                assert similarity(LocalText(message), LocalText(point.text)) < KEY_REPEAT
            pointers += point.text.startswith(("As key message", "ตามสาระสำคัญข้อ"))
            assert point.note or not point.text.startswith("As key message")
    assert pointers >= 1  # the grant's point, which says what key message 2 says


@pytest.mark.parametrize(("lang", "ministry"), [("en", "default"), ("th", "mfa")])
def test_the_fitted_brief_keeps_the_delegations_titles_when_there_is_room(
    lang: str, ministry: str, tmp_path: Path
) -> None:
    """Titles go only as a fitting step: the bundled pack has room for them in both languages."""
    from briefgen.build import fit_one_page

    options = MakeOptions("US", SEEDS, tmp_path, date(2026, 12, 6), lang=lang, ministry=ministry)
    prepared = prepare(options)
    fitted, rendered = fit_one_page(compose(prepared, options).brief, prepared.renderer)
    assert rendered.pdf.page_count == 1
    assert fitted.room
    for delegation in fitted.room:
        assert delegation.people != delegation.names, delegation  # titles shown
