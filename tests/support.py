"""What the tests share, in one place: where things are, and small helpers. Tests import it
as `support` (pyproject puts tests/ and bench/ on the path); fixtures stay in conftest.py."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SEEDS = REPO / "seeds"
SPEC = TESTS / "fixtures" / "spec"

#: A file's new content: text (dedented), raw bytes, or None to delete the file.
FileContent = str | bytes | None
MakeWorkspace = Callable[..., Path]


def write_files(root: Path, files: Mapping[str, FileContent]) -> None:
    for name, content in files.items():
        path = root / name
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


# Thai month names, long and short, for the date tests.
# Written out here, not read from the data, so that the test checks the data.
THAI_MONTHS = [
    ("มกราคม", "ม.ค."),
    ("กุมภาพันธ์", "ก.พ."),
    ("มีนาคม", "มี.ค."),
    ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."),
    ("มิถุนายน", "มิ.ย."),
    ("กรกฎาคม", "ก.ค."),
    ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."),
    ("ตุลาคม", "ต.ค."),
    ("พฤศจิกายน", "พ.ย."),
    ("ธันวาคม", "ธ.ค."),
]


def group_members(group: int) -> list[int]:
    """The processes still in a process group."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                members.append(int(entry.name))
    return members
