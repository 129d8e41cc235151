"""briefgen ingest: press releases, English and Thai, text and HTML, to draft meeting records.

The five seed sources are checked against the records written by hand from them (seeds/meetings),
and three press releases of our own (tests/fixtures/ingest) against expected fields written
from their text before the extractor ever read them. `pytest -s` prints the precision and recall
of the commitments found, per source.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from support import REPO, TESTS
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.ingest import IngestResult, ingest
from briefgen.partialdates import PartialDate, to_ascii_digits
from briefgen.records import Commitment, Meeting, Participant, Workspace
from briefgen.store import load_workspace
from briefgen.textvalue import LocalText, has_thai

ROOT = REPO
SEEDS = ROOT / "seeds"
FIXTURES = TESTS / "fixtures" / "ingest"
SEED_SOURCES = sorted((SEEDS / "sources").glob("*.txt"))
MIN_RECALL = 0.8
MATCH = 0.6  # share of the shorter text's words that two quotes must have in common
TODAY = date(2026, 11, 22)


def new_workspace(root: Path, *, extra: Iterable[Path] = ()) -> Path:
    """A workspace with the seeds' counterparts and topics and no meetings."""
    shutil.copytree(SEEDS / "counterparts", root / "counterparts")
    shutil.copy(SEEDS / "topics.yaml", root / "topics.yaml")
    (root / "meetings").mkdir()
    for path in extra:
        shutil.copy(path, root / "counterparts" / path.name)
    return root


# --- Comparing a draft with a record written by hand -----------------------------------------

_RANKS = re.compile(
    r"^(?:(?:h\.e\.|mr\.?|mrs\.?|ms\.?|dr\.?|the honou?rable|gen\.|general|lt\.? gen\.|adm\.|"
    r"นาย|นางสาว|นาง|พลเอก|พลโท|พลตรี|พลเรือเอก|พลอากาศเอก|พลตำรวจเอก)\s*)+"
)


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", to_ascii_digits(text)).casefold()
    text = text.translate(str.maketrans("’‘“”–—\u00a0", "''\"\"-- "))
    return " ".join(text.split()).strip(" .,;:")


def words(text: str) -> set[str]:
    text = norm(text)
    if has_thai(text):
        from pythainlp.tokenize import word_tokenize

        return {w for w in word_tokenize(text, keep_whitespace=False) if re.search(r"\w", w)}
    return set(re.findall(r"\w+", text))


def similarity(a: str, b: str) -> float:
    na, nb = norm(a), norm(b)
    if na in nb or nb in na:
        return 1.0
    wa, wb = words(a), words(b)
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def texts(value: LocalText | str | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value.all_texts()


def commitment_score(found: Commitment, written: Commitment | dict[str, Any]) -> float:
    """A found commitment against a written one: by quote where it has one, else by text."""
    mine = [found.quote or "", *texts(found.text)]
    if isinstance(written, dict):
        theirs = [written["quote"]]
    else:
        theirs = [written.quote] if written.quote else texts(written.text)
    return max(similarity(a, b) for a in mine if a for b in theirs if b)


def match_commitments(
    found: list[Commitment], written: list[Any]
) -> list[tuple[Commitment, Any, float]]:
    """Pairs, one to one, best first, of those alike enough."""
    scored = sorted(
        (
            (commitment_score(f, w), i, j)
            for i, f in enumerate(found)
            for j, w in enumerate(written)
        ),
        reverse=True,
    )
    used_found: set[int] = set()
    used_written: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if score < MATCH or i in used_found or j in used_written:
            continue
        used_found.add(i)
        used_written.add(j)
        pairs.append((found[i], written[j], score))
    return pairs


def precision_recall(
    name: str, found: list[Commitment], written: list[Any]
) -> tuple[float, float, str]:
    matched = len(match_commitments(found, written))
    precision = matched / len(found) if found else 1.0
    recall = matched / len(written) if written else 1.0
    line = (
        f"{name}: commitments precision {precision:.2f} ({matched}/{len(found)} found), "
        f"recall {recall:.2f} ({matched}/{len(written)} written)"
    )
    print(line)
    return precision, recall, line


def person_names(people: Iterable[Participant]) -> list[set[str]]:
    return [{_RANKS.sub("", norm(t)) for t in texts(p.name)} for p in people]


def same_people(draft: Iterable[Participant], record: Iterable[Participant]) -> bool:
    mine, theirs = person_names(draft), person_names(record)
    return len(mine) == len(theirs) and all(any(a & b for b in theirs) for a in mine)


def same_place(draft: LocalText | None, record: LocalText | None) -> bool:
    if draft is None or record is None:
        return draft is None and record is None
    return any(
        norm(a) in norm(b) or norm(b) in norm(a) for a in texts(draft) for b in texts(record)
    )


def date_agrees(draft: Meeting, record: Meeting) -> tuple[bool, str]:
    """Equal; or, where the draft flags its date for review, no more precise than the record's
    and containing it (the record's author knew more than the text says)."""
    if draft.date == record.date and draft.end_date == record.end_date:
        return True, "equal"
    flagged = any(line.startswith("date:") for line in draft.review)
    inside = draft.date.first_day() <= record.date.first_day() <= draft.date.last_day()
    if flagged and inside and draft.date.precision != "day":
        return True, f"{draft.date} flagged for review; the record has {record.date}"
    return False, f"draft {draft.date}–{draft.end_date}, record {record.date}–{record.end_date}"


# --- The five seed sources -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> Workspace:
    return load_workspace(SEEDS)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, dict[str, Meeting]]:
    """Every seed source ingested into one fresh workspace, which must then load."""
    root = new_workspace(tmp_path_factory.mktemp("ingest") / "ws")
    ids = {}
    for source in SEED_SOURCES:
        ids[source.name] = ingest(source, root, today=TODAY).meeting_id
    workspace = load_workspace(root)
    by_id = {m.key: m for m in workspace.meetings}
    return workspace, {name: by_id[meeting_id] for name, meeting_id in ids.items()}


