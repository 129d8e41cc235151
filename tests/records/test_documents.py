"""Pack-wide definitions, each in one place: the documents and their file names, a meeting
still to come, Thai text; and composing a pack needs no renderer."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from support import REPO

from briefgen.build import MakeOptions, compose, prepare
from briefgen.documents import DOCUMENTS, PACK_FILE_NAME, output_stem
from briefgen.errors import ProfileError
from briefgen.profiles import builtin_templates, load_profile
from briefgen.records import Meeting
from briefgen.textvalue import has_thai

SEEDS = REPO / "seeds"


def options(tmp_path: Path, **changes: object) -> MakeOptions:
    values: dict[str, object] = {
        "counterpart": "US",
        "data": SEEDS,
        "out": tmp_path / "out",
        "as_of": date(2026, 11, 1),
        "ministry": "mfa",
    }
    return MakeOptions(**{**values, **changes})  # type: ignore[arg-type]


def test_file_names_come_from_the_documents(tmp_path: Path) -> None:
    facts = prepare(options(tmp_path)).facts
    names = [output_stem(facts, kind.file_name, "en") for kind in DOCUMENTS]
    assert names == [
        "2026-12-10_US_background-brief",
        "2026-12-10_US_talking-points",
        "2026-12-10_US_commitments-annex",
    ]
    assert output_stem(facts, PACK_FILE_NAME, "th") == "2026-12-10_US_briefing-pack_th"


def test_composing_makes_no_renderer_and_finds_the_logo_through_the_profile(
    tmp_path: Path,
) -> None:
    made = options(tmp_path)
    prepared = prepare(made)
    composed = compose(prepared, made)
    assert "renderer" not in vars(prepared)  # made on first use, when the pack is laid out
    logo = (builtin_templates() / "mfa" / "logo.svg").as_uri()
    assert {header.logo for header in composed.headers.values()} == {logo}
    assert [h.document for h in composed.headers.values()] == [
        "Background brief",
        "Talking points",
        "Commitments annex",
    ]
    assert prepared.renderer.profile is prepared.profile


def test_a_logo_no_folder_holds_is_named_with_the_folders(tmp_path: Path) -> None:
    own = tmp_path / "templates" / "mfa"
    own.mkdir(parents=True)
    text = (builtin_templates() / "mfa" / "profile.yaml").read_text(encoding="utf-8")
    (own / "profile.yaml").write_text(text.replace("logo.svg", "emblem.png"), encoding="utf-8")
    profile = load_profile("mfa", tmp_path)
    with pytest.raises(ProfileError, match="logo 'emblem.png' named in the mfa profile is not in"):
        profile.logo_file()
    shutil.copy(builtin_templates() / "mfa" / "logo.svg", own / "emblem.png")
    assert profile.logo_file() == own / "emblem.png"


@pytest.mark.parametrize(
    ("status", "when", "as_of", "upcoming"),
    [
        ("planned", "2026-12-10", date(2026, 12, 10), True),
        ("planned", "2026-12-10", date(2026, 12, 11), False),
        ("planned", "2026-12", date(2026, 12, 31), True),  # not known to be over yet
        ("planned", "2026", date(2027, 1, 1), False),
        ("held", "2027-01-05", date(2026, 12, 1), False),
        ("cancelled", "2027-01-05", date(2026, 12, 1), False),
    ],
)
def test_a_meeting_is_upcoming_while_planned_and_not_known_to_be_over(
    status: str, when: str, as_of: date, upcoming: bool
) -> None:
    meeting = Meeting.model_validate(
        {"title": "Dialogue", "parties": ["TH", "US"], "date": when, "status": status}
    )
    assert meeting.is_upcoming(as_of) is upcoming


def test_has_thai() -> None:
    assert has_thai("การประชุม Thailand–U.S.")
    assert has_thai("๒๕๖๙")  # Thai digits are Thai script
    assert not has_thai("Thailand–U.S. Strategic Dialogue 2026")
    assert not has_thai("")
