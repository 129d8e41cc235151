"""Releases of a planned Joint Commission, in English and in Thai, ingested into a workspace
whose records are partly English, partly Thai: what the record already says is kept and added
to, commitments read as records keep them, an open commitment made again is proposed as an
update of it, and the review notes say what ingest did."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from support import TESTS

from briefgen.ingest import ingest
from briefgen.ingest.extract import topic_counts
from briefgen.ingest.merge import merged_text
from briefgen.ingest.parties import PartyIndex
from briefgen.ingest.wording import imperative
from briefgen.records import Topic
from briefgen.store import load_workspace

HERE = TESTS / "fixtures" / "ingest" / "jc8"
ENGLISH, THAI = HERE / "release-en.txt", HERE / "release-th.txt"
PLANNED = "2026-12-18-th-jp-jc"
BEFORE, AFTER = date(2026, 12, 6), date(2026, 12, 20)  # the meeting is on 18 Dec 2026


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(HERE / "ws", root)
    return root


def _record(root: Path, name: str = PLANNED) -> dict:  # type: ignore[type-arg]
    return YAML(typ="safe", pure=True).load((root / "meetings" / f"{name}.yaml").read_text("utf-8"))


def test_a_thai_release_adds_thai_names_beside_the_english_ones(ws: Path) -> None:
    ingest(THAI, ws, today=AFTER)
    record = _record(ws)
    assert [(p["name"], p["title"]) for p in record["participants"]] == [
        (
            {"en": "Maris Sangiampongsa", "th": "มาริษ เสงี่ยมพงษ์"},
            {"en": "Minister of Foreign Affairs", "th": "รัฐมนตรีว่าการกระทรวงการต่างประเทศ"},
        ),
        (
            {"en": "Takeshi Iwaya", "th": "ทาเคชิ อิวายะ"},
            {"en": "Minister for Foreign Affairs", "th": "รัฐมนตรีว่าการกระทรวงการต่างประเทศญี่ปุ่น"},
        ),
    ]
    assert record["location"] == {"en": "Bangkok", "th": "กรุงเทพฯ"}
    assert load_workspace(ws).meeting(PLANNED) is not None  # the record still loads


def test_an_english_release_keeps_the_records_own_english(ws: Path) -> None:
    ingest(ENGLISH, ws, today=AFTER)
    people = _record(ws)["participants"]
    assert [p["title"] for p in people] == ["Minister of Foreign Affairs", "Minister for Foreign "
                                            "Affairs"]  # fmt: skip
    assert len(people) == 2


def test_people_it_cannot_match_across_scripts_are_left_to_the_officer(ws: Path) -> None:
    path = ws / "meetings" / f"{PLANNED}.yaml"
    text = path.read_text("utf-8")
    extra = "  - {name: Eksiri Pintaruchi, title: Permanent Secretary, side: TH, role: member}\n"
    marker = "  - {name: Takeshi Iwaya"
    path.write_text(text.replace(marker, extra + marker), "utf-8")
    ingest(THAI, ws, today=AFTER)
    record = _record(ws)
    by_side = [(p["side"], p["name"]) for p in record["participants"]]
    assert by_side == [
        ("TH", "Maris Sangiampongsa"),  # two TH entries here, one in the release: unsure
        ("TH", "Eksiri Pintaruchi"),
        ("JP", {"en": "Takeshi Iwaya", "th": "ทาเคชิ อิวายะ"}),
    ]
    assert any(
        note.startswith(
            "participants: the release names มาริษ เสงี่ยมพงษ์ (TH), whom briefgen could not match"
        )  # fmt: skip
        for note in record["review"]
    )


def test_texts_are_added_in_the_language_missing_never_replaced() -> None:
    assert merged_text("Bangkok", {"th": "กรุงเทพฯ"}) == {"en": "Bangkok", "th": "กรุงเทพฯ"}
    assert merged_text({"th": "มาริษ"}, "Maris") == {"th": "มาริษ", "en": "Maris"}
    assert merged_text("Minister of Foreign Affairs", "Minister") == "Minister of Foreign Affairs"
    assert merged_text({"en": "A", "th": "ก"}, {"th": "ข"}) == {"en": "A", "th": "ก"}


def test_a_thai_commitment_is_kept_without_its_connector_and_frame(ws: Path) -> None:
    (ws / "meetings" / "2024-11-08-th-jp-som.yaml").unlink()  # nothing earlier to restate
    result = ingest(THAI, ws, today=AFTER, dry_run=True)
    (commitment,) = result.data["commitments"]
    assert commitment["by"] == "JP"
    assert commitment["text"] == {
        "th": "ขยายระยะเวลาพำนักโดยไม่ต้องขอวีซ่าสำหรับคนไทยเป็น ๓๐ วัน ภายในกลางปี ๒๕๗๐"
    }


@pytest.mark.parametrize(
    ("clause", "lang", "kept"),
    [
        ("และฝ่ายญี่ปุ่นตกลงที่จะขยายความร่วมมือด้านพลังงาน", "th", "ขยายความร่วมมือด้านพลังงาน"),
        ("ทั้งนี้ ทั้งสองฝ่ายเห็นพ้องที่จะจัดตั้งคณะทำงานร่วม", "th", "จัดตั้งคณะทำงานร่วม"),
        ("โดยไทยจะเป็นเจ้าภาพการประชุมครั้งต่อไป", "th", "เป็นเจ้าภาพการประชุมครั้งต่อไป"),
        ("นอกจากนี้ ญี่ปุ่นยืนยันที่จะสนับสนุนทุนการศึกษา", "th", "สนับสนุนทุนการศึกษา"),
        ("อีกทั้งฝ่ายไทยตกลงจัดการประชุมระดับคณะทำงาน", "th", "จัดการประชุมระดับคณะทำงาน"),
        ("ไทยพร้อมให้ความร่วมมือกับญี่ปุ่น", "th", "ไทยพร้อมให้ความร่วมมือกับญี่ปุ่น"),  # not bare
        ("ที่ประชุมเห็นพ้องที่จะจัดการประชุมครั้งต่อไปที่โตเกียว", "th", "จัดการประชุมครั้งต่อไปที่โตเกียว"),
        ("การประชุมครั้งต่อไปจะจัดขึ้นที่โตเกียว", "th", "การประชุมครั้งต่อไปจะจัดขึ้นที่โตเกียว"),
        ("And also host the working-level meeting.", "en", "Host the working-level meeting."),
        ("Further, provide two training courses.", "en", "Provide two training courses."),
    ],
)
def test_connectors_and_frames_go(ws: Path, clause: str, lang: str, kept: str) -> None:
    index = PartyIndex(load_workspace(ws).counterparts)
    assert imperative(clause, lang, index) == kept


def test_an_open_commitment_made_again_is_proposed_as_its_update(ws: Path) -> None:
    result = ingest(ENGLISH, ws, today=AFTER)
    record = _record(ws)
    texts = [c["text"] for c in record.get("commitments", [])]
    assert not any("feasibility" in str(t) for t in texts)  # no second copy
    earlier = _record(ws, "2023-09-15-th-jp-jc")["commitments"][0]
    (update,) = earlier["updates"]
    assert (str(update["date"]), update["status"], update["due"]) == (
        "2026-12-18", "in-progress", "2027-06",
    )  # fmt: skip
    assert update["quote"].startswith("The Japanese side agreed to complete the feasibility")
    assert (
        update["note"]["en"] == "Restated, as reported at the 8th Thailand–Japan Joint Commission"
    )
    assert any(
        note.startswith("commitments: the release makes again the commitment in "
                        "meetings/2023-09-15-th-jp-jc.yaml commitments[0] ('Complete the")
        for note in record["review"]
    )  # fmt: skip
    som = _record(ws, "2024-11-08-th-jp-som")["commitments"]
    assert som[1]["updates"][-1]["due"] == "2027-03"  # the Mekong meeting, postponed before
    workspace = load_workspace(ws)  # every changed record loads
    assert workspace.meeting("2023-09-15-th-jp-jc") is not None
    assert result.target == ws / "meetings" / f"{PLANNED}.yaml"


def test_a_new_commitment_alike_only_in_common_words_stays_new(ws: Path) -> None:
    release = ws.parent / "other.txt"
    release.write_text(
        ENGLISH.read_text("utf-8").replace(
            "complete the feasibility update for the Bangkok–Chiang Mai high-speed rail",
            "fund a study of the Bangkok–Chiang Mai airport rail link",
        ),
        "utf-8",
    )
    result = ingest(release, ws, today=AFTER, dry_run=True)
    assert any("airport rail link" in str(c["text"]) for c in result.data["commitments"])


def test_keywords_match_hyphenated_compound_and_inflected_forms() -> None:
    keywords = {
        "people": ["visa", "students"],
        "infra": ["high-speed rail"],
        "economy": ["economy"],
    }
    topics = {
        key: Topic.model_validate({"label": key, "keywords": {"en": words}})
        for key, words in keywords.items()
    }
    counts = topic_counts(
        "Japan will extend visa-free stays; visas/permits for a student; the high speed rail "
        "and high-speed railways; both economies. Visayas is no visa word.",
        topics,
    )
    assert counts == {"people": 4, "infra": 1, "economy": 1}


def test_the_release_of_the_planned_meeting_is_tagged_people_for_visa_free(ws: Path) -> None:
    ingest(ENGLISH, ws, today=AFTER)
    assert {"topic": "people"} in _record(ws)["topics"]


def test_notes_say_what_ingest_did_to_the_record_it_updates(ws: Path) -> None:
    ingest(ENGLISH, ws, today=BEFORE)
    record = _record(ws)
    assert record["status"] == "planned"
    notes = record["review"]
    assert notes[0].startswith(
        "status: left planned: the release dates the meeting 18 Dec 2026, after today "
        "(6 Dec 2026); briefgen ingest updated this record from sources/"
    )
    assert not any(f"{PLANNED}.yaml has the same parties and date" in n for n in notes)


def test_a_release_after_the_meeting_marks_it_held_and_says_so(ws: Path) -> None:
    ingest(ENGLISH, ws, today=AFTER)
    record = _record(ws)
    assert record["status"] == "held"
    assert record["review"][0].startswith(
        "status: this record was planned (2026-12-18, Bangkok); briefgen ingest marked it held"
    )


def test_someone_new_in_the_same_script_is_added_and_the_absent_one_noted(ws: Path) -> None:
    release = ws.parent / "deputy.txt"
    release.write_text(
        ENGLISH.read_text("utf-8").replace(
            "Mr. Takeshi Iwaya, Minister for Foreign Affairs of Japan",
            "Mr. Kenji Tanaka, State Minister for Foreign Affairs of Japan",
        ),
        "utf-8",
    )
    ingest(release, ws, today=AFTER)
    record = _record(ws)
    names = [p["name"] for p in record["participants"]]
    assert names == ["Maris Sangiampongsa", "Takeshi Iwaya", "Kenji Tanaka"]
    assert (
        "participants[1]: the release does not name Takeshi Iwaya; check that they took part, "
        "or remove the entry" in record["review"]
    )


def test_a_second_release_of_the_meeting_proposes_nothing_twice(ws: Path) -> None:
    ingest(ENGLISH, ws, today=BEFORE)  # the record stays planned: both releases update it
    ingest(THAI, ws, today=BEFORE)
    visa = _record(ws, "2024-11-08-th-jp-som")["commitments"][0]
    assert [str(u["date"]) for u in visa["updates"]] == ["2026-12-18"]  # the English one's
    record = _record(ws)
    assert "commitments" not in record  # and no copy of it here either
    assert any(
        "already has an update from this meeting (due 2027-06" in n for n in record["review"]
    )
    assert len(record["review"]) == len(set(record["review"]))