def records_of(seeds: Workspace, source: Path) -> list[Meeting]:
    return [m for m in seeds.meetings if any(s.path.endswith(source.name) for s in m.sources)]


def primary(records: list[Meeting]) -> Meeting:
    """The record a source is mainly about: the one with most commitments, then the earliest."""
    return sorted(records, key=lambda m: (-len(m.commitments), m.date.sort_key()))[0]


@pytest.mark.parametrize("source", SEED_SOURCES, ids=lambda p: p.name[:3])
def test_seed_source_matches_the_record_written_by_hand(
    source: Path, seeds: Workspace, drafted: tuple[Workspace, dict[str, Meeting]]
) -> None:
    records = records_of(seeds, source)
    assert records, f"no record in seeds/meetings names {source.name}"
    record, draft = primary(records), drafted[1][source.name]
    agrees, how = date_agrees(draft, record)
    assert agrees, f"{source.name}: date: {how}"
    assert set(draft.parties) == set(record.parties), source.name
    assert same_place(draft.location, record.location), (
        f"{source.name}: place {draft.location} vs {record.location}"
    )
    assert same_people(draft.co_chairs(), record.co_chairs()), (
        f"{source.name}: co-chairs {person_names(draft.co_chairs())} vs "
        f"{person_names(record.co_chairs())}"
    )
    # The draft is one record per source: its commitments are set against all the source's.
    written = [c for r in records for c in r.commitments]
    _, recall, line = precision_recall(source.name, draft.commitments, written)
    assert recall >= MIN_RECALL, line


def test_seed_drafts_say_what_needs_review(drafted: tuple[Workspace, dict[str, Meeting]]) -> None:
    drafts = drafted[1]
    undated = drafts["003_4d64089d1e1df554.txt"]  # no year anywhere in the text
    assert any("year is not stated" in line for line in undated.review)
    assert "no year" in str(undated.date_note)
    conflicting = drafts["004_c45b30e3b87ea02f.txt"]  # table: 27 April; text: after 4 June
    note = str(conflicting.date_note)
    assert "April 27, 2024" in note and "June 4, 2024" in note
    assert any("conflict" in line for line in conflicting.review)
    # The page's import date (1 Mar 2024) is not the meeting's date.
    assert str(drafts["000_ce9630ee43b4428e.txt"].date) == "2024-02-28"
    # Another meeting reported in the same text is flagged, its people kept out.
    don = drafts["002_9f3dc2ef5305d014.txt"]
    assert any("Kurt Campbell" in line for line in don.review)
    assert not any("Campbell" in t for p in don.participants for t in texts(p.name))


# --- Our own press releases ------------------------------------------------------------------

EXPECTED: dict[str, dict[str, Any]] = YAML(typ="safe", pure=True).load(
    (FIXTURES / "expected.yaml").read_text(encoding="utf-8")
)


