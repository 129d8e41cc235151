"""`briefgen validate` and `briefgen list` as a user runs them: exit codes and full messages.

Results go to stdout; problems, warnings and errors to stderr, one per line, never a traceback.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support import REPO, TESTS
from typer.testing import Result

MakeWorkspace = Callable[..., Path]
Cli = Callable[..., Result]

SPEC = TESTS / "fixtures" / "spec"
AS_OF = "2024-06-01"

BASE = """\
title: Talks
parties: [TH, US]
date: 2024-02-28
status: held
"""


def assert_clean_exit(result: Result, code: int) -> None:
    """The exit code, and no Python exception behind it."""
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


# --- The spec workspace ------------------------------------------------------------------------


def test_validate_spec_workspace(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    # --no-cache: no record cache left in the repository's fixture.
    result = cli("validate", "--data", "tests/fixtures/spec", "--as-of", AS_OF, "--no-cache")
    assert_clean_exit(result, 0)
    assert result.stdout == (
        "tests/fixtures/spec: 2 counterparts, 2 meetings (1 held, 1 planned), "
        "3 commitments (2 open, 0 overdue as of 2024-06-01)\n"
    )
    assert result.stderr == ""


def test_summary_counts_overdue_commitments(cli: Cli, make_workspace: MakeWorkspace) -> None:
    overdue = BASE + (
        "commitments:\n"
        "  - {by: TH, text: Host the energy dialogue., due: 2024-04}\n"
        "  - {by: US, text: Send a delegation., due: 2024-06, status: in-progress}\n"
        "  - {by: US, text: Send experts., due: 2024-03, status: dropped}\n"
    )
    make_workspace({"meetings/x.yaml": overdue})
    result = cli("validate", "--data", "ws", "--as-of", AS_OF)
    assert_clean_exit(result, 0)
    assert result.stdout == (
        "ws: 2 counterparts, 3 meetings (2 held, 1 planned), "
        "6 commitments (4 open, 1 overdue as of 2024-06-01)\n"
    )


# Each example file of the issue, in a workspace with only what it refers to.
OWN_WORKSPACES = {
    "topics.yaml": (["topics.yaml"], "0 counterparts, 0 meetings (0 held, 0 planned)"),
    "counterparts/TH.yaml": (
        ["topics.yaml", "counterparts/TH.yaml"],
        "1 counterpart, 0 meetings (0 held, 0 planned)",
    ),
    "counterparts/US.yaml": (
        ["topics.yaml", "counterparts/US.yaml"],
        "1 counterpart, 0 meetings (0 held, 0 planned)",
    ),
    "meetings/2024-02-28-th-us-2plus2.yaml": (
        [
            "topics.yaml",
            "counterparts/TH.yaml",
            "counterparts/US.yaml",
            "meetings/2024-02-28-th-us-2plus2.yaml",
            "sources/000_ce9630ee43b4428e.txt",
        ],
        "2 counterparts, 1 meeting (1 held, 0 planned), 3 commitments (2 open, 0 overdue",
    ),
    "meetings/2026-12-10-th-us-2plus2.yaml": (
        [
            "topics.yaml",
            "counterparts/TH.yaml",
            "counterparts/US.yaml",
            "meetings/2026-12-10-th-us-2plus2.yaml",
        ],
        "2 counterparts, 1 meeting (0 held, 1 planned), 0 commitments (0 open, 0 overdue",
    ),
}


@pytest.mark.parametrize("example", list(OWN_WORKSPACES))
def test_each_example_file_validates_in_a_workspace_of_its_own(
    cli: Cli, make_workspace: MakeWorkspace, example: str
) -> None:
    files, counts = OWN_WORKSPACES[example]
    root = make_workspace(only=files)
    (root / "counterparts").mkdir(exist_ok=True)
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == sorted(files)
    assert (root / example).read_bytes() == (SPEC / example).read_bytes()
    result = cli("validate", "--data", "ws", "--as-of", AS_OF)
    assert_clean_exit(result, 0)
    if "commitments" not in counts:
        counts += ", 0 commitments (0 open, 0 overdue"
    assert result.stdout == f"ws: {counts} as of 2024-06-01)\n"
    assert result.stderr == ""


def test_missing_source_is_a_warning_on_stderr(cli: Cli, make_workspace: MakeWorkspace) -> None:
    make_workspace({"sources/000_ce9630ee43b4428e.txt": None})
    result = cli("validate", "--data", "ws", "--as-of", AS_OF)
    assert_clean_exit(result, 0)
    assert result.stderr == (
        "warning: ws/meetings/2024-02-28-th-us-2plus2.yaml:33:12: sources[0].path: "
        "source file sources/000_ce9630ee43b4428e.txt is missing\n"
    )
    assert result.stdout.startswith("ws: 2 counterparts, 2 meetings")


# --- Twenty mistakes, one per file -------------------------------------------------------------

TWENTY_MISTAKES: dict[str, str | bytes] = {
    "meetings/anchor.yaml": "title: &t Talks\nlocation: *t\n",
    "meetings/bad-id.yaml": "id: th us talks\n" + BASE,
    "meetings/binary.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "meetings/buddhist-year.yaml": BASE.replace("2024-02-28", "2567-02-28"),
    "meetings/commitment-status.yaml": BASE
    + "commitments:\n  - {by: TH, text: Host the dialogue., status: opne}\n",
    "meetings/duplicate-id.yaml": "id: 2024-02-28-th-us-2plus2\n" + BASE,
    "meetings/empty.yaml": b"",
    "meetings/end-before-start.yaml": BASE + "end_date: 2024-02-27\n",
    "meetings/impossible-date.yaml": BASE.replace("2024-02-28", "2024-02-30"),
    "meetings/latin1.yaml": "title: Café\n".encode("latin-1"),
    "meetings/missing-title.yaml": BASE.replace("title: Talks\n", ""),
    "meetings/not-a-mapping.yaml": "- title: Talks\n- title: More talks\n",
    "meetings/side.yaml": BASE + "participants:\n  - {name: Somchai, side: UK}\n",
    "meetings/status.yaml": BASE.replace("status: held", "status: hled"),
    "meetings/syntax.yaml": "title: [Talks\nparties: [TH, US]\n",
    "meetings/unknown-field.yaml": BASE + "pariticipants: []\n",
    "meetings/unknown-party.yaml": BASE.replace("[TH, US]", "[TH, UK]"),
    "meetings/unknown-topic.yaml": BASE + "agenda: [defense]\n",
    "meetings/wrong-type.yaml": BASE.replace("[TH, US]", "TH"),
    "counterparts/KH.yaml": "code: KH\nname: Cambodia\nalias: [Kampuchea]\n",
}

TWENTY_MESSAGES = [
    "ws/counterparts/KH.yaml:3:1: alias: unknown field 'alias'; did you mean 'aliases'?",
    "ws/meetings/anchor.yaml:1:8: YAML anchors and aliases are not allowed in records",
    "ws/meetings/bad-id.yaml:1:5: id: 'th us talks' is not a valid id; use only letters, "
    "digits, '-' and '_'",
    "ws/meetings/binary.yaml:3:1: file is binary, not a YAML text file",
    "ws/meetings/buddhist-year.yaml:3:7: date: year 2567 looks like a Buddhist-Era year; "
    "write the Common-Era date 2024-02-28",
    "ws/meetings/commitment-status.yaml:6:48: commitments[0].status: unknown value 'opne'; "
    "did you mean 'open'? Use one of: open, in-progress, done, dropped",
    "ws/meetings/duplicate-id.yaml:1:5: id: duplicate id '2024-02-28-th-us-2plus2'; "
    "ws/meetings/2024-02-28-th-us-2plus2.yaml has it too",
    "ws/meetings/empty.yaml:1:1: file is empty",
    "ws/meetings/end-before-start.yaml:5:11: end_date: 2024-02-27 is before the start date "
    "2024-02-28",
    "ws/meetings/impossible-date.yaml:3:7: date: '2024-02-30' is not a real date: "
    "February 2024 has 29 days",
    "ws/meetings/latin1.yaml:1:11: file is not UTF-8 text; save it as UTF-8",
    "ws/meetings/missing-title.yaml:1:1: title: required field is missing",
    "ws/meetings/not-a-mapping.yaml:1:1: top level is a list; a record file must be a mapping "
    "of field names to values",
    "ws/meetings/side.yaml:6:27: participants[0].side: unknown party 'UK'; known: TH, US",
    "ws/meetings/status.yaml:4:9: status: unknown value 'hled'; did you mean 'held'? "
    "Use one of: held, planned, cancelled",
    "ws/meetings/syntax.yaml:2:8: YAML syntax error: did not find expected ',' or ']'",
    "ws/meetings/unknown-field.yaml:5:1: pariticipants: unknown field 'pariticipants'; "
    "did you mean 'participants'?",
    "ws/meetings/unknown-party.yaml:2:15: parties[1]: unknown counterpart 'UK'; known: TH, US",
    "ws/meetings/unknown-topic.yaml:5:10: agenda[0]: unknown topic 'defense'; did you mean "
    "'defence'? Known: defence, energy, law-enforcement",
    "ws/meetings/wrong-type.yaml:2:10: parties: expected a list",
]


def test_twenty_mistakes_get_twenty_messages(cli: Cli, make_workspace: MakeWorkspace) -> None:
    assert len(TWENTY_MISTAKES) == len(TWENTY_MESSAGES) == 20
    make_workspace(TWENTY_MISTAKES)
    result = cli("validate", "--data", "ws", "--as-of", AS_OF)
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [*TWENTY_MESSAGES, "20 problems in the records"]


def test_every_command_uses_the_same_loading(cli: Cli, make_workspace: MakeWorkspace) -> None:
    make_workspace({"meetings/status.yaml": TWENTY_MISTAKES["meetings/status.yaml"]})
    result = cli("list", "--data", "ws", "--as-of", AS_OF)
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr == (
        "ws/meetings/status.yaml:4:9: status: unknown value 'hled'; did you mean 'held'? "
        "Use one of: held, planned, cancelled\n"
        "1 problem in the records\n"
    )


# --- list --------------------------------------------------------------------------------------

SPEC_TABLE = (
    "Counterparts of TH as of 2024-06-01\n"
    "┏━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━━━━┓\n"
    "┃ Code ┃ Name          ┃ Meetings ┃ Last                    ┃ Next                    ┃ Open ┃ Overdue ┃\n"  # noqa: E501
    "┡━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━━━━┩\n"
    "│ US   │ United States │        2 │ 2024-02-28              │ 2026-12-10              │    2 │       0 │\n"  # noqa: E501
    "│      │               │          │ 2024-02-28-th-us-2plus2 │ 2026-12-10-th-us-2plus2 │      │         │\n"  # noqa: E501
    "└──────┴───────────────┴──────────┴─────────────────────────┴─────────────────────────┴──────┴─────────┘\n"
)


def test_list_shows_the_counterparts_table(cli: Cli, workspace: Path) -> None:
    result = cli("list", "--data", str(workspace), "--as-of", AS_OF)
    assert_clean_exit(result, 0)
    assert result.stdout == SPEC_TABLE
    assert result.stderr == ""


def test_list_counts_overdue_and_the_next_meeting(cli: Cli, make_workspace: MakeWorkspace) -> None:
    kh = "code: KH\nname: {en: Cambodia, th: กัมพูชา}\n"
    make_workspace(
        {
            "counterparts/KH.yaml": kh,
            "meetings/th-kh.yaml": BASE.replace("[TH, US]", "[TH, KH]")
            + "commitments:\n  - {by: KH, text: Reopen the border post., due: 2024-04}\n",
        }
    )
    result = cli("list", "--data", "ws", "--as-of", "2026-12-11")
    assert_clean_exit(result, 0)
    assert result.stdout == (
        "Counterparts of TH as of 2026-12-11\n"
        "┏━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━┳━━━━━━━━━┓\n"
        "┃ Code ┃ Name          ┃ Meetings ┃ Last                    ┃ Next ┃ Open ┃ Overdue ┃\n"
        "┡━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━╇━━━━━━━━━┩\n"
        "│ KH   │ Cambodia      │        1 │ 2024-02-28              │ –    │    1 │       1 │\n"
        "│      │               │          │ th-kh                   │      │      │         │\n"
        "│ US   │ United States │        2 │ 2024-02-28              │ –    │    2 │       0 │\n"
        "│      │               │          │ 2024-02-28-th-us-2plus2 │      │      │         │\n"
        "└──────┴───────────────┴──────────┴─────────────────────────┴──────┴──────┴─────────┘\n"
    )


def test_list_seeds(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = cli("list", "--as-of", AS_OF)
    assert_clean_exit(result, 0)
    assert result.stdout.startswith("Counterparts of TH as of 2024-06-01\n")
    codes = [line.split("│")[1].strip() for line in result.stdout.splitlines() if "│" in line]
    assert {"KH", "US"} <= set(codes)
    assert "TH" not in codes  # the home country is not its own counterpart


# --- Choosing the workspace --------------------------------------------------------------------

SUMMARY = (
    "{root}: 2 counterparts, 2 meetings (1 held, 1 planned), "
    "3 commitments (2 open, 0 overdue as of 2024-06-01)\n"
)


def test_data_option(cli: Cli, workspace: Path) -> None:
    result = cli("validate", "--data", "ws", "--as-of", AS_OF)
    assert_clean_exit(result, 0)
    assert result.stdout == SUMMARY.format(root="ws")


def test_data_from_the_environment(cli: Cli, workspace: Path) -> None:
    result = cli("validate", "--as-of", AS_OF, env={"BRIEFGEN_DATA": "ws"})
    assert_clean_exit(result, 0)
    assert result.stdout == SUMMARY.format(root="ws")


def test_data_option_wins_over_the_environment(cli: Cli, workspace: Path) -> None:
    result = cli("validate", "--data", "ws", "--as-of", AS_OF, env={"BRIEFGEN_DATA": "nowhere"})
    assert_clean_exit(result, 0)
    assert result.stdout == SUMMARY.format(root="ws")


def test_data_defaults_to_seeds(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SPEC, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--as-of", AS_OF)
    assert_clean_exit(result, 0)
    assert result.stdout == SUMMARY.format(root="seeds")


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--data", "nowhere"], {}),
        ([], {"BRIEFGEN_DATA": "nowhere"}),
        (["--data", "nowhere"], {"BRIEFGEN_DATA": "ws"}),
    ],
)
@pytest.mark.parametrize("command", ["validate", "list"])
def test_unknown_folder(
    cli: Cli, workspace: Path, command: str, args: list[str], env: dict[str, str]
) -> None:
    result = cli(command, *args, env=env)
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr == "nowhere: no such workspace folder (give one with --data)\n"


def test_data_that_is_a_file(cli: Cli, workspace: Path) -> None:
    result = cli("validate", "--data", "ws/topics.yaml")
    assert_clean_exit(result, 1)
    assert result.stderr == "ws/topics.yaml: no such workspace folder (give one with --data)\n"


def test_folder_that_is_not_a_workspace(cli: Cli, tmp_path: Path, workspace: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("validate", "--data", "empty")
    assert_clean_exit(result, 1)
    assert result.stderr == (
        "empty/counterparts: folder is missing\n"
        "empty/topics.yaml: file is missing\n"
        "2 problems in the records\n"
    )


def test_bad_as_of(cli: Cli, workspace: Path) -> None:
    result = cli("validate", "--data", "ws", "--as-of", "2024-13-01")
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr == "--as-of: '2024-13-01' is not a date; write YYYY-MM-DD\n"


def test_buddhist_era_as_of_is_refused_with_the_common_era_date(cli: Cli, workspace: Path) -> None:
    result = cli("validate", "--data", "ws", "--as-of", "2567-02-01")
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert result.stderr == (
        "--as-of: year 2567 looks like a Buddhist-Era year; write the Common-Era date 2024-02-01\n"
    )


# --- Every problem on the first pass -----------------------------------------------------------

FIVE_MISTAKES = {
    # A wrong value and an unknown party in one file: the party is checked all the same.
    "meetings/m1.yaml": """\
        title: Talks in Tokyo
        parties: [TH, JPN]
        date: 2025-03-01
        status: hled
        """,
    # A missing title, and a topic and a `by` code that do not exist.
    "meetings/m2.yaml": """\
        parties: [TH, US]
        date: 2025-04-01
        status: held
        agenda: [enrgy]
        commitments:
          - {by: JA, text: Send the draft.}
        """,
}


def test_five_mistakes_of_five_kinds_are_reported_on_the_first_pass(
    cli: Cli, make_workspace: MakeWorkspace
) -> None:
    make_workspace(FIVE_MISTAKES)
    result = cli("validate", "--data", "ws", "--as-of", AS_OF)
    assert_clean_exit(result, 1)
    assert result.stderr.splitlines() == [
        "ws/meetings/m1.yaml:2:15: parties[1]: unknown counterpart 'JPN' (JPN is Japan's "
        "three-letter code; records use JP); known: TH, US",
        "ws/meetings/m1.yaml:4:9: status: unknown value 'hled'; did you mean 'held'? "
        "Use one of: held, planned, cancelled",
        "ws/meetings/m2.yaml:1:1: title: required field is missing",
        "ws/meetings/m2.yaml:4:10: agenda[0]: unknown topic 'enrgy'; did you mean 'energy'? "
        "Known: defence, energy, law-enforcement",
        "ws/meetings/m2.yaml:6:10: commitments[0].by: unknown party 'JA'; known: TH, US",
        "5 problems in the records",
    ]


def test_a_counterpart_with_a_slip_is_not_reported_again_in_its_meetings(
    cli: Cli, make_workspace: MakeWorkspace
) -> None:
    make_workspace(
        {
            "counterparts/KH.yaml": "code: KH\nname: Cambodia\nrelation: {}\n",
            "topics.yaml": "energy: {lable: Energy}\ndefence: {label: Defence}\n"
            "law-enforcement: {label: Law enforcement}\n",
            "meetings/kh.yaml": "title: T\nparties: [TH, KH]\ndate: 2025-01-01\nstatus: held\n"
            "agenda: [energy]\n",
        }
    )
    result = cli("validate", "--data", "ws", "--as-of", AS_OF)
    assert_clean_exit(result, 1)
    problems = result.stderr.splitlines()
    assert problems[-1] == "3 problems in the records", problems
    # Each slip once, where it is: KH and energy are still known to the meeting naming them.
    assert problems[:-1] == [
        "ws/counterparts/KH.yaml:3:1: relation: unknown field 'relation'; "
        "did you mean 'relations'?",
        "ws/topics.yaml:1:9: energy.label: required field is missing",
        "ws/topics.yaml:1:10: energy.lable: unknown field 'lable'; did you mean 'label'?",
    ]
