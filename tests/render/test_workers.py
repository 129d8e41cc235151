"""Layout workers kept by a long-running process (render/workers.py): the same pack as
children forked for it, workers reused from pack to pack, a worker that fails or is gone
leaving its work to this process, and nothing left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from support import REPO, SEEDS, MakeWorkspace
from test_aside import children, needs_fork

from briefgen.build import BuildResult, MakeOptions, build
from briefgen.errors import RenderError
from briefgen.render import jobs, workers
from briefgen.render.pdf import pdf_text

TOO_TALL = """\
{% extends "layouts/brief.html.j2" %}
{% block content %}{{ super() }}<div style="height: 400mm"></div>{% endblock %}
"""

# The annex shows a picture from outside the workspace: the policy refuses it.
ANNEX_OUTSIDE = """\
{% extends "layouts/annex.html.j2" %}
{% block content %}<img src="file:///etc/hostname">{{ super() }}{% endblock %}
"""


@pytest.fixture
def kept() -> Iterator[workers.Workers]:
    workers.keep()
    pool = workers.kept()
    assert pool is not None
    yield pool
    workers.close()


def make(folder: Path, data: Path = SEEDS, lang: str = "en") -> BuildResult:
    return build(MakeOptions("US", data, folder, date(2026, 1, 1), lang=lang))


def seen(result: BuildResult) -> dict[str, object]:
    """What a reader gets of a pack: its files, their pages and text, and the notes."""
    pdfs = [f for f in result.files if f.path.suffix == ".pdf"]
    return {
        "pages": {f.path.name: f.pages for f in result.files},
        "text": {f.path.name: pdf_text(f.path.read_bytes()) for f in pdfs},
        "docx": sorted(f.path.name for f in result.files if f.path.suffix == ".docx"),
        "notes": result.notes(),
    }


def pids(pool: workers.Workers) -> list[int | None]:
    return [worker.pid for worker in pool.workers]


@needs_fork
@pytest.mark.parametrize("lang", ["en", "th"])
def test_workers_make_the_pack_forked_children_make_and_stay(
    tmp_path: Path, lang: str, kept: workers.Workers
) -> None:
    workers.close()  # forked children first, as a process that keeps no workers
    expected = seen(make(tmp_path / "forked", lang=lang))
    workers.keep()
    pool = workers.kept()
    assert pool is not None
    assert seen(make(tmp_path / "first", lang=lang)) == expected
    started = pids(pool)
    assert all(started) and set(started) <= children()
    assert seen(make(tmp_path / "second", lang=lang)) == expected
    assert pids(pool) == started  # the same workers, not new ones


@needs_fork
def test_what_the_policy_refuses_in_a_worker_is_reported_once(
    make_workspace: MakeWorkspace, tmp_path: Path, kept: workers.Workers
) -> None:
    root = make_workspace({"templates/default/annex.html.j2": ANNEX_OUTSIDE})
    workers.close()
    expected = make(tmp_path / "forked", root).notes()
    assert any("/etc/hostname" in note for note in expected)
    workers.keep()
    assert make(tmp_path / "workers", root).notes() == expected


@needs_fork
def test_a_worker_gone_between_packs_leaves_its_work_here_and_is_replaced(
    tmp_path: Path, kept: workers.Workers
) -> None:
    expected = seen(make(tmp_path / "first"))
    gone = kept.workers[0].pid
    assert gone is not None
    os.kill(gone, signal.SIGKILL)
    os.waitpid(gone, 0)  # reaped, as a worker ended by anything else would be
    assert seen(make(tmp_path / "after")) == expected
    assert seen(make(tmp_path / "later")) == expected
    assert kept.workers[0].pid not in (None, gone)


@needs_fork
def test_a_job_that_fails_in_a_worker_is_done_here_and_the_worker_replaced(
    tmp_path: Path, kept: workers.Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = seen(make(tmp_path / "first"))
    workers.close()

    class Failing:
        def __init__(self, *args: object) -> None:
            raise RenderError("failed in the worker")

    # Workers forked from now on fail every job (which makes a renderer of its own there);
    # this process does each job with the pack's own renderer.
    monkeypatch.setattr(jobs, "PackRenderer", Failing)
    workers.keep()
    pool = workers.kept()
    assert pool is not None
    assert seen(make(tmp_path / "failed")) == expected
    assert pids(pool) == [None, None]  # a worker that failed a job is not used again
    assert seen(make(tmp_path / "again")) == expected


@needs_fork
def test_a_pack_that_fails_ends_its_busy_workers_and_leaves_nothing(
    make_workspace: MakeWorkspace, tmp_path: Path, kept: workers.Workers
) -> None:
    make(tmp_path / "first")  # workers started
    busy = set(pids(kept))
    root = make_workspace({"templates/default/brief.html.j2": TOO_TALL})
    with pytest.raises(RenderError, match="does not fit on one page"):
        make(tmp_path / "out", root)
    assert not (tmp_path / "out").exists()
    # Both workers were at the pack's jobs when the brief failed: both ended, and their
    # font folders removed with them.
    assert pids(kept) == [None, None]
    assert not busy & children()
    assert not _worker_font_folders()


def _worker_font_folders() -> list[Path]:
    """Font folders made for children inside this process's own (render/engine.py)."""
    from briefgen.render.engine import font_config

    folder = getattr(font_config(), "_folder", None)
    return [] if folder is None else [p for p in Path(folder).iterdir() if p.is_dir()]


