"""Where a value sits in a record file: line and column by key path, for messages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from briefgen.yamlio.guards import YamlProblem, read_text
from briefgen.yamlio.safe import key_text, make_loader

Location = tuple[int, int]  # 1-based line and column
KeyPath = tuple[str | int, ...]


@dataclass
class LoadedYaml:
    data: Any
    text: str | None  # None: read again from `source` if a place must be found
    locations: dict[KeyPath, Location] = field(default_factory=dict)
    key_locations: dict[KeyPath, Location] = field(default_factory=dict)
    source: Path | None = None

    def locate(self, path: KeyPath) -> Location | None:
        """The place of the value at path, or of its nearest enclosing value."""
        if not self.locations and not self.key_locations:
            self._index_positions()
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in self.locations:
                return self.locations[prefix]
            if prefix in self.key_locations:
                return self.key_locations[prefix]
        return None

    def locate_key(self, path: KeyPath) -> Location | None:
        if not self.locations and not self.key_locations:
            self._index_positions()
        return self.key_locations.get(path) or self.locate(path)

    def _index_positions(self) -> None:
        text = self.text
        if text is None:
            # Read by a worker process, which sent the values only: the text is needed
            # just to point at a problem, so it is read again only then.
            try:
                text = read_text(self.source) if self.source is not None else ""
            except (YamlProblem, OSError):
                text = ""
        tree = make_loader("rt", pure=True).load(text)
        for path, loc, key_loc in _walk_positions(tree, ()):
            self.locations[path] = loc
            if key_loc:
                self.key_locations[path] = key_loc
        self.locations.setdefault((), (1, 1))


def _walk_positions(
    node: Any, path: KeyPath
) -> Iterator[tuple[KeyPath, Location, Location | None]]:
    if isinstance(node, CommentedMap):
        for key in node:
            line, col, value_line, value_col = node.lc.data[key]
            child = (*path, key_text(key))
            yield child, (value_line + 1, value_col + 1), (line + 1, col + 1)
            yield from _walk_positions(node[key], child)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            line, col = node.lc.data[index]
            child = (*path, index)
            yield child, (line + 1, col + 1), None
            yield from _walk_positions(item, child)
