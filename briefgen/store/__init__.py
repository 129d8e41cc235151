"""Loading a workspace: read every record file, validate it, check it against the others.

Every command loads through load_workspace(), which reports every problem at once, each at
the line and column of the offending value, or returns a Workspace that is safe to compose.

    loading.py      the order of loading: topics, counterparts, meetings; which files to read
    loader.py       one record file read and validated, its problems located
    references.py   checks across files: parties, sides, `by`, topics
    parallel.py     a large workspace's meeting files read by worker processes
    counterparts.py a counterpart found the way an officer types it
"""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.store.counterparts import find_counterpart, match_counterpart
from briefgen.store.loader import Loader, is_inside_workspace
from briefgen.store.loading import gc_paused, load_workspace
from briefgen.store.references import unknown_message

DATA_ENV = "BRIEFGEN_DATA"
DEFAULT_DATA = "seeds"

__all__ = [
    "DATA_ENV",
    "DEFAULT_DATA",
    "Loader",
    "data_dir",
    "find_counterpart",
    "gc_paused",
    "is_inside_workspace",
    "load_workspace",
    "match_counterpart",
    "unknown_message",
]


def data_dir(option: Path | None) -> Path:
    """--data, else $BRIEFGEN_DATA, else ./seeds."""
    return option or Path(os.environ.get(DATA_ENV) or DEFAULT_DATA)