@needs_fork
def test_a_pack_interrupted_while_waiting_for_a_worker_ends_it(
    tmp_path: Path, kept: workers.Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = seen(make(tmp_path / "first"))

    def interrupted(self: workers.Worker, job: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(workers.Worker, "answer", interrupted)
        with pytest.raises(KeyboardInterrupt):
            make(tmp_path / "out")
    assert pids(kept) == [None, None]  # mid-answer, perhaps: not to be read again
    assert seen(make(tmp_path / "after")) == expected


@needs_fork
def test_jobs_and_answers_larger_than_a_pipe_holds(
    make_workspace: MakeWorkspace, tmp_path: Path, kept: workers.Workers
) -> None:
    """A worker's second job (the DOCX files, with both documents' HTML) and its first
    answer (the talking points' HTML and PDF) each larger than a pipe's 64 KiB."""
    picture = tmp_path / "noise.png"
    from PIL import Image

    Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3)).save(picture)
    root = make_workspace(
        {
            "noise.png": picture.read_bytes(),
            "templates/default/talking-points.html.j2": (
                '{% extends "layouts/talking-points.html.j2" %}{% block content %}'
                '<img src="noise.png" style="width: 30mm">{{ super() }}{% endblock %}'
            ),
            "templates/default/annex.html.j2": (
                '{% extends "layouts/annex.html.j2" %}{% block content %}<!-- '
                + "x" * 80_000
                + " -->{{ super() }}{% endblock %}"
            ),
        }
    )
    workers.close()
    expected = seen(make(tmp_path / "forked", root))
    workers.keep()
    made: list[dict[str, object]] = []
    run = threading.Thread(target=lambda: made.append(seen(make(tmp_path / "big", root))))
    run.start()
    run.join(timeout=60)
    stuck = run.is_alive()
    workers.close()  # a stuck pack's pipes end with its workers
    run.join(timeout=10)
    assert not stuck, "the pack waited on a pipe nobody read"
    assert made == [expected]


@needs_fork
def test_packs_made_by_two_threads_at_once_share_the_workers(
    tmp_path: Path, kept: workers.Workers
) -> None:
    expected = seen(make(tmp_path / "first"))
    workers.close()
    workers.keep()
    made: dict[int, dict[str, object]] = {}
    start = threading.Barrier(2)

    def pack(number: int) -> None:
        start.wait()
        made[number] = seen(make(tmp_path / f"thread-{number}"))

    threads = [threading.Thread(target=pack, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert made == {1: expected, 2: expected}


@needs_fork
def test_a_worker_holds_no_end_of_another_workers_pipes_and_no_run_limit(
    tmp_path: Path, kept: workers.Workers
) -> None:
    import resource

    make(tmp_path / "first")  # forked inside the pack's run, with its memory limit
    make(tmp_path / "second")
    first, second = kept.workers
    assert first.pid is not None and second.pid is not None
    for worker, other in ((first, second), (second, first)):
        held = {os.readlink(f) for f in Path(f"/proc/{worker.pid}/fd").iterdir()}
        assert os.readlink(f"/proc/self/fd/{other.jobs}") not in held
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    for worker in kept.workers:
        line = next(
            line
            for line in Path(f"/proc/{worker.pid}/limits").read_text().splitlines()
            if line.startswith("Max address space")
        )
        soft = line.split()[3]
        assert soft == ("unlimited" if limit == resource.RLIM_INFINITY else str(limit))


@needs_fork
def test_a_worker_is_replaced_after_its_jobs(
    tmp_path: Path, kept: workers.Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "JOBS_PER_WORKER", 1)
    make(tmp_path / "first")
    started = pids(kept)
    make(tmp_path / "second")
    assert all(pids(kept)) and not set(pids(kept)) & set(started)


WORKERS_THEN_GONE = """
import os, sys
from datetime import date
from pathlib import Path
from briefgen.build import MakeOptions, build
from briefgen.render import workers
options = MakeOptions("US", Path(sys.argv[1]), Path(sys.argv[2]), date(2026, 1, 1))
build(options)  # WeasyPrint loaded: the next pack's documents go to workers
workers.keep()
build(options)
print(" ".join(str(worker.pid) for worker in workers.kept().workers), flush=True)
os._exit(0)  # no exit handler: the workers must see their pipes end
"""


@needs_fork
def test_workers_end_with_their_process_however_it_ends(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", WORKERS_THEN_GONE, str(SEEDS), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    left = [int(pid) for pid in done.stdout.split()]
    assert len(left) == 2
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in left):
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in left)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
    except OSError:
        return False
    return state != "Z"
