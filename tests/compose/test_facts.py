"""What a pack is about: only what was known before its meeting."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from support import SEEDS

from briefgen.compose.facts import gather_facts
from briefgen.overview import workspace_summary
from briefgen.records import Workspace
from briefgen.store import load_workspace

RAIMONDO = "Host the visit of U.S. Secretary of Commerce Gina Raimondo"


def facts_for(workspace: Workspace, meeting: str | None, as_of: date = date(2026, 12, 1)):
    return gather_facts(workspace, "TH", workspace.counterparts["US"], meeting, as_of)


def test_a_pack_for_a_past_meeting_holds_only_what_came_before_it() -> None:
    workspace = load_workspace(SEEDS)
    facts = facts_for(workspace, "2024-02-28-th-us-2plus2")
    assert facts.reference == date(2024, 2, 28)
    assert facts.pledges
    assert all(p.meeting.date.first_day() < facts.reference for p in facts.pledges)
    assert all(m.date.last_day() < facts.reference for m in facts.history + facts.third_party)
    # The U.S.-Cambodia dialogue is dated only "2024": not known to be over by 28 February.
    assert not facts.third_party
    # The next meeting's pack has every commitment between the two, and that dialogue.
    later = facts_for(workspace, None)
    made = {id(c) for m in workspace.meetings_between("TH", "US") for c in m.commitments}
    assert len(later.pledges) == len(made) > len(facts.pledges)
    assert [m.key for m in later.third_party] == ["2024-us-kh-defense-policy-dialogue"]


def test_an_update_dated_after_the_meeting_has_not_happened_yet(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "ws")
    record = tmp_path / "ws" / "meetings" / "2024-02-28-th-us-2plus2.yaml"
    text = record.read_text(encoding="utf-8")
    at = text.index(RAIMONDO)
    end = text.index("\n  - ", at)  # the next commitment
    update = "\n    updates:\n      - {date: 2026-12-20, status: done, note: Visit held.}"
    record.write_text(text[:end] + update + text[end:], encoding="utf-8")
    workspace = load_workspace(tmp_path / "ws")

    def raimondo(facts_as_of: date | None):
        facts = facts_for(workspace, None, facts_as_of or date(2026, 12, 1))
        [pledge] = [p for p in facts.pledges if RAIMONDO in p.commitment.text.get("en")[0]]
        return pledge.commitment

    # Before the 10 December meeting the visit is still owed, and overdue.
    before = raimondo(None)
    assert before.current_status() == "open"
    assert before.is_overdue(date(2026, 12, 10))
    assert before.latest_update() is None
    # A general brief of 21 December sees it done.
    assert raimondo(date(2026, 12, 21)).current_status() == "done"
    assert "4 overdue as of 2026-12-01" in workspace_summary(workspace, date(2026, 12, 1))
    assert "3 overdue as of 2026-12-21" in workspace_summary(workspace, date(2026, 12, 21))
