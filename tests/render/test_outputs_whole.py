"""A pack's files change together or not at all (briefgen/outputs.py), without a renderer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen import outputs
from briefgen.errors import RenderError
from briefgen.outputs import INCOMPLETE_MARKER, pack_is_incomplete, write_pack

NAMES = [f"{i}.pdf" for i in range(7)]


def pack(version: str) -> dict[str, bytes]:
    return {name: f"{version} {name}".encode() for name in NAMES}


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_rename_that_fails_puts_the_earlier_files_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pack(tmp_path, pack("old"))
    calls = []
    real_replace = os.replace

    def failing(source: str | Path, target: str | Path) -> None:
        calls.append(target)
        if len(calls) == 4:  # three files are already new
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(outputs.os, "replace", failing)
    with pytest.raises(RenderError, match="the earlier files are unchanged"):
        write_pack(tmp_path, pack("new"))
    monkeypatch.undo()
    assert files(tmp_path) == pack("old")  # nothing else: no marker, no temporary
    assert not pack_is_incomplete(tmp_path)


def test_a_run_killed_between_renames_is_detected(tmp_path: Path) -> None:
    write_pack(tmp_path, pack("old"))
    (tmp_path / INCOMPLETE_MARKER).write_text("\n".join(NAMES))  # as a SIGKILL leaves it
    assert pack_is_incomplete(tmp_path)
    write_pack(tmp_path, pack("new"))
    assert not pack_is_incomplete(tmp_path)
    assert files(tmp_path) == pack("new")


def test_a_folder_in_the_way_is_found_before_anything_is_written(tmp_path: Path) -> None:
    write_pack(tmp_path, pack("old"))
    (tmp_path / NAMES[3]).unlink()
    (tmp_path / NAMES[3]).mkdir()
    with pytest.raises(RenderError, match=r"3\.pdf is a folder; move it away"):
        write_pack(tmp_path, pack("new"))
    assert {k: v for k, v in files(tmp_path).items() if k != NAMES[3]} == {
        k: v for k, v in pack("old").items() if k != NAMES[3]
    }
