"""Writing output files so that nothing is ever lost, and a pack changes whole or not at all.

`write_atomic` writes one file to a temporary name in the same folder, flushes it to disk,
then renames it over the final name: a reader sees the old file or the new one, never half.

`write_pack` writes the files of one pack together, in three steps:

1. every file is written to its temporary and flushed; a failure here (a full disk, no
   permission, a folder or other non-file in the way of a final name, a signal) removes the
   temporaries and leaves every earlier file as it was;
2. under a lock on the folder (another run waits) and with SIGINT, SIGTERM, SIGHUP and SIGALRM
   held back, a marker `.briefgen-pack-incomplete` is written, the temporaries are renamed
   over the final names one by one, and the marker is removed. A rename that fails puts back
   the earlier files (kept as hard links until the end);
3. the folder is flushed, so the renames survive a power cut.

What remains possible is a crash of the machine or a SIGKILL during step 2 (a few
milliseconds): some files are then new and some old. The marker stays behind in that case,
and `pack_is_incomplete(folder)` reports it; the next successful run replaces every file and
removes it. A run killed earlier leaves at most hidden temporaries, which a later run clears
away once they are an hour old.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import RenderError

TEMP_PREFIX = ".briefgen-"
TEMP_SUFFIX = ".part"
INCOMPLETE_MARKER = ".briefgen-pack-incomplete"
STALE_AFTER_SECONDS = 3600
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM}


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    size: int
    pages: str = ""  # for PDFs, the page count as shown in the report


def write_atomic(path: Path, data: bytes) -> WrittenFile:
    temporary = _write_temporary(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return WrittenFile(path, len(data))


def _write_temporary(path: Path, data: bytes) -> Path:
    descriptor, name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def write_pack(folder: Path, files: dict[str, bytes]) -> list[WrittenFile]:
    """The files of one pack, written whole or not at all (see the module docstring)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"cannot create the output folder {folder}: {exc.strerror}") from None
    clear_stale_temporaries(folder)
    for name in files:
        _check_final_name(folder / name)
    temporaries: dict[str, Path] = {}
    try:
        for name, data in files.items():
            temporaries[name] = _write_temporary(folder / name, data)
        with _folder_lock(folder), _signals_held():
            _rename_all(folder, temporaries)
    except OSError as exc:
        raise RenderError(
            f"cannot write to {folder}: {exc.strerror or exc}; the earlier files are unchanged"
        ) from None
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
    _flush_folder(folder)
    return [WrittenFile(folder / name, len(data)) for name, data in files.items()]


def pack_is_incomplete(folder: Path) -> bool:
    """Whether a run died while renaming a pack's files into `folder` (some may be old)."""
    return (folder / INCOMPLETE_MARKER).exists()


def _check_final_name(path: Path) -> None:
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise RenderError(f"cannot write {path}: {exc.strerror}") from None
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a file"
        raise RenderError(
            f"{path} is {kind}; move it away and run again (no file of the pack was changed)"
        )


def _rename_all(folder: Path, temporaries: dict[str, Path]) -> None:
    """Each temporary over its final name; on a failure, the earlier files are put back."""
    marker = folder / INCOMPLETE_MARKER
    marker.write_text("\n".join(temporaries) + "\n", encoding="utf-8")
    kept: dict[str, Path | None] = {}  # final name -> a hard link to the earlier file
    try:
        for name in temporaries:
            kept[name] = _keep(folder / name)
        done: list[str] = []
        try:
            for name, temporary in temporaries.items():
                os.replace(temporary, folder / name)
                done.append(name)
        except OSError:
            restored = True
            for name in done:
                earlier = kept.get(name)
                try:
                    if earlier is None:
                        (folder / name).unlink()
                    else:
                        os.replace(earlier, folder / name)
                except OSError:
                    restored = False
            if restored:  # the earlier pack is whole again
                marker.unlink(missing_ok=True)
            raise
        marker.unlink(missing_ok=True)
    finally:
        for earlier in kept.values():
            if earlier is not None:
                earlier.unlink(missing_ok=True)


def _keep(path: Path) -> Path | None:
    """A hard link to the earlier file at `path`, to put it back; None if there is none."""
    if not path.is_file() or path.is_symlink():
        return None
    link = path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}.old{TEMP_SUFFIX}")
    try:
        link.unlink(missing_ok=True)
        os.link(path, link)
    except OSError:
        return None
    return link


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder itself: two runs never interleave their renames."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT, SIGTERM, SIGHUP and SIGALRM wait until the renames are done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    earlier = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, earlier)


def _flush_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def clear_stale_temporaries(folder: Path) -> None:
    """Temporary files left by a killed run; recent ones may belong to a run still going."""
    cutoff = time.time() - STALE_AFTER_SECONDS
    for leftover in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            continue
