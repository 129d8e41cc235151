"""Large workspaces: reading in worker processes, and `make` reading only what it needs."""

from __future__ import annotations

import contextlib
import gc
import shutil
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from synth import make_workspace
from typer.testing import Result

import briefgen
from briefgen import store
from briefgen.errors import DataError
from briefgen.store import load_workspace

AS_OF = "2026-01-01"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and 40 made-up meetings among five made-up counterparts."""
    return make_workspace(tmp_path_factory.mktemp("scale") / "ws", meetings=48, counterparts=8)


@pytest.fixture
def copy_of(tmp_path: Path, synthetic: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(synthetic, root)
    return root


def read_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small chunks in two worker processes, whatever the workspace's size."""
    monkeypatch.setattr(store.parallel, "_parallel_workers", lambda files: 2)
    monkeypatch.setattr(store.parallel, "PARALLEL_CHUNK", 7)


def problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_workspace(root)
    return [str(problem) for problem in caught.value.problems]


def test_workers_read_the_same_records(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = load_workspace(synthetic)
    read_in_workers(monkeypatch)
    parallel = load_workspace(synthetic)
    assert [m.model_dump() for m in parallel.meetings] == [m.model_dump() for m in alone.meetings]
    assert [m.file for m in parallel.meetings] == [m.file for m in alone.meetings]


def test_workers_report_the_same_problems_at_the_same_places(
    copy_of: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meetings = sorted((copy_of / "meetings").glob("*.yaml"))
    # A wrong type deep in one file, a YAML error in another, an unknown field in a third:
    # the places of the first and third come from the text, read again only for them.
    first = meetings[3].read_text(encoding="utf-8").replace("status: held", "status: 12", 1)
    meetings[3].write_text(first, encoding="utf-8")
    meetings[20].write_text("title: [Talks\nparties: [TH, US]\n", encoding="utf-8")
    with meetings[-1].open("a", encoding="utf-8") as handle:
        handle.write("colour: blue\n")
    alone = problems(copy_of)
    read_in_workers(monkeypatch)
    assert problems(copy_of) == alone
    assert len(alone) == 3
    assert all(problem.split(":")[1].isdigit() for problem in alone), alone  # with its line


def test_workers_leave_links_to_the_main_process(
    copy_of: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A link to a meeting kept elsewhere in the workspace is read; one to a file outside
    # it is refused, whichever process comes upon it first.
    meetings = sorted((copy_of / "meetings").glob("*.yaml"))
    kept = copy_of / "kept"
    kept.mkdir()
    inside = meetings[10]
    inside.rename(kept / inside.name)
    inside.symlink_to(kept / inside.name)
    outside = meetings[30]
    outside.rename(tmp_path / outside.name)
    outside.symlink_to(tmp_path / outside.name)
    alone = problems(copy_of)
    read_in_workers(monkeypatch)
    assert problems(copy_of) == alone
    assert len(alone) == 1 and alone[0].endswith(
        f"{outside.name}: file is a link to a file outside the workspace; refused"
    ), alone
    outside.unlink()
    assert inside.stem in [m.key for m in load_workspace(copy_of).meetings]


def test_make_reads_only_the_meetings_that_name_the_counterpart(
    copy_of: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    # S003's meetings never name US: a mistake in one holds up neither make nor its pack.
    broken = next(
        path
        for path in sorted((copy_of / "meetings").glob("*.yaml"))
        if "S003" in path.read_text(encoding="utf-8")
        and "US" not in path.read_text(encoding="utf-8")
    )
    broken.write_text(broken.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    args = ["--data", str(copy_of), "--as-of", AS_OF]
    made = cli("make", "--counterpart", "United States", "--out", str(tmp_path / "us"), *args)
    assert made.exit_code == 0, made.output
    assert len(list((tmp_path / "us").glob("*.pdf"))) == 4
    checked = cli("validate", *args)
    assert checked.exit_code == 1
    assert f"{broken.name}:" in checked.output and "colour" in checked.output
    # ... while the pack for S003 reads that file, and stops on it.
    failed = cli("make", "--counterpart", "s003", "--out", str(tmp_path / "s003"), *args)
    assert failed.exit_code == 1
    assert f"{broken.name}:" in failed.output and "colour" in failed.output


@pytest.mark.parametrize(
    "written",
    [
        "parties: [TH, us]",  # any case: codes are upper-cased when read
        "parties: ['TH', \"US\"]",
        "parties:\n  - TH\n  - US",
        "parties: [TH,US]",
    ],
)
def test_any_way_of_writing_the_code_is_found(
    make_workspace: Callable[..., Path], written: str
) -> None:
    meeting = f"title: Talks\ndate: 2025-01-10\nstatus: held\n{written}\n"
    root = make_workspace({"meetings/2025-01-10-talks.yaml": meeting})
    loaded = load_workspace(root, naming=["US"])
    assert "2025-01-10-talks" in [m.key for m in loaded.meetings]


def test_a_meeting_named_by_its_file_is_read(copy_of: Path) -> None:
    path = next(p for p in sorted((copy_of / "meetings").glob("*.yaml")) if "S002" in p.read_text())
    loaded = load_workspace(copy_of, naming=["US", path.stem])
    assert path.stem in [m.key for m in loaded.meetings]
    assert path.stem not in [m.key for m in load_workspace(copy_of, naming=["US"]).meetings]


def test_an_unknown_counterpart_reads_everything(copy_of: Path) -> None:
    assert len(load_workspace(copy_of, naming=["Atlantis"]).meetings) == len(
        load_workspace(copy_of).meetings
    )


# -- the cycle collector around loading ------------------------------------------------------


def _loaders_alive() -> int:
    return sum(isinstance(o, store.Loader) for o in gc.get_objects())


def _load_quietly(root: Path) -> None:
    with contextlib.suppress(DataError):
        load_workspace(root)


def test_a_failed_load_leaves_nothing_for_the_cycle_collector(copy_of: Path) -> None:
    # A file the main process reads itself (a small workspace's, or a link) and cannot
    # parse must not keep the loader, and every file's text, alive through a cycle.
    meetings = sorted((copy_of / "meetings").glob("*.yaml"))
    meetings[0].write_text("title: [broken\n", encoding="utf-8")
    gc.collect()
    gc.disable()
    try:
        _load_quietly(copy_of)
        assert _loaders_alive() == 0
    finally:
        gc.enable()


def test_a_worker_that_could_not_read_a_file_says_so(copy_of: Path) -> None:
    loader = store.Loader(copy_of)
    path = copy_of / "meetings" / "unreadable.yaml"
    loader.prefetched[path] = ("os", "Permission denied")
    assert loader.read(path) is None
    assert [str(p) for p in loader.problems] == [f"{path}: Permission denied"]


def test_only_the_command_line_freezes_what_it_loaded(
    synthetic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Cycle:
        pass

    before = Cycle()
    before.me = before  # type: ignore[attr-defined]
    left = weakref.ref(before)
    del before
    load_workspace(synthetic)  # as a library: nothing frozen
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert left() is None
    monkeypatch.setattr(briefgen, "SHORT_LIVED_PROCESS", True)
    try:
        loaded = load_workspace(synthetic)
        assert gc.get_freeze_count() > 0
        assert loaded.meetings
    finally:
        gc.unfreeze()
