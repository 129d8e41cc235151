"""What the hostile harnesses (test_hostile.py, test_hostile_budgets.py) share: a manifest's
cases read, a case's workspace filled from the manifest (files, texts, generated files,
links), and a snapshot of a folder, to tell that a run changed nothing in it."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any, Protocol

from ruamel.yaml import YAML
from support import TESTS

HOSTILE = TESTS / "hostile"
SPEC = TESTS / "fixtures" / "spec"


class Filled(Protocol):
    """The fields of a case that say what its workspace holds beyond the spec fixture."""

    files: dict[str, str]
    text: dict[str, str]
    generate: dict[str, str]
    symlink: dict[str, str]


def manifest_entries(name: str) -> list[dict[str, Any]]:
    """The cases of tests/hostile/<name>, as the manifest writes them."""
    manifest = YAML(typ="safe").load((HOSTILE / name).read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = manifest["cases"]
    return entries


def fill_workspace(
    case: Filled, root: Path, generators: Mapping[str, Callable[[Path], object]]
) -> None:
    """root/ws, which holds the spec fixture: the case's files (from tests/hostile/files),
    texts and generated files added or written over, and its links made ({case} is root)."""
    ws = root / "ws"
    for name, source in case.files.items():
        (ws / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HOSTILE / "files" / source, ws / name)
    for name, text in case.text.items():
        (ws / name).parent.mkdir(parents=True, exist_ok=True)
        (ws / name).write_text(text, encoding="utf-8")
    for name, generator in case.generate.items():
        (ws / name).parent.mkdir(parents=True, exist_ok=True)
        generators[generator](ws / name)
    for name, target in case.symlink.items():
        (ws / name).parent.mkdir(parents=True, exist_ok=True)
        (ws / name).symlink_to(target.replace("{case}", str(root)))


def snapshot(
    root: Path, exclude: Collection[Path], skip: Collection[str] = ()
) -> dict[str, tuple[Any, ...]]:
    """Every path under root but the folders `exclude` and those named in `skip`: kind, size,
    mtime and hash (links not followed)."""
    found: dict[str, tuple[Any, ...]] = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d not in exclude and d not in skip]
        for name in dirs + files:
            path = here / name
            key = str(path.relative_to(root))
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = ("dir",)
            else:
                stat = path.lstat()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[key] = ("file", stat.st_size, stat.st_mtime_ns, digest)
    return found
