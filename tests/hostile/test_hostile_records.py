"""Hostile input, round two: record files and the Word reference document.

Each case runs `python -m briefgen` as its own process on a generated input (a sparse file, a
zip bomb), measured as test_hostile_budgets measures its cases: exit 0 or 1 within 60 s,
under 1 GB across the run's processes, no traceback, no temporary file left, nothing changed
outside out/. Files are compared by size and time, never read: one of them is 2 GiB.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from test_hostile_budgets import (
    AS_OF,
    HARD_SECONDS,
    MAX_RSS_BYTES,
    REPO,
    SPEC,
    Run,
    run_measured,
    subprocess_env,
)

pytestmark = pytest.mark.slow

REFERENCE = REPO / "templates" / "default" / "reference.docx"


def _state(root: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if Path(folder, d) != root / "out"]
        for name in files:
            info = Path(folder, name).lstat()
            found[str(Path(folder, name).relative_to(root))] = (info.st_size, info.st_mtime_ns)
    return found


def _run(root: Path, tmp_path: Path, *args: str) -> Run:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    before = _state(root)
    command = [sys.executable, "-m", "briefgen", *args, "--data", "ws"]
    if args[0] == "make":
        command += ["--out", "out", "--as-of", AS_OF]
    run = run_measured(command, root, subprocess_env(tmpdir), HARD_SECONDS + 30)
    assert run.code in (0, 1), run.output
    assert "Traceback" not in run.output, run.output
    assert run.seconds < HARD_SECONDS, f"{run.seconds:.1f} s"
    assert run.peak_rss < MAX_RSS_BYTES, f"{run.peak_rss / 1024**2:.0f} MB"
    assert not list(tmpdir.iterdir()), "temporary files left in $TMPDIR"
    if (root / "out").is_dir():
        assert not [p for p in (root / "out").iterdir() if p.name.startswith(".")]
    assert _state(root) == before, "files changed outside out/"
    return run


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "case"
    shutil.copytree(SPEC, root / "ws")
    return root


@pytest.mark.parametrize("command", ["make -c US", "validate"])
def test_a_sparse_2_gib_record_is_refused_before_it_is_read(command: str, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    with open(root / "ws" / "meetings" / "zz.yaml", "wb") as sparse:
        sparse.truncate(2 * 1024**3)
    run = _run(root, tmp_path, *command.split())
    assert run.code == 1
    assert "ws/meetings/zz.yaml:1:1: file is 2048.0 MB; a record file may be at most 2 MB" in (
        run.output
    )
    assert run.peak_rss < 300 * 1024**2, f"{run.peak_rss / 1024**2:.0f} MB"
    assert not (root / "out").exists()
