"""Counterparts found the way officers type them, meeting ids shown by `list`, and the
command line's early refusals: each checked through the CLI, with exact messages."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from support import MakeWorkspace
from typer.testing import Result

Cli = Callable[..., Result]
AS_OF = "2026-11-01"
# Japan's file gives only its English name: its Thai name and ISO code come from CLDR.
WITH_JAPAN = {
    "counterparts/JP.yaml": "code: JP\nname: Japan\n",
    "meetings/2026-12-01-th-jp.yaml": (
        "title: 8th Thailand–Japan Joint Commission\n"
        "parties: [TH, JP]\n"
        "date: 2026-12-01\n"
        "location: Tokyo\n"
        "status: planned\n"
        "objectives:\n  - Agree the work plan for 2027.\n"
        "agenda: [energy]\n"
    ),
}


@pytest.fixture
def japan(make_workspace: MakeWorkspace) -> Path:
    return make_workspace(WITH_JAPAN)


def make(cli: Cli, counterpart: str, *extra: str) -> Result:
    return cli("make", "-c", counterpart, "--data", "ws", "--out", "out", "--as-of", AS_OF, *extra)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "Japn",
            "unknown counterpart 'Japn'; did you mean 'Japan' (JP)? Known counterparts: JP, US",
        ),
        (
            "ญี่ปุน",
            "unknown counterpart 'ญี่ปุน'; did you mean 'ญี่ปุ่น' (JP)? Known counterparts: JP, US",
        ),
        ("JA", "unknown counterpart 'JA'; known counterparts: JP, US"),
        (
            "France",
            "unknown counterpart 'France': France (FR) has no file in ws/counterparts; "
            "known counterparts: JP, US",
        ),
        (
            "Frnace",
            "unknown counterpart 'Frnace'; did you mean 'France' (FR)? It has no file in "
            "ws/counterparts. Known counterparts: JP, US",
        ),
        ("Thailand", "TH is the home country; name a counterpart"),
        ("tha", "TH is the home country; name a counterpart"),
    ],
)
def test_a_counterpart_not_found_is_explained(
    cli: Cli, japan: Path, typed: str, message: str
) -> None:
    result = make(cli, typed)
    assert result.exit_code == 1, result.output
    assert result.stderr == message + "\n"
    assert not Path("out").exists()


@pytest.mark.parametrize("typed", ["JPN", "ญี่ปุ่น"])
def test_alpha3_code_and_cldr_name_find_the_counterpart(cli: Cli, japan: Path, typed: str) -> None:
    result = make(cli, typed)
    assert result.exit_code == 0, result.output
    assert Path("out/2026-12-01_JP_briefing-pack.pdf").is_file()
    # The pack is for a planned meeting, so --as-of did not set its date: said in one line.
    assert result.stderr == (
        "note: --as-of 2026-11-01 does not apply to the planned meeting 2026-12-01-th-jp, "
        "whose pack counts as of its own date (2026-12-01); for a past meeting give "
        f"--meeting ID (see: briefgen list --meetings -c {typed}), or an --as-of after every "
        "planned meeting for a general brief\n"
    )


def test_without_as_of_nothing_is_explained(cli: Cli, japan: Path) -> None:
    result = cli("make", "-c", "JP", "--data", "ws", "--out", "out")
    assert result.exit_code == 0, result.output
    assert "--as-of" not in result.stderr


def test_list_meetings_of_one_counterpart(cli: Cli, japan: Path) -> None:
    result = cli("list", "--meetings", "-c", "JPN", "--data", "ws", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert result.stdout.startswith("Meetings of TH and JP as of 2026-11-01\n")
    assert len(rows) == 1
    cells = [cell.strip() for cell in rows[0].split("│")[1:-1]]
    assert cells == [
        "2026-12-01-th-jp",
        "2026-12-01",
        "planned (next)",
        "TH, JP",
        "8th Thailand–Japan Joint Commission",
    ]


def test_list_shows_meeting_ids(cli: Cli, japan: Path) -> None:
    result = cli("list", "--data", "ws", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    for meeting_id in ("2026-12-01-th-jp", "2024-02-28-th-us-2plus2", "2026-12-10-th-us-2plus2"):
        assert meeting_id in result.stdout


def test_list_meetings_of_the_home_country_is_refused(cli: Cli, japan: Path) -> None:
    result = cli("list", "--meetings", "-c", "TH", "--data", "ws")
    assert result.exit_code == 1
    assert result.stderr == "TH is the home country; name a counterpart\n"


# Refusing early: nothing is laid out when the pack cannot be written or chosen ------------


@pytest.fixture
def no_layout(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """WeasyPrint's entry, replaced by one that records being reached and refuses."""
    from briefgen.render import engine

    reached: list[str] = []

    def refuse() -> None:
        reached.append("import_weasyprint")
        raise AssertionError("a layout started")

    monkeypatch.setattr(engine, "import_weasyprint", refuse)
    return reached


def test_an_output_folder_under_a_file_is_refused_before_any_layout(
    cli: Cli, japan: Path, no_layout: list[str]
) -> None:
    Path("report.txt").write_text("not a folder")
    result = cli("make", "-c", "JP", "--data", "ws", "--out", "report.txt/packs")
    assert result.exit_code == 1
    assert result.stderr == (
        "cannot create the output folder report.txt/packs: it is under report.txt, "
        "which is a file\n"
    )
    assert no_layout == []


def test_an_output_folder_that_is_a_file_is_refused_before_any_layout(
    cli: Cli, japan: Path, no_layout: list[str]
) -> None:
    Path("out").write_text("not a folder")
    result = make(cli, "JP")
    assert result.exit_code == 1
    assert result.stderr == "cannot create the output folder out: it is a file\n"
    assert no_layout == []


def test_a_read_only_output_folder_is_refused_before_any_layout(
    cli: Cli, japan: Path, no_layout: list[str]
) -> None:
    Path("out").mkdir()
    Path("out").chmod(0o555)
    if os.access("out", os.W_OK):  # as root, permissions do not stop a write
        pytest.skip("running as a user whom permissions do not stop")
    result = make(cli, "JP")
    assert result.exit_code == 1
    assert result.stderr == (
        "cannot write to the output folder out: no permission, or a read-only file system\n"
    )
    assert no_layout == []


def test_a_folder_to_make_in_a_read_only_one_is_refused_before_any_layout(
    cli: Cli, japan: Path, no_layout: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefgen.build

    Path("ro").mkdir()
    real_access = os.access
    # A read-only file system, as access(2) reports it even to root.
    monkeypatch.setattr(
        briefgen.build.os,
        "access",
        lambda path, mode: Path(path) != Path("ro") and real_access(path, mode),
    )
    result = cli("make", "-c", "JP", "--data", "ws", "--out", "ro/packs")
    assert result.exit_code == 1
    assert result.stderr == (
        "cannot write to the output folder ro/packs (nor ro, to make it in): no permission, "
        "or a read-only file system\n"
    )
    assert no_layout == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--ministry", "nope"), "unknown ministry 'nope'; known ministries: default, mfa, mod"),
        (("--meeting", "no-such-meeting"), "no meeting with id 'no-such-meeting' in ws/meetings"),
    ],
)
def test_profile_and_meeting_are_refused_before_any_layout(
    cli: Cli, japan: Path, no_layout: list[str], extra: tuple[str, ...], message: str
) -> None:
    result = make(cli, "JP", *extra)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert no_layout == []
