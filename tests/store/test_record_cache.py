"""The record cache (.briefgen-cache): `validate` says exactly the same with it, cold or warm,
reads again what changed, and treats any odd, foreign or hostile cache as absent."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from synth import make_workspace
from typer.testing import Result

from briefgen.store import cache as record_cache
from briefgen.store import loader as store_loader

AS_OF = "2026-01-01"
CACHE = Path(".briefgen-cache") / "records.json"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("cache") / "ws", meetings=48, counterparts=8)


@pytest.fixture
def root(tmp_path: Path, synthetic: Path) -> Path:
    copy = tmp_path / "ws"
    shutil.copytree(synthetic, copy)
    return copy


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the meeting files parsed (not taken from the cache), as they are read."""
    names: list[str] = []
    real = store_loader.load_yaml

    def load_yaml(path: Path, **options: bool) -> object:
        if path.parent.name == "meetings":
            names.append(path.name)
        return real(path, **options)

    monkeypatch.setattr(store_loader, "load_yaml", load_yaml)
    return names


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_problems(root: Path) -> None:
    """One of each kind of problem `validate` finds in a file or across files."""
    meetings = root / "meetings"
    edit(meetings / "h00001.yaml", "side: S002\n", "side: ZZ\n")  # not one of its parties
    edit(meetings / "h00002.yaml", "parties: [TH, ", "parties: [TH, JPN, ")  # alpha-3
    edit(meetings / "h00003.yaml", "  - topic: ", "  - topic: enrgy\n    summary: x\n  - topic: ")
    edit(meetings / "h00004.yaml", "id: h00004", "id: h00005")  # a duplicate id
    for name in ("h00010.yaml", "h00013.yaml"):  # a commitment id used twice
        edit(meetings / name, "\n  - by: ", "\n  - id: same-id\n    by: ")
    edit(meetings / "h00011.yaml", "status: held", "status: 12")
    with (meetings / "h00012.yaml").open("a", encoding="utf-8") as handle:
        handle.write("end_date: 2000-01-01\n")


def add_meeting_problems(root: Path) -> None:
    """What `validate` says of records that all load: warnings, and a plan made twice."""
    meetings = root / "meetings"
    with (meetings / "h00006.yaml").open("a", encoding="utf-8") as handle:
        handle.write("review: [Check the date against the source]\n")
    with (meetings / "h00007.yaml").open("a", encoding="utf-8") as handle:
        handle.write("sources:\n  - path: sources/missing.pdf\n")
    edit(meetings / "h00008.yaml", "status: held", "status: planned")  # in the past
    planned = (meetings / "s001-planned.yaml").read_text(encoding="utf-8")
    (meetings / "s001-again.yaml").write_text(
        planned.replace("id: s001-planned", "id: s001-again"), encoding="utf-8"
    )


def run(cli: Callable[..., Result], root: Path, *options: str) -> tuple[int, str, str]:
    result = cli("validate", "--data", str(root), "--as-of", AS_OF, *options)
    return result.exit_code, result.stdout, result.stderr


