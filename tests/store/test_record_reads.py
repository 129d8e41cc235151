"""Every read of a record file goes through one size-checked reader (yamlio.read_record_bytes)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from briefgen.errors import DataError
from briefgen.store import load_workspace
from briefgen.yamlio import MAX_FILE_BYTES, YamlProblem, read_record_bytes


def test_an_oversized_file_is_refused_by_its_size(tmp_path: Path) -> None:
    sparse = tmp_path / "big.yaml"
    with open(sparse, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(YamlProblem, match=r"file is 2\.0 MB; a record file may be at most 2 MB"):
        read_record_bytes(sparse)


def test_a_link_is_refused_where_it_must_not_be_followed(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("a: 1\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    assert read_record_bytes(tmp_path / "link.yaml") == b"a: 1\n"
    with pytest.raises(OSError) as refused:
        read_record_bytes(tmp_path / "link.yaml", follow_links=False)
    assert refused.value.errno == errno.ELOOP


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(YamlProblem, match="not a regular file"):
        read_record_bytes(tmp_path / "pipe.yaml")


def test_make_refuses_an_oversized_meeting_as_validate_does(workspace: Path) -> None:
    with open(workspace / "meetings" / "zz.yaml", "wb") as stream:
        stream.truncate(3 * MAX_FILE_BYTES)
    for naming in ((), ("US", "")):  # validate reads every file; make, those naming US
        with pytest.raises(DataError) as failed:
            load_workspace(workspace, naming=naming)
        assert failed.value.lines() == [
            "ws/meetings/zz.yaml:1:1: file is 6.0 MB; a record file may be at most 2 MB",
            "1 problem in the records",
        ]
