"""The page footer of a marked pack as printed: the ministry and unit are never broken inside a
name, whatever their length beside the centred marking."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pack_helpers import check_ran, run_cli
from support import TESTS

SPEC = TESTS / "fixtures" / "spec"
MINISTRY = "Ministry of Foreign Affairs of Thailand"


def _bottom_lines(pdf: Path) -> list[str]:
    """The last lines of page 1, as laid out."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()][-3:]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("unit", "marking", "expected"),
    [
        # Too long beside the marking: the unit takes a line of its own, whole.
        (
            "Department of East Asian Affairs",
            "confidential",
            [MINISTRY, "Department of East Asian Affairs", "CONFIDENTIAL Page 1 of 1"],
        ),
        # Room enough, or no marking: one line, as before.
        ("ASEAN", "confidential", [f"{MINISTRY} · ASEAN CONFIDENTIAL Page 1 of 1"]),
        (
            "Department of East Asian Affairs",
            "none",
            [f"{MINISTRY} · Department of East Asian Affairs Page 1 of 1"],
        ),
    ],
)
def test_the_footer_breaks_only_between_ministry_and_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unit: str, marking: str, expected: list[str]
) -> None:
    shutil.copytree(SPEC, tmp_path / "ws")
    (tmp_path / "ws/briefgen.yaml").write_text(f"unit: {unit}\nministry: mfa\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ("-c", "US", "--data", "ws", "--as-of", "2024-06-01", "--out", "out")
    check_ran(run_cli("make", *args, "--classification", marking))
    brief = next((tmp_path / "out").glob("*_background-brief.pdf"))
    lines = _bottom_lines(brief)
    assert lines[-len(expected) :] == expected, lines