def test_cold_and_warm_cache_say_exactly_what_no_cache_says(
    root: Path, cli: Callable[..., Result], parsed: list[str]
) -> None:
    add_problems(root)
    without = run(cli, root, "--no-cache")
    assert not (root / ".briefgen-cache").exists()
    assert without[0] == 1
    for expected in (
        "unknown party 'ZZ'",
        "three-letter code",
        "unknown topic 'enrgy'",
        "duplicate id 'h00005'",
        "commitment id 'same-id' is already used",
        "is before the start date",
        "h00011.yaml:6:9: status:",
    ):
        assert expected in without[2], expected
    parsed.clear()
    assert run(cli, root) == without  # cold: the cache is written
    assert len(parsed) == 48
    assert (root / CACHE).is_file()
    assert (root / ".briefgen-cache" / ".gitignore").read_text() == "*\n"
    assert (
        (root / ".briefgen-cache" / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    parsed.clear()
    assert run(cli, root) == without  # warm
    # Read again: the file that did not validate, and those whose references must be placed.
    assert sorted(set(parsed)) == ["h00001.yaml", "h00002.yaml", "h00003.yaml", "h00011.yaml"]


def test_warnings_and_plans_are_the_same_from_the_cache(
    root: Path, cli: Callable[..., Result], parsed: list[str]
) -> None:
    add_meeting_problems(root)
    without = run(cli, root, "--no-cache")
    assert without[0] == 1
    for expected in (
        "1 review note left",
        "source file sources/missing.pdf is missing",
        "which has passed",
        "2 planned meetings of",
    ):
        assert expected in without[2], expected
    assert run(cli, root) == without
    parsed.clear()
    assert run(cli, root) == without
    assert parsed == []
    # Summary line, from records that all load.
    (root / "meetings" / "s001-again.yaml").unlink()
    summary = run(cli, root, "--no-cache")
    assert summary[0] == 0 and "48 meetings (" in summary[1]  # not 49: the file is gone
    assert run(cli, root) == summary
    assert run(cli, root) == summary


def test_a_clean_workspace_is_not_parsed_again(
    root: Path, cli: Callable[..., Result], parsed: list[str]
) -> None:
    first = run(cli, root)
    assert first[0] == 0, first
    parsed.clear()
    assert run(cli, root) == first
    assert parsed == []
    assert run(cli, root, "--lang", "th")[0] == 0  # the texts: every file is read
    assert len(parsed) == 48


def test_an_edited_record_is_read_again(
    root: Path, cli: Callable[..., Result], parsed: list[str]
) -> None:
    assert run(cli, root)[0] == 0
    path = root / "meetings" / "h00020.yaml"
    edit(path, "status: held", "status: hxld")  # the same size
    parsed.clear()
    edited = run(cli, root)
    assert parsed == ["h00020.yaml"]
    assert edited == run(cli, root, "--no-cache")
    assert edited[0] == 1 and "h00020.yaml" in edited[2] and "hxld" in edited[2]
    # Mended, then broken again with the mtime set back to the cached one: the size differs.
    edit(path, "status: hxld", "status: held")
    assert run(cli, root)[0] == 0
    mtime = path.stat().st_mtime_ns
    edit(path, "status: held", "status: planned-ish")
    os.utime(path, ns=(mtime, mtime))
    changed = run(cli, root)
    assert changed == run(cli, root, "--no-cache")
    assert changed[0] == 1 and "planned-ish" in changed[2]


def test_a_record_edited_to_break_a_reference_is_caught(
    root: Path, cli: Callable[..., Result]
) -> None:
    assert run(cli, root)[0] == 0
    # An edit in topics.yaml (never cached) makes a cached meeting's topic unknown.
    topics = root / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace("\nenergy:", "\nenergy-policy:", 1), encoding="utf-8")
    warm = run(cli, root)
    assert warm == run(cli, root, "--no-cache")
    assert warm[0] == 1 and "unknown topic 'energy'" in warm[2]


def test_a_deleted_record_drops_out(root: Path, cli: Callable[..., Result]) -> None:
    assert run(cli, root)[0] == 0
    (root / "meetings" / "h00030.yaml").unlink()
    assert run(cli, root)[0] == 0
    files = json.loads((root / CACHE).read_text(encoding="utf-8"))["files"]
    assert "meetings/h00031.yaml" in files and "meetings/h00030.yaml" not in files


def forged(root: Path) -> dict[str, object]:
    """The cache as written, as plain data to tamper with."""
    loaded: dict[str, object] = json.loads((root / CACHE).read_text(encoding="utf-8"))
    return loaded


ODD_CACHES: list[bytes] = [
    b"",
    b"\x00\xff garbage",
    b'{"format": 1, "files": ',
    b"[" * 50_000 + b"]" * 50_000,  # nested too deeply for the parser
    b" " * 300_000,  # larger than a cache of 48 files can be
    b'{"format": 1, "fingerprint": "x", "files": {}}',
    b'{"format": 1, "number": ' + b"9" * 5000 + b"}",
    '{"files": "\u0000"}'.encode(),
]


@pytest.mark.parametrize("content", ODD_CACHES, ids=range(len(ODD_CACHES)))
def test_a_corrupt_cache_counts_as_none(
    root: Path, cli: Callable[..., Result], parsed: list[str], content: bytes
) -> None:
    add_problems(root)
    expected = run(cli, root, "--no-cache")
    (root / CACHE).parent.mkdir()
    (root / CACHE).write_bytes(content)
    parsed.clear()
    assert run(cli, root) == expected
    assert len(parsed) == 48
    assert run(cli, root) == expected  # and the cache written in its place serves


def test_odd_entries_are_read_from_their_files(
    root: Path, cli: Callable[..., Result], parsed: list[str]
) -> None:
    assert run(cli, root)[0] == 0
    add_problems(root)
    expected = run(cli, root, "--no-cache")
    document = forged(root)
    files = document["files"]
    assert isinstance(files, dict)
    # Entries that claim the edited files unchanged, with digests no valid meeting gives.
    odd_digests: list[object] = [
        None,
        "meeting",
        [None, [1, 2], "2024-01-01", None, "held", [], [], [], [], [], []],
        [None, ["TH", "US"], "2024-13-45", None, "held", [], [], [], [], [], []],
        [None, ["TH", "US"], "2024-01-01", None, "gone", [], [], [], [], [], []],
        [None, ["TH", "US"], "2024-01-01", None, "held", [], [], [{"by": 1}], [], [], []],
        [None, ["TH", "US"], "2024-01-01", None, "held", ["a\nb"], [], [], [], [], []],
        [None, ["TH", "US"], "2024-01-01", None, "held", [], [], [], [[1]], [], []],
    ]
    for name, digest in zip(sorted(files), odd_digests * 10, strict=False):
        info = (root / name).stat()
        files[name] = [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns, digest]
    (root / CACHE).write_text(json.dumps(document), encoding="utf-8")
    parsed.clear()
    assert run(cli, root) == expected
    assert len(parsed) == 48


def test_a_cache_of_another_version_is_ignored(
    root: Path, cli: Callable[..., Result], parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(cli, root)[0] == 0
    record_cache.fingerprint.cache_clear()
    monkeypatch.setattr("briefgen.__version__", "0.0.0-other")
    try:
        parsed.clear()
        assert run(cli, root)[0] == 0
        assert len(parsed) == 48
        parsed.clear()
        assert run(cli, root)[0] == 0  # rewritten for this version
        assert parsed == []
    finally:
        record_cache.fingerprint.cache_clear()


def test_a_cache_folder_linked_out_of_the_workspace_is_neither_read_nor_written(
    root: Path, tmp_path: Path, cli: Callable[..., Result], parsed: list[str]
) -> None:
    assert run(cli, root)[0] == 0
    elsewhere = tmp_path / "elsewhere"
    (root / ".briefgen-cache").rename(elsewhere)
    (root / ".briefgen-cache").symlink_to(elsewhere, target_is_directory=True)
    before = {path.name: path.read_bytes() for path in elsewhere.iterdir()}
    parsed.clear()
    assert run(cli, root)[0] == 0
    assert len(parsed) == 48  # a cache valid in every entry, but through a link: not read
    assert {path.name: path.read_bytes() for path in elsewhere.iterdir()} == before


def test_a_cache_file_linked_elsewhere_is_not_followed(
    root: Path, tmp_path: Path, cli: Callable[..., Result], parsed: list[str]
) -> None:
    assert run(cli, root)[0] == 0
    outside = tmp_path / "outside.json"
    (root / CACHE).rename(outside)
    (root / CACHE).symlink_to(outside)
    kept = outside.read_bytes()
    parsed.clear()
    assert run(cli, root)[0] == 0
    assert len(parsed) == 48
    assert outside.read_bytes() == kept
    assert not (root / CACHE).is_symlink()  # replaced by a cache file of its own


def test_a_workspace_that_cannot_take_a_cache_still_validates(
    root: Path, cli: Callable[..., Result], parsed: list[str]
) -> None:
    (root / ".briefgen-cache").write_text("not a folder")
    first = run(cli, root)
    assert first[0] == 0 and first[2] == ""
    parsed.clear()
    assert run(cli, root) == first
    assert len(parsed) == 48


def test_the_cache_can_be_turned_off(
    root: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(record_cache.NO_CACHE_ENV, "1")
    assert run(cli, root)[0] == 0
    assert not (root / ".briefgen-cache").exists()


def test_a_meeting_rebuilt_from_its_digest_holds_what_was_read(synthetic: Path) -> None:
    from briefgen.store import load_workspace
    from briefgen.store.digest import DigestReader, digest_of

    reader = DigestReader()
    for meeting in load_workspace(synthetic).meetings:
        stored = json.loads(json.dumps(digest_of(meeting)))
        rebuilt = reader.meeting(stored, meeting.file)
        assert rebuilt is not None, meeting.file
        copy = rebuilt.meeting
        assert copy.file == meeting.file
        for name in ("parties", "date", "end_date", "status", "review"):
            assert getattr(copy, name) == getattr(meeting, name), (meeting.file, name)
        assert [s.path for s in copy.sources] == [s.path for s in meeting.sources]
        kept: dict[str, object] = {name: True for name in ("id", "by", "topic", "due", "status")}
        kept["updates"] = {"__all__": {"date", "status", "due"}}
        assert [c.model_dump(include=kept) for c in copy.commitments] == [
            c.model_dump(include=kept) for c in meeting.commitments
        ]
        with pytest.raises(AttributeError):
            _ = copy.title  # no text: for checking, never for a pack
