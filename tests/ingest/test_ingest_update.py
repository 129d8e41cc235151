"""After the meeting: a release of a planned meeting updates that record in place, proposes
updates to what was owed, and validate points at what is left to check."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import REPO, TESTS
from typer.testing import Result

from briefgen.errors import IngestError, InputError
from briefgen.ingest import ingest
from briefgen.ingest.draft import meeting_id, write
from briefgen.partialdates import PartialDate
from briefgen.store import load_workspace
from briefgen.textvalue import MEETING_ID_RULE, check_meeting_id

ROOT = REPO
SEEDS = ROOT / "seeds"
RELEASE = TESTS / "fixtures" / "ingest" / "2plus2-held-release.txt"
PLANNED = "2026-12-10-th-us-2plus2"
TODAY = date(2026, 12, 6)
Cli = Callable[..., Result]


@pytest.fixture
def past_2plus2(tmp_path: Path) -> Path:
    """The seeds, with the planned 2+2 moved to a few days before TODAY."""
    root = tmp_path / "ws"
    shutil.copytree(SEEDS, root)
    record = root / "meetings" / f"{PLANNED}.yaml"
    text = record.read_text(encoding="utf-8")
    assert "\ndate: 2026-12-10\n" in text
    record.write_text(text.replace("\ndate: 2026-12-10\n", "\ndate: 2026-12-03\n"), "utf-8")
    return root


def test_a_release_of_the_planned_meeting_marks_it_held_in_place(past_2plus2: Path) -> None:
    record = past_2plus2 / "meetings" / f"{PLANNED}.yaml"
    before = record.read_text(encoding="utf-8")
    result = ingest(RELEASE, past_2plus2, today=TODAY)
    assert result.target == record
    after = record.read_text(encoding="utf-8")
    assert after.startswith(before.split("\nid:")[0])  # the file's own comments kept
    assert '{en: "Washington, D.C.", th: กรุงวอชิงตัน ดี.ซี.}' in after  # and its quoting
    workspace = load_workspace(past_2plus2)
    on_the_day = [m for m in workspace.meetings if str(m.date) == "2026-12-04"]
    assert [m.key for m in on_the_day] == [PLANNED]
    held = on_the_day[0]
    assert held.status == "held"
    assert held.end_date is None and held.date_note is None  # the sample date's note is gone
    assert [p.name.all_texts()[0] for p in held.participants][:1] == ["Eksiri Pintaruchi"]
    assert any(s.path == result.stored_source for s in held.sources)
    assert not list((past_2plus2 / "meetings").glob("*.tmp")) and not list(
        (past_2plus2 / "meetings").glob(".briefgen-*")
    )

    cyber, training = held.commitments[-2:]
    assert cyber.by == ["TH"] and str(cyber.due) == "2027-03"  # "The Thai side agreed to …"
    assert training.by == ["US"] and str(training.due) == "2027-06"  # "by mid-2027"
    assert not any("held in Bangkok" in c.text.all_texts()[0] for c in held.commitments)

    grant_meeting = workspace.meeting("2024-02-28-th-us-2plus2")
    assert grant_meeting is not None
    grant = next(c for c in grant_meeting.commitments if "USD 25 million" in str(c.text.dump()))
    (update,) = grant.updates
    assert (str(update.date), update.status) == ("2026-12-04", "done")
    assert update.quote is not None and "disbursement of the USD 25 million grant" in update.quote
    assert update.note is not None and update.note.dump() == {
        "en": "Disbursed, as reported at the 3rd Thailand–U.S. Strategic and Defense Dialogue "
        "(2+2)",
        "th": "เบิกจ่ายแล้ว ตามที่รายงานในการประชุม Thailand–U.S. Strategic and Defense Dialogue (2+2) "
        "ครั้งที่ ๓",
    }
    index = grant_meeting.commitments.index(grant)
    assert any(
        f"meetings/2024-02-28-th-us-2plus2.yaml commitments[{index}]" in note
        for note in held.review
    )


def test_validate_then_points_at_the_review_notes(past_2plus2: Path, cli: Cli) -> None:
    before = cli("validate", "--data", str(past_2plus2), "--as-of", "2026-12-06")
    assert before.exit_code == 0
    assert (
        "planned for 2026-12-03, which has passed (as of 2026-12-06): mark it held or "
        "cancelled" in before.stderr
    )
    ingest(RELEASE, past_2plus2, today=TODAY)
    after = cli("validate", "--data", str(past_2plus2), "--as-of", "2026-12-06")
    assert after.exit_code == 0, after.stderr
    record = past_2plus2 / "meetings" / f"{PLANNED}.yaml"
    lines = [line for line in after.stderr.splitlines() if "review note" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"warning: {record}:7: review: 6 review notes left (first: ")
    assert lines[0].endswith("check each against the source, then delete it")
    assert "which has passed" not in after.stderr


def test_dry_run_prints_the_update_as_a_diff_and_writes_nothing(
    past_2plus2: Path, cli: Cli
) -> None:
    record = past_2plus2 / "meetings" / f"{PLANNED}.yaml"
    before = record.read_text(encoding="utf-8")
    run = cli("ingest", str(RELEASE), "--data", str(past_2plus2), "--dry-run")
    assert run.exit_code == 0, run.stderr
    assert f"--- meetings/{PLANNED}.yaml\n+++ meetings/{PLANNED}.yaml\n" in run.stdout
    assert "\n-status: planned\n+status: held\n" in run.stdout
    assert "--- meetings/2024-02-28-th-us-2plus2.yaml" in run.stdout
    assert record.read_text(encoding="utf-8") == before
    assert not (past_2plus2 / "sources" / "005_5b346e8d6f5f0494.txt").exists()


def test_an_unsure_match_asks_which_record_is_meant(past_2plus2: Path) -> None:
    other = past_2plus2 / "meetings" / "2026-12-05-th-us-talks.yaml"
    other.write_text(
        "title: Thailand–U.S. talks\nparties: [TH, US]\ndate: 2026-12-05\nstatus: planned\n"
        "series: Thailand–U.S. Strategic and Defense Dialogue\nordinal: 3\n",
        encoding="utf-8",
    )
    result = ingest(RELEASE, past_2plus2, today=TODAY, dry_run=True)
    assert result.target is not None and not result.target.exists()  # a new record
    assert result.data["review"][0] == (
        f"this release may report the planned meeting in meetings/{PLANNED}.yaml or "
        "meetings/2026-12-05-th-us-talks.yaml: if so, move what is new here into that record "
        "and delete this one"
    )


def test_two_planned_meetings_on_one_date_are_an_error(past_2plus2: Path, cli: Cli) -> None:
    twin = past_2plus2 / "meetings" / "2026-12-03-th-us-twin.yaml"
    twin.write_text(
        "title: Twin\nparties: [US, TH]\ndate: 2026-12-03\nstatus: planned\n", encoding="utf-8"
    )
    run = cli("validate", "--data", str(past_2plus2), "--as-of", "2026-12-01")
    assert run.exit_code == 1
    assert f"{twin}:3: date: 2 planned meetings of TH, US on 2026-12-03 (" in run.stderr
    assert run.stderr.rstrip().endswith("2 problems in the records")


def test_writing_a_record_over_a_folder_is_a_clean_error(tmp_path: Path) -> None:
    target = tmp_path / "meetings" / "x.yaml"
    target.mkdir(parents=True)
    with pytest.raises(IngestError, match=r"x\.yaml: it is a folder$"):
        write(target, "title: x\n")
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.yaml"]


def test_the_meeting_id_message_states_the_whole_rule() -> None:
    with pytest.raises(InputError) as caught:
        check_meeting_id("a" * 41)
    assert str(caught.value) == (
        f"meeting id name '{'a' * 41}' is not allowed; an id has 1 to 40 characters: lower-case "
        "letters, digits, '-' and '_', starting with a letter or digit"
    )
    assert MEETING_ID_RULE in str(caught.value)


_WORDS = st.text(alphabet=st.characters(codec="utf-8"), max_size=120)
_CODES = st.lists(st.from_regex(r"[A-Z][A-Z0-9_-]{1,15}", fullmatch=True), min_size=2, max_size=4)
_DATES = st.builds(
    lambda y, m, d, p: PartialDate.of(y, *([m, d] if p == "day" else [m] if p == "month" else [])),
    st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 28),
    st.sampled_from(["day", "month", "year"]),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_DATES, _CODES, _WORDS, st.sets(st.text(max_size=45), max_size=5))
def test_make_accepts_every_id_ingest_writes(
    start: PartialDate, parties: list[str], words: str, taken: set[str]
) -> None:
    written = meeting_id(start, parties, words, taken)
    assert check_meeting_id(written) == written
    assert written not in taken


def test_make_takes_the_id_of_an_ingested_record_with_a_long_name(tmp_path: Path) -> None:
    from briefgen.build import MakeOptions, prepare

    root = tmp_path / "ws"
    shutil.copytree(SEEDS, root)
    release = tmp_path / "release.txt"
    release.write_text(
        "The Inaugural Thailand-U.S. Maritime Security Cooperation and Capacity Building "
        "Working Group\n\nOn 2 March 2026, the Inaugural Thailand-U.S. Maritime Security "
        "Cooperation and Capacity Building Working Group met in Bangkok, co-chaired by "
        "H.E. Mr. Somchai Jaidee, Director-General of the Department of American and South "
        "Pacific Affairs, and Mr. John Smith, Deputy Assistant Secretary of State.\n",
        encoding="utf-8",
    )
    written = ingest(release, root, today=TODAY).meeting_id
    assert len(written) <= 40
    options = MakeOptions("US", root, tmp_path / "out", TODAY, meeting=written)
    assert prepare(options).facts.meeting is not None
    assert prepare(options).facts.meeting.key == written  # type: ignore[union-attr]


def test_make_names_the_meeting_it_chose_among_several(tmp_path: Path) -> None:
    from briefgen.build import MakeOptions, prepare

    root = tmp_path / "ws"
    shutil.copytree(SEEDS, root)
    (root / "meetings" / "2027-03-01-th-us-talks.yaml").write_text(
        "title: Talks\nparties: [TH, US]\ndate: 2027-03-01\nstatus: planned\n", encoding="utf-8"
    )
    prepared = prepare(MakeOptions("US", root, tmp_path / "out", TODAY))
    assert prepared.notes == [
        f"the pack is for {PLANNED} (2026-12-10), the first of 2 planned meetings with US; for "
        "another, give --meeting: 2027-03-01-th-us-talks (2027-03-01)"
    ]
    alone = prepare(MakeOptions("US", root, tmp_path / "out", TODAY, meeting=PLANNED))
    assert alone.notes == []


def test_a_thai_release_of_the_planned_meeting_updates_it_too(past_2plus2: Path) -> None:
    thai = RELEASE.with_name("2plus2-held-release-th.txt")
    result = ingest(thai, past_2plus2, today=TODAY)
    assert result.target == past_2plus2 / "meetings" / f"{PLANNED}.yaml"
    workspace = load_workspace(past_2plus2)
    held = workspace.meeting(PLANNED)
    assert held is not None and (held.status, str(held.date)) == ("held", "2026-12-04")
    earlier = workspace.meeting("2024-02-28-th-us-2plus2")
    assert earlier is not None
    assert [u.status for c in earlier.commitments for u in c.updates] == ["done"]


def test_a_name_in_use_is_never_taken_by_a_new_record(tmp_path: Path, cli: Cli) -> None:
    """A folder, or another record's file, under the name ingest would choose: the new record
    takes the next free name and the one in the way is left as it was."""
    root = tmp_path / "ws"
    shutil.copytree(SEEDS, root)
    thai = RELEASE.with_name("2plus2-held-release-th.txt")
    (root / "meetings" / f"{PLANNED}.yaml").unlink()  # the release now makes a record of its own
    meeting_id = ingest(thai, root, today=TODAY, dry_run=True).meeting_id
    (root / "meetings" / f"{meeting_id}.yaml").mkdir()
    run = cli("ingest", str(thai), "--data", str(root))
    assert run.exit_code == 0, run.stderr
    assert f"Wrote {root}/meetings/{meeting_id}-2.yaml\n" in run.output
    assert (root / "meetings" / f"{meeting_id}.yaml").is_dir()
    assert not list((root / "meetings" / f"{meeting_id}.yaml").iterdir())
    assert (root / "meetings" / f"{meeting_id}-2.yaml").is_file()
