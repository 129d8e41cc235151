"""The one bounded reader that records, releases, reference documents and the pack use."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from briefgen.boundedread import NotRegularFile, TooLarge, read_at_most


def test_a_file_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert read_at_most(path, 10) == b"x" * 10


def test_a_sparse_file_over_the_limit_is_refused_by_its_size_before_reading(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sparse"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024**3)
    with pytest.raises(TooLarge) as refused:
        read_at_most(path, 1024)
    assert refused.value.size == 3 * 1024**3 and not refused.value.grew


def test_a_fifo_or_folder_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    for path in (tmp_path / "fifo", tmp_path):
        with pytest.raises(NotRegularFile):
            read_at_most(path, 1024)


def test_a_link_is_refused_only_when_links_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "target").write_bytes(b"data")
    (tmp_path / "link").symlink_to(tmp_path / "target")
    assert read_at_most(tmp_path / "link", 10) == b"data"
    with pytest.raises(OSError) as refused:
        read_at_most(tmp_path / "link", 10, follow_links=False)
    assert refused.value.errno == errno.ELOOP
