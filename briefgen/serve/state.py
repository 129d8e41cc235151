"""What the server keeps between requests: its settings, and the workspace as last loaded.

The workspace is loaded once and kept while no record file changes. Each request compares
the files' sizes and modification times with those at loading (a directory scan: a few
milliseconds for ten thousand files) and loads again only when one differs. A change made
through the server itself replaces just the changed meeting, so an update on a large
workspace does not cost a full reload.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from briefgen.errors import DataError, Problem
from briefgen.profiles import Profile, load_profile
from briefgen.records import Meeting, Workspace
from briefgen.store import load_workspace

Fingerprint = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Settings:
    data: Path
    out: Path
    token: str
    host: str = "127.0.0.1"
    port: int = 8000
    ministry: str = "default"
    as_of: date | None = None  # None: today, on each request
    max_upload: int = 2 * 1024 * 1024

    def today(self) -> date:
        return self.as_of or date.today()


@dataclass
class Loaded:
    """The workspace, or the problems that stop it from loading; and derived views."""

    workspace: Workspace | None
    problems: list[Problem]
    fingerprint: Fingerprint
    views: dict[Any, Any] = field(default_factory=dict)  # cached summaries, by key


class Records:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lock = threading.RLock()
        self.loaded: Loaded | None = None
        self.profile: Profile = load_profile(settings.ministry, settings.data)

    def current(self) -> Loaded:
        with self.lock:
            print_ = fingerprint(self.settings.data)
            if self.loaded is None or self.loaded.fingerprint != print_:
                self.loaded = self._load(print_)
            return self.loaded

    def _load(self, print_: Fingerprint) -> Loaded:
        try:
            workspace = load_workspace(self.settings.data)
        except DataError as exc:
            return Loaded(None, exc.problems, print_)
        return Loaded(workspace, list(workspace.warnings), print_)

    def replaced(self, meeting: Meeting) -> None:
        """The server wrote this meeting's file: put the checked meeting in its place."""
        with self.lock:
            loaded = self.loaded
            if loaded is None or loaded.workspace is None:
                return
            meetings = [meeting if m.key == meeting.key else m for m in loaded.workspace.meetings]
            if all(m is not meeting for m in meetings):
                meetings.append(meeting)
                meetings.sort(key=lambda m: (m.date.sort_key(), m.key))
            workspace = loaded.workspace.model_copy(update={"meetings": meetings})
            print_ = dict(loaded.fingerprint)
            print_[str(meeting.file)] = _stamp(meeting.file)
            self.loaded = Loaded(workspace, loaded.problems, print_)

    def workspace(self) -> Workspace:
        loaded = self.current()
        if loaded.workspace is None:
            raise DataError(loaded.problems)
        return loaded.workspace


def fingerprint(root: Path) -> Fingerprint:
    """Size and modification time of every record file under root."""
    stamps: Fingerprint = {}
    topics = root / "topics.yaml"
    if topics.exists():
        stamps[str(topics)] = _stamp(topics)
    for folder in (root / "counterparts", root / "meetings"):
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith((".yaml", ".yml")):
                        info = entry.stat()
                        stamps[os.path.join(folder, entry.name)] = (info.st_mtime_ns, info.st_size)
        except OSError:
            continue
    return stamps


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size
