"""The workspace's record cache: what reading and checking each unchanged meeting file gave,
so that `validate` neither parses nor validates it again (as ruff's and mypy's caches do).

It lives in <workspace>/.briefgen-cache/records.json, beside a .gitignore of `*` and a
CACHEDIR.TAG, and nowhere else. An entry counts only for a file of the same path, size,
mtime, inode and ctime as when it was written, and the whole cache only for the same
briefgen, Python, pydantic and ruamel.yaml, and the same code that reads and checks records
(a fingerprint of its source): any edit or upgrade reads the files again.

A workspace may be a shared folder, so the cache is untrusted data: plain JSON, never pickle;
read only up to a size in proportion to the workspace (cache_limit: a few kilobytes a
record file, as a digest takes a few hundred bytes, so that a hostile cache cannot make
validate build much more than the records themselves would); the folder is opened without
following a link, and the file is read and replaced (a temporary file, then a rename) only
within that folder, so nothing is ever read or written through a link out of the workspace.
A corrupt, foreign or odd cache is ignored, and a workspace the cache cannot be written to
simply has none: never an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import secrets
import stat
import sys
from pathlib import Path
from typing import Any

CACHE_FOLDER = ".briefgen-cache"
CACHE_FILE = "records.json"
NO_CACHE_ENV = "BRIEFGEN_NO_CACHE"
MAX_CACHE_BYTES = 256 * 1024 * 1024
BYTES_PER_FILE = 4096
FORMAT = 1
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by briefgen.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
# Without opening a file relative to a folder's descriptor and refusing links, the cache
# could not be kept from following a link out of the workspace: then there is none.
_SAFE_HERE = bool(_NOFOLLOW) and os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd

#: What identifies one version of a file: size, mtime_ns, inode, ctime_ns.
FileKey = tuple[int, int, int, int]


def cache_wanted() -> bool:
    """False when $BRIEFGEN_NO_CACHE is set to anything but "" or "0", or on a system where
    the cache cannot be kept safely."""
    return _SAFE_HERE and os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def file_key(info: os.stat_result) -> FileKey | None:
    """The key of a regular file (from lstat); None for anything else, never cached."""
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


class RecordCache:
    """The entries read from the workspace's cache, and those this run found still true or
    made: save() keeps exactly the latter, so a deleted or changed file drops out."""

    def __init__(
        self, root: Path, entries: dict[str, tuple[FileKey, Any]], limit: int = MAX_CACHE_BYTES
    ) -> None:
        self.root = root
        self.limit = limit
        self._old = entries
        self._new: dict[str, tuple[FileKey, Any]] = {}
        self._made = False

    @classmethod
    def open(cls, root: Path, files: int) -> RecordCache:
        """The workspace's cache as stored, for `files` record files; empty when there is
        none or it does not count."""
        limit = cache_limit(files)
        return cls(root, _read_entries(root, limit), limit)

    def get(self, name: str, key: FileKey) -> Any | None:
        """What the file `name` (relative to the workspace) gave, if it is unchanged."""
        entry = self._old.get(name)
        if entry is None or entry[0] != key:
            return None
        self._new[name] = entry
        return entry[1]

    def forget(self, name: str) -> None:
        """An entry found odd when used: not kept."""
        self._new.pop(name, None)

    def put(self, name: str, key: FileKey, value: Any) -> None:
        self._new[name] = (key, value)
        self._made = True

    def save(self) -> None:
        """Write the entries of this run, if they differ from those read; silently not at
        all when the workspace cannot take them."""
        if not self._made and self._new.keys() == self._old.keys():
            return
        files = {name: [*key, value] for name, (key, value) in sorted(self._new.items())}
        document = {"format": FORMAT, "fingerprint": fingerprint(), "files": files}
        try:
            text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            return
        data = text.encode("utf-8")
        if len(data) > self.limit:  # would not be read: better none
            return
        folder = _open_folder(self.root, create=True)
        if folder is not None:
            try:
                _replace(folder, CACHE_FILE, data)
            finally:
                os.close(folder)


@functools.cache
def fingerprint() -> str:
    """briefgen's version, the libraries that read records, and the source of the code that
    reads and checks them: a change to any of these makes every entry stale."""
    import pydantic
    import ruamel.yaml

    import briefgen

    digest = hashlib.sha256()
    for part in (briefgen.__version__, sys.version, pydantic.VERSION, ruamel.yaml.__version__):
        digest.update(part.encode() + b"\0")
    package = Path(briefgen.__file__).parent
    modules = ["records.py", "textvalue.py", "partialdates.py", "validation.py", "errors.py"]
    modules += ["boundedread.py"]
    modules += sorted(f"{folder}/{path.name}" for folder in ("store", "yamlio")
                      for path in (package / folder).glob("*.py"))  # fmt: skip
    for module in modules:
        try:
            source = (package / module).read_bytes()
        except OSError:
            source = secrets.token_bytes(16)  # unreadable: a key that matches nothing
        digest.update(module.encode() + b"\0" + source + b"\0")
    return digest.hexdigest()


def cache_limit(files: int) -> int:
    """The most bytes a cache for `files` record files is read or written with."""
    return min(MAX_CACHE_BYTES, 65536 + BYTES_PER_FILE * files)


def _read_entries(root: Path, limit: int) -> dict[str, tuple[FileKey, Any]]:
    folder = _open_folder(root, create=False)
    if folder is None:
        return {}
    try:
        raw = _read_bounded(folder, CACHE_FILE, limit)
    finally:
        os.close(folder)
    if raw is None:
        return {}
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or too deep or long a number
        return {}
    if (
        type(document) is not dict
        or document.get("format") != FORMAT
        or document.get("fingerprint") != fingerprint()
        or type(document.get("files")) is not dict
    ):
        return {}
    entries: dict[str, tuple[FileKey, Any]] = {}
    for name, entry in document["files"].items():
        if type(entry) is list and len(entry) == 5 and all(type(v) is int for v in entry[:4]):
            entries[name] = ((entry[0], entry[1], entry[2], entry[3]), entry[4])
    return entries


def _open_folder(root: Path, *, create: bool) -> int | None:
    """A descriptor of the cache folder, itself never a link; made (with its .gitignore
    and CACHEDIR.TAG) when `create`. None when there is none, or it cannot be."""
    path = root / CACHE_FOLDER
    try:
        return os.open(path, _FOLDER_FLAGS)
    except FileNotFoundError:
        if not create:
            return None
    except OSError:  # a link (ELOOP), a file (ENOTDIR), no permission
        return None
    try:
        os.mkdir(path, 0o755)
        folder = os.open(path, _FOLDER_FLAGS)  # a link put there meanwhile: ELOOP
    except OSError:
        return None
    for name, text in ((".gitignore", "*\n"), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
        _replace(folder, name, text.encode("ascii"))
    return folder


def _read_bounded(folder: int, name: str, limit: int) -> bytes | None:
    """The bytes of a regular file in the folder, not through a link, at most `limit`;
    None otherwise."""
    try:
        descriptor = os.open(name, _READ_FLAGS, dir_fd=folder)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks = []
        left = limit + 1
        while left > 0 and (chunk := os.read(descriptor, min(left, 1 << 24))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    raw = b"".join(chunks)
    return raw if len(raw) <= limit else None


def _replace(folder: int, name: str, data: bytes) -> None:
    """Write `name` in the folder whole or not at all: a new temporary file (never an
    existing one, never through a link), renamed over it. Errors are not raised."""
    temporary = f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        descriptor = os.open(temporary, _CREATE_FLAGS, 0o644, dir_fd=folder)
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
