"""`briefgen list` in an ordinary terminal: ids whole, counts as the pack counts them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

MakeWorkspace = Callable[..., Path]
Cli = Callable[..., Result]

HELD = "title: T\nparties: [TH, US]\ndate: 2024-02-28\nstatus: held\n"
PLANNED = (
    "title: T\nparties: [TH, US]\ndate: 2026-12-18\nstatus: planned\n"
    "commitments:\n  - {by: US, text: Sign the memorandum.}\n"
    "  - {by: TH, text: Host the next round.}\n"
)


def _cells(stdout: str, column: int) -> list[str]:
    return [line.split("│")[column].strip() for line in stdout.splitlines() if "│" in line]


def test_ids_are_never_cut_in_an_80_column_terminal(
    cli: Cli, make_workspace: MakeWorkspace
) -> None:
    long_ids = {
        "meetings/2024-11-08-th-us-senior-officials.yaml": HELD,
        "meetings/2026-12-18-th-us-joint-commission.yaml": PLANNED,
    }
    make_workspace(long_ids)
    env = {"COLUMNS": "80"}
    # Less important columns give way (Meetings, Name, then Last), never the ids.
    result = cli("list", "--data", "ws", "--as-of", "2026-12-06", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:4] == [
        "┏━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━━━━┓",
        "┃ Code ┃ Next                    ┃ Open ┃ Overdue ┃",
        "┡━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━━━━┩",
    ]
    assert "2026-12-10-th-us-2plus2" in _cells(result.stdout, 2)
    result = cli("list", "--meetings", "--data", "ws", "--as-of", "2026-12-06", env=env)
    assert result.exit_code == 0, result.output
    assert max(map(len, result.stdout.splitlines())) <= 80
    ids = [cell for cell in _cells(result.stdout, 1) if cell]
    assert ids == [
        "2024-02-28-th-us-2plus2",
        "2024-11-08-th-us-senior-officials",
        "2026-12-10-th-us-2plus2",
        "2026-12-18-th-us-joint-commission",
    ]
    # With room, every column is shown.
    wide = cli("list", "--meetings", "--data", "ws", "--as-of", "2026-12-06")
    assert "┃ Id " in wide.stdout and "┃ Parties ┃ Title " in wide.stdout, wide.stdout


def test_list_counts_only_commitments_a_pack_counts(
    cli: Cli, make_workspace: MakeWorkspace
) -> None:
    # The planned meeting's commitments are not yet made: a pack made today leaves them out,
    # and so does list (2 open of the spec's held meeting, not 4).
    make_workspace({"meetings/planned.yaml": PLANNED})
    result = cli("list", "--data", "ws", "--as-of", "2026-12-06")
    assert result.exit_code == 0, result.output
    us_row = next(line for line in result.stdout.splitlines() if line.startswith("│ US"))
    assert _cells(us_row, 6) == ["2"], us_row