@pytest.fixture
def fixture_workspace(tmp_path: Path) -> Path:
    return new_workspace(tmp_path / "ws", extra=sorted((FIXTURES / "counterparts").glob("*.yaml")))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_own_press_release(name: str, fixture_workspace: Path) -> None:
    expected = EXPECTED[name]
    result = ingest(FIXTURES / name, fixture_workspace, today=TODAY)
    draft = load_workspace(fixture_workspace).meeting(result.meeting_id)
    assert draft is not None
    assert draft.date == PartialDate.parse(str(expected["date"])), name
    end = expected.get("end_date")
    assert draft.end_date == (PartialDate.parse(str(end)) if end else None), name
    assert set(draft.parties) == set(expected["parties"]), name
    assert any(norm(expected["location"]) in norm(t) for t in texts(draft.location)), (
        f"{name}: place {draft.location}"
    )
    assert draft.ordinal == expected["ordinal"], name
    chairs = person_names(draft.co_chairs())
    assert len(chairs) == len(expected["co_chairs"]), f"{name}: co-chairs {chairs}"
    for person, side in expected["sides"].items():
        found = [p for p in draft.participants if norm(person) in person_names([p])[0]]
        assert found and found[0].side == side, f"{name}: {person} should be on side {side}"
    written = expected["commitments"]
    _, recall, line = precision_recall(name, draft.commitments, written)
    assert recall >= MIN_RECALL, line
    pairs = match_commitments(draft.commitments, written)
    owed = sum(1 for found, want, _ in pairs if sorted(found.by) == sorted(_codes(want["by"])))
    dated = [(f, w) for f, w, _ in pairs if "due" in w]
    due_right = sum(1 for f, w in dated if f.due and f.due.iso() == str(w["due"]))
    print(f"{name}: who owes it right {owed}/{len(pairs)}; due date right {due_right}/{len(dated)}")
    assert owed >= 0.8 * len(pairs), f"{name}: who owes it right only {owed}/{len(pairs)}"
    assert due_right >= 0.8 * len(dated), f"{name}: due right only {due_right}/{len(dated)}"


