"""A cold `make`'s layouts started before the records are read (render/early.py): the same
pack, the same errors, and nothing left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from support import REPO, SEEDS, MakeWorkspace, group_members
from test_aside import children, needs_fork

from briefgen.build import MakeOptions, build
from briefgen.errors import RenderError
from briefgen.render.early import EarlyLayouts, start_layouts
from briefgen.render.pdf import pdf_text

TOO_TALL = """\
{% extends "layouts/brief.html.j2" %}
{% block content %}{{ super() }}<div style="height: 400mm"></div>{% endblock %}
"""


def made(folder: Path, early: EarlyLayouts | None, lang: str = "en") -> dict[str, object]:
    options = MakeOptions("US", SEEDS, folder, date(2026, 1, 1), lang=lang)
    result = build(options, early=early)
    pdfs = [f for f in result.files if f.path.suffix == ".pdf"]
    return {
        "omitted": result.omitted,
        "pages": {f.path.name: f.pages for f in result.files},
        "text": {f.path.name: pdf_text(f.path.read_bytes()) for f in pdfs},
    }


@needs_fork
@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_pack_laid_out_early_is_the_pack_laid_out_here(tmp_path: Path, lang: str) -> None:
    before = children()
    early = start_layouts()
    assert early is not None and children() - before
    assert made(tmp_path / "early", early, lang) == made(tmp_path / "here", None, lang)
    assert not children() - before


@needs_fork
def test_a_layout_child_that_dies_leaves_the_layouts_to_this_process(tmp_path: Path) -> None:
    early = start_layouts()
    assert early is not None
    os.kill(early._started._pid, signal.SIGKILL)  # type: ignore[arg-type]
    assert made(tmp_path / "early", early) == made(tmp_path / "here", None)


@needs_fork
def test_a_brief_that_cannot_fit_fails_as_here_and_leaves_no_child(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace({"templates/default/brief.html.j2": TOO_TALL})
    before = children()
    options = MakeOptions("US", root, tmp_path / "out", date(2026, 11, 1))
    with pytest.raises(RenderError, match="does not fit on one page"):
        build(options, early=start_layouts())
    assert not children() - before
    assert not (tmp_path / "out").exists()


@needs_fork
def test_an_archival_pack_is_drawn_here_and_the_early_child_ended(tmp_path: Path) -> None:
    before = children()
    options = MakeOptions("US", SEEDS, tmp_path, date(2026, 1, 1), pdf_variant="pdf/a-3b")
    result = build(options, early=start_layouts())
    assert not children() - before
    pack = next(f for f in result.files if f.path.name.endswith("_briefing-pack.pdf"))
    with pikepdf.open(pack.path) as opened:  # one drawn document, with its output intent
        assert "/OutputIntents" in opened.Root
        assert opened.open_metadata()["pdfaid:part"] == "3"


@needs_fork
@pytest.mark.parametrize(
    "arguments",
    [
        ["make", "-c", "US", "--data", "no-such-folder"],  # refused before any layout
        ["make", "-c", "ZZ", "--data", str(SEEDS)],  # refused once the records are read
        ["make", "-c", "US", "--data", str(SEEDS), "--as-of", "2026-02-30"],  # by the parser
    ],
)
def test_a_refused_make_leaves_no_child_and_no_font_folder(
    tmp_path: Path, arguments: list[str]
) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", *arguments, "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.glob("weasyprint-*")), "a child's font folder was left"
    assert not (tmp_path / "out").exists()


@needs_fork
@pytest.mark.slow
@pytest.mark.parametrize("after", [0.3, 0.7, 1.0])
def test_ctrl_c_leaves_no_process_and_no_font_folder(tmp_path: Path, after: float) -> None:
    """Ctrl-C reaches every process of the command at once: the layout child and its own
    children end at once too, and their font folders go with the main process's cleanup."""
    import time

    env = {**os.environ, "TMPDIR": str(tmp_path)}
    command = [sys.executable, "-m", "briefgen", "make", "-c", "US", "--data", str(SEEDS)]
    run = subprocess.Popen(
        [*command, "--out", str(tmp_path / "out"), "--as-of", "2026-01-01"],
        cwd=REPO,
        env=env,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(after)
    os.killpg(run.pid, signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    deadline = time.monotonic() + 5
    while group_members(run.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not group_members(run.pid), "a process of the command outlived it"
    assert "Traceback" not in stderr.decode()
    assert not list(tmp_path.glob("weasyprint-*")), "a font folder was left"
