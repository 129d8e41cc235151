"""Reading a file whole, but never more than a limit: records, press releases, reference
documents and the pack PDF all come through here.

The size is checked on the open file (fstat) before a byte is read, so a huge or sparse file
costs nothing; only a regular file is read (a FIFO in its place neither hangs the open, thanks
to O_NONBLOCK, nor the read); and at most limit + 1 bytes are read, so a file that grows after
the check is still caught. Callers word the refusal in their own terms.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(Exception):
    """The path is a folder, a FIFO, a device…: nothing to read as a file."""


class TooLarge(Exception):
    def __init__(self, size: int, *, grew: bool) -> None:
        super().__init__(size)
        self.size = size  # bytes: the file's size, or limit + 1 when it grew while read
        self.grew = grew  # it passed the check, then grew past the limit while it was read


def read_at_most(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The file's bytes, or NotRegularFile, TooLarge, or the OSError of opening or reading it
    (ELOOP for a link when follow_links is False)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= os.O_NOFOLLOW
    descriptor = os.open(path, flags)
    try:  # checked on the descriptor: a folder opens, but must not become a file object
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path)
        if info.st_size > limit:
            raise TooLarge(info.st_size, grew=False)
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            raw = handle.read(limit + 1)
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        raise TooLarge(len(raw), grew=True)
    return raw
