"""Writing output files so that nothing is ever lost.

Each file is written to a temporary name in the same folder, flushed to disk, then renamed
over the final name: a reader sees the old file or the new one, never half of one. A run
killed part-way leaves at most a hidden temporary file, which the next run clears away.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import RenderError

TEMP_PREFIX = ".briefgen-"
TEMP_SUFFIX = ".part"
STALE_AFTER_SECONDS = 3600


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    size: int
    pages: str = ""  # for PDFs, the page count as shown in the report


def write_atomic(path: Path, data: bytes) -> WrittenFile:
    descriptor, temporary = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return WrittenFile(path, len(data))


def write_files(folder: Path, files: dict[str, bytes]) -> list[WrittenFile]:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"cannot create the output folder {folder}: {exc.strerror}") from None
    clear_stale_temporaries(folder)
    try:
        return [write_atomic(folder / name, data) for name, data in files.items()]
    except OSError as exc:
        raise RenderError(f"cannot write to {folder}: {exc.strerror or exc}") from None


def clear_stale_temporaries(folder: Path) -> None:
    """Temporary files left by a killed run; recent ones may belong to a run still going."""
    cutoff = time.time() - STALE_AFTER_SECONDS
    for leftover in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            continue
