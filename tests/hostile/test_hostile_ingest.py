"""Hostile input, round two, for `briefgen ingest`: a record's file name in the way, a huge or
sparse source, a source whose text is long, and meetings/ or sources/ linked out of the
workspace. Each case runs as its own process, measured as in test_hostile_budgets.py: exit 0
or 1 within 60 s, under 1 GB, no traceback, no temporary file left, nothing written outside
the workspace."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

import pytest
from harness import snapshot
from support import REPO, TESTS
from test_hostile_budgets import (
    HARD_SECONDS,
    MAX_RSS_BYTES,
    Run,
    run_measured,
    subprocess_env,
)

SEEDS = REPO / "seeds"
SEED_000 = SEEDS / "sources" / "000_ce9630ee43b4428e.txt"
SPEC = TESTS / "fixtures" / "spec"

pytestmark = pytest.mark.slow


def workspace(root: Path) -> Path:
    """Counterparts and topics, no meetings or sources."""
    ws = root / "ws"
    shutil.copytree(SEEDS / "counterparts", ws / "counterparts")
    shutil.copy(SEEDS / "topics.yaml", ws / "topics.yaml")
    (ws / "meetings").mkdir()
    return ws


def ingest(root: Path, *args: str) -> Run:
    tmpdir = root / "tmp"
    tmpdir.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "briefgen", "ingest", *args, "--data", "ws"]
    run = run_measured(command, root, subprocess_env(tmpdir), HARD_SECONDS + 30)
    assert run.code in (0, 1), run.output
    assert "Traceback" not in run.output, run.output
    assert run.seconds < HARD_SECONDS, f"took {run.seconds:.1f} s"
    assert run.peak_rss < MAX_RSS_BYTES, f"held {run.peak_rss / 1024**2:.0f} MB"
    assert not list(tmpdir.iterdir()), os.listdir(tmpdir)
    return run


def test_a_record_under_the_chosen_name_is_never_overwritten(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    chosen = ingest(tmp_path, str(SEED_000), "--dry-run").output
    name = next(line[4:] for line in chosen.splitlines() if line.startswith("id: "))
    other = SEEDS / "meetings" / "2022-05-09-th-us-2plus2.yaml"  # another record, renamed
    shutil.copy(other, ws / "meetings" / f"{name}.yaml")
    run = ingest(tmp_path, str(SEED_000))
    assert run.code == 0, run.output
    assert f"Wrote ws/meetings/{name}-2.yaml\n" in run.output
    assert (ws / "meetings" / f"{name}.yaml").read_bytes() == other.read_bytes()
    assert not [p for p in (ws / "meetings").iterdir() if p.name.startswith(".")]


def test_a_sparse_source_of_3_gib_is_refused_unread(tmp_path: Path) -> None:
    workspace(tmp_path)
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:
        handle.truncate(3 * 1024**3)
    run = ingest(tmp_path, "huge.txt", "-c", "US")
    assert run.code == 1
    assert run.output.endswith("huge.txt: file is 3,072.0 MB; a source may be at most 5 MB\n")
    assert run.peak_rss < 200 * 1024**2


@pytest.mark.parametrize("folder", ["meetings", "sources"])
def test_a_folder_linked_out_of_the_workspace_is_refused(tmp_path: Path, folder: str) -> None:
    ws = workspace(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    if folder == "meetings":
        (ws / "meetings").rmdir()
    (ws / folder).symlink_to(outside)
    before = snapshot(tmp_path, {tmp_path / "tmp"})
    run = ingest(tmp_path, str(SEED_000))
    assert run.code == 1
    assert run.output.endswith(
        f"ws/{folder} is a link to {outside}, outside the workspace: ingest writes only inside "
        "the workspace, so nothing was written\n"
    )
    assert snapshot(tmp_path, {tmp_path / "tmp"}) == before


def _page(size: int) -> str:
    """A saved page of `size` bytes: the seed release's paragraphs, over and over."""
    paragraphs = [f"<p>{p}</p>\n" for p in SEED_000.read_text("utf-8").splitlines() if p.strip()]
    body, length = [], 0
    while length < size:
        for paragraph in paragraphs:
            body.append(paragraph)
            length += len(paragraph.encode())
    return f"<html><head><title>Release</title></head><body>{''.join(body)}</body></html>"


@pytest.mark.parametrize(
    "name, text",
    [
        ("page-4.9mb.html", _page(4_900_000)),
        ("a-2.4m.txt", "a " * 2_400_000),
    ],
    ids=["html-4.9-mb", "plain-a-2.4m"],
)
def test_a_long_source_ends_in_time(tmp_path: Path, name: str, text: str) -> None:
    workspace(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    before = snapshot(tmp_path, {tmp_path / "tmp"})
    run = ingest(tmp_path, name, "-c", "US")
    assert run.code == 1
    assert f"{name}: the text is " in run.output
    assert "characters; a press release may be at most 200,000 (cut the page" in run.output
    assert run.seconds < 20, f"took {run.seconds:.1f} s"
    assert snapshot(tmp_path, {tmp_path / "tmp"}) == before


def test_a_link_under_the_source_copys_name_is_not_written_through(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    outside = tmp_path / "outside.txt"  # not there yet: a dangling link
    digest = hashlib.sha256(SEED_000.read_bytes()).hexdigest()[:16]
    (ws / "sources").mkdir()
    (ws / "sources" / f"000_{digest}.txt").symlink_to(outside)
    run = ingest(tmp_path, str(SEED_000))
    assert run.code == 0, run.output
    assert f"Wrote ws/sources/001_{digest}.txt\n" in run.output
    assert not outside.exists()
    assert (ws / "sources" / f"001_{digest}.txt").read_bytes() == SEED_000.read_bytes()


def test_a_page_just_under_the_text_cap_is_read_in_time(tmp_path: Path) -> None:
    workspace(tmp_path)
    (tmp_path / "page.html").write_text(_page(200_000), encoding="utf-8")
    before = snapshot(tmp_path, {tmp_path / "tmp"})
    run = ingest(tmp_path, "page.html", "-c", "US", "--dry-run")
    assert run.code == 0, run.output
    assert "Dry run: would write ws/meetings/" in run.output
    assert run.seconds < 30, f"took {run.seconds:.1f} s"
    assert snapshot(tmp_path, {tmp_path / "tmp"}) == before