def _codes(by: str | list[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def test_thai_html_page_furniture_is_left_out(fixture_workspace: Path) -> None:
    result = ingest(FIXTURES / "mfa-th-th-kh-joint-commission.html", fixture_workspace,
                    dry_run=True, today=TODAY)  # fmt: skip
    assert "หน้าหลัก" not in result.yaml and "แชร์" not in result.yaml
    assert "ถนนศรีอยุธยา" not in result.yaml  # the footer
    page = [value for what, value in result.report.found if what == "page date"]
    assert page and all("not the meeting's" in v for v in page)
    assert result.data["date"] == date(2025, 2, 10)
    assert result.data["title"] == {
        "th": "การประชุมคณะกรรมาธิการร่วมว่าด้วยความร่วมมือทวิภาคีไทย-กัมพูชา ครั้งที่ ๑๑"
    }


# --- Rules of the issue ----------------------------------------------------------------------


def test_ingesting_the_same_source_twice_records_it_once(fixture_workspace: Path) -> None:
    source = FIXTURES / "mfa-en-th-jp-strategic-dialogue.txt"
    first = ingest(source, fixture_workspace, today=TODAY)
    assert len(first.written) == 2  # the source's copy and the draft
    second = ingest(source, fixture_workspace, today=TODAY)
    assert second.written == []
    assert second.duplicate_of == fixture_workspace / "meetings" / f"{first.meeting_id}.yaml"
    assert len(list((fixture_workspace / "meetings").iterdir())) == 1
    assert len(list((fixture_workspace / "sources").iterdir())) == 1
    assert any("already recorded" in note for note in second.report.notes)


def test_a_source_already_in_the_workspace_is_not_copied_again(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(SEEDS, root)
    result = ingest(root / "sources" / SEED_SOURCES[0].name, root, today=TODAY)
    assert result.written == [] and result.duplicate_of is not None
    assert result.duplicate_of.name == "2024-02-28-th-us-2plus2.yaml"


def test_dry_run_prints_the_yaml_and_writes_nothing(fixture_workspace: Path) -> None:
    before = sorted(p.relative_to(fixture_workspace) for p in fixture_workspace.rglob("*"))
    source = FIXTURES / "mfa-th-th-jp-bilateral.txt"
    run = CliRunner().invoke(
        app, ["ingest", str(source), "--data", str(fixture_workspace), "--dry-run"]
    )
    assert run.exit_code == 0, run.output
    after = sorted(p.relative_to(fixture_workspace) for p in fixture_workspace.rglob("*"))
    assert after == before
    data = YAML(typ="safe", pure=True).load(run.stdout)
    assert Meeting.model_validate(data).parties == ["TH", "JP"]
    assert "Needs a person's eye" in run.stderr and "wrote nothing" in run.stderr


def test_cli_writes_the_draft_and_reports_on_stderr(fixture_workspace: Path) -> None:
    source = FIXTURES / "mfa-en-th-jp-strategic-dialogue.txt"
    run = CliRunner().invoke(app, ["ingest", str(source), "--data", str(fixture_workspace)])
    assert run.exit_code == 0, run.output
    assert run.stdout == ""
    assert "participants" in run.stderr and "Wrote" in run.stderr
    assert len(load_workspace(fixture_workspace).meetings) == 1


RELEASE = """\
Thailand and Japan discuss trade

On {date}, Mr. Somchai Rakthai, Deputy Permanent Secretary for Foreign Affairs, met with
Mr. Kenji Tanaka, Director-General of the Southeast and Southwest Asian Affairs Department of
the Ministry of Foreign Affairs of Japan, in Bangkok.

Both sides agreed to hold the next round of talks in Tokyo.
{extra}
"""


def _ingest_text(root: Path, text: str, **options: Any) -> IngestResult:
    path = root.parent / "release.txt"
    path.write_text(text, encoding="utf-8")
    return ingest(path, root, today=TODAY, **options)


def test_a_missing_year_is_flagged_never_filled_in_silently(fixture_workspace: Path) -> None:
    result = _ingest_text(fixture_workspace, RELEASE.format(date="14 July", extra=""))
    assert result.data["date"] == date(TODAY.year, 7, 14)
    assert any(line.startswith("date: the year is not stated") for line in result.data["review"])
    assert "no year" in result.data["date_note"]
    assert "a guess" in result.data["date_note"]


def test_the_year_of_an_undated_meeting_comes_from_the_page_when_it_has_one(
    fixture_workspace: Path,
) -> None:
    text = RELEASE.format(date="14 July", extra="").replace(
        "trade\n", "trade\n\nPublished: 16 July 2017\n", 1
    )
    result = _ingest_text(fixture_workspace, text)
    assert result.data["date"] == date(2017, 7, 14)
    assert "the page's own date" in result.data["date_note"]
    assert any("year is not stated" in line for line in result.data["review"])


def test_conflicting_dates_are_all_reported(fixture_workspace: Path) -> None:
    extra = "\nThe meeting was held on 16 July 2017 at the Ministry of Foreign Affairs.\n"
    result = _ingest_text(fixture_workspace, RELEASE.format(date="14 July 2017", extra=extra))
    note = result.data["date_note"]
    assert "14 July 2017" in note and "16 July 2017" in note
    assert result.data["date"] == "2017-07"  # only what both agree on
    assert any("conflict" in line for line in result.data["review"])


def test_a_date_row_that_contradicts_the_text_is_reported(fixture_workspace: Path) -> None:
    extra = "\nDate | 20 July 2017 |\n"
    result = _ingest_text(fixture_workspace, RELEASE.format(date="14 July 2017", extra=extra))
    assert "20 July 2017" in result.data["date_note"]
    assert "14 July 2017" in result.data["date_note"]


def test_a_country_the_workspace_does_not_know_is_named(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")  # no JP.yaml
    run = CliRunner().invoke(
        app, ["ingest", str(FIXTURES / "mfa-th-th-jp-bilateral.txt"), "--data", str(root)]
    )
    assert run.exit_code == 1
    assert run.stderr.startswith("the text names ญี่ปุ่น (JP), ")
    assert run.stderr.rstrip().endswith(
        f"add the other side with: briefgen counterparts add JP --data {root} "
        "(and likewise LA, MM, CN if a party); then ingest again"
    )


def test_counterpart_option_adds_the_party(fixture_workspace: Path) -> None:
    text = RELEASE.format(date="14 July 2017", extra="").replace("Japan", "the partner")
    result = _ingest_text(fixture_workspace, text, counterpart="Japan", dry_run=True)
    assert result.data["parties"] == ["TH", "JP"]
    assert any("--counterpart" in line for line in result.data["review"])


def test_a_missing_file_is_a_clean_error(fixture_workspace: Path) -> None:
    run = CliRunner().invoke(app, ["ingest", "nowhere.txt", "--data", str(fixture_workspace)])
    assert run.exit_code == 1
    assert "nowhere.txt: no such file" in run.stderr
