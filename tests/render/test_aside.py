"""Work done aside in a forked child (render/aside.py): its value, its errors, and no child
left behind when the pack fails."""

from __future__ import annotations

import os
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from support import MakeWorkspace

from briefgen.build import MakeOptions, build
from briefgen.errors import RenderError
from briefgen.render.aside import Inbox, aside, forks
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


@needs_fork
def test_work_receives_what_is_sent_once_it_is_known() -> None:
    parent, inbox = os.getpid(), Inbox()
    started = aside(lambda: (os.getpid(), inbox.receive() * 2), inbox)
    time.sleep(0.05)  # the child waits for it meanwhile
    inbox.send("ab")
    child, value = started.result()
    assert child != parent and value == "abab"


@needs_fork
def test_another_child_holding_the_pipe_keeps_no_one_waiting() -> None:
    """A child forked after the inbox's (and before the send) inherits no way to hold it."""
    inbox = Inbox()
    waiting = aside(lambda: (inbox.receive(), time.monotonic()), inbox)
    other = aside(lambda: time.sleep(30))
    try:
        sent = time.monotonic()
        inbox.send("x" * 300_000)  # more than a pipe holds by default
        value, received = waiting.result()
        assert value == "x" * 300_000 and received - sent < 10
    finally:
        other.cancel()


@needs_fork
def test_work_that_fails_in_the_child_is_done_here_with_what_was_sent() -> None:
    parent, inbox = os.getpid(), Inbox()

    def work() -> str:
        if os.getpid() != parent:
            os._exit(3)  # the child dies before it answers
        return str(inbox.receive())

    started = aside(work, inbox)
    inbox.send("sent")
    assert started.result() == "sent"


@needs_fork
def test_work_waiting_for_what_never_comes_is_ended_by_cancel() -> None:
    before, inbox = children(), Inbox()
    started = aside(inbox.receive, inbox)
    assert children() - before
    started.cancel()
    assert not children() - before
    inbox.send("late")  # the pipe is closed: nothing to write to, and no error


@needs_fork
def test_a_child_forked_before_weasyprint_removes_its_own_font_folder(tmp_path: Path) -> None:
    """A child forked before this process made its font configuration (a cold `make`)
    makes its own, in a folder of its own, and removes it as it leaves."""
    import subprocess
    import sys

    script = textwrap.dedent(
        """
        from pathlib import Path
        from briefgen.render.aside import aside
        from briefgen.render.engine import font_config
        from briefgen.render.page import font_faces, sarabun_dir
        from briefgen.render.pdf import render_pdf
        from briefgen.render.resources import ResourcePolicy

        def lay_out():
            html = f"<style>{font_faces('Sarabun')}</style><p style='font-family: Sarabun'>ไทย</p>"
            policy = ResourcePolicy(roots=[sarabun_dir()])
            render_pdf(html, base_url=sarabun_dir(), policy=policy).write()
            return font_config()._folder

        print(aside(lay_out).result())
        """
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip())
    assert folder.parent == tmp_path and folder.name.startswith("weasyprint-")
    assert not folder.exists() and not list(tmp_path.glob("weasyprint-*"))


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
