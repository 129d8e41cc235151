"""Work done aside in a forked child (render/aside.py): its value, its errors, and no child
left behind when the pack fails."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from support import MakeWorkspace

from briefgen.build import MakeOptions, build
from briefgen.errors import RenderError
from briefgen.render.aside import aside, forks
from briefgen.render.engine import font_config

needs_fork = pytest.mark.skipif(not forks(), reason="work is done aside only on Linux with 2 CPUs")


def children() -> set[int]:
    """The process ids of this process's children (of all its threads)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return found


@needs_fork
def test_the_value_comes_from_a_child() -> None:
    assert aside(os.getpid).result() != os.getpid()


def test_an_error_in_the_work_is_raised_here() -> None:
    started = aside(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        started.result()


@needs_fork
def test_cancel_ends_the_child() -> None:
    before = children()
    started = aside(lambda: time.sleep(60))
    assert children() - before
    started.cancel()
    assert not children() - before
    started.cancel()  # twice is harmless


# Content no drop can shorten: the brief cannot be fitted to one page.
TOO_TALL = """\
{% extends "layouts/brief.html.j2" %}
{% block content %}{{ super() }}<div style="height: 400mm"></div>{% endblock %}
"""


def test_a_pack_that_fails_leaves_no_child_behind(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace({"templates/default/brief.html.j2": TOO_TALL})
    before, folders = children(), font_folders()
    options = MakeOptions("US", root, tmp_path / "out", date(2026, 11, 1))
    with pytest.raises(RenderError, match="does not fit on one page"):
        build(options)
    assert not children() - before
    assert font_folders() - folders <= {getattr(font_config(), "_folder", None)}
    assert not (tmp_path / "out").exists()


def font_folders() -> set[Path]:
    """WeasyPrint's folders of @font-face files: this process's, and any a child left."""
    return set(Path(tempfile.gettempdir()).glob("weasyprint-*"))


@needs_fork
def test_the_process_that_lays_out_never_imports_python_docx(tmp_path: Path) -> None:
    """The DOCX files are made by children (one started before WeasyPrint is imported, one
    once the brief is fitted), so the process fitting the brief never pays for python-docx;
    the files are there all the same."""
    import subprocess
    import sys

    from support import REPO, SEEDS

    script = (
        "import sys; from datetime import date; from pathlib import Path\n"
        "from briefgen.build import MakeOptions, build\n"
        f"result = build(MakeOptions('US', Path({str(SEEDS)!r}), Path({str(tmp_path)!r}),"
        " date(2026, 1, 1)))\n"
        "print(sorted(f.path.suffix for f in result.files), 'docx' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == f"{['.docx'] * 3 + ['.pdf'] * 4} False"
    assert len(list(tmp_path.glob("*.docx"))) == 3
