"""Reading one record file and noting its problems, each at the line and column it concerns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from briefgen.errors import Problem, display_path
from briefgen.validation import describe_error, field_path
from briefgen.yamlio import KeyPath, LoadedYaml, YamlProblem, load_yaml

M = TypeVar("M", bound=BaseModel)
#: A record file as read: its values, or why it could not be read.
Loaded = LoadedYaml | YamlProblem | OSError

# Line breaks and other control characters in a value quoted by a message, escaped so that
# every problem stays on one line: 'a\nb', not a message broken in two.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def located_problem(
    path: Path, line: int | None, column: int | None, field: str, message: str
) -> Problem:
    return Problem(
        _one_line(display_path(path)), line, column, _one_line(field), _one_line(message)
    )


@dataclass
class Loader:
    root: Path
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files: dict[Path, LoadedYaml] = field(default_factory=dict)
    # Files already read by prefetch's worker processes: a LoadedYaml, or why not.
    prefetched: dict[Path, tuple[Any, ...]] = field(default_factory=dict)
    inside_folders: dict[Path, bool] = field(default_factory=dict)
    # Files whose meeting came from the record cache: not read, unless a problem in one
    # must be placed (loaded()).
    cached: set[Path] = field(default_factory=set)

    def loaded(self, path: Path) -> LoadedYaml | None:
        """The file as read; for a cached one, its text is read only when a place in it is
        wanted."""
        loaded = self.files.get(path)
        if loaded is None and path in self.cached:
            loaded = self.files[path] = LoadedYaml(data=None, text=None, source=path)
        return loaded

    def problem(self, path: Path, loc: KeyPath, message: str, *, key: bool = False) -> None:
        loaded = self.loaded(path)
        where = None
        if loaded is not None:
            where = loaded.locate_key(loc) if key else loaded.locate(loc)
        line, column = where or (None, None)
        self.problems.append(located_problem(path, line, column, field_path(loc), message))

    def _real_path(self, path: Path) -> Path | None:
        """The path to read for `path`: itself when it is no link, else where the link leads;
        None when that is outside the workspace."""
        try:
            link = path.is_symlink()
        except OSError:
            link = False
        if not link:
            return path if self.folder_inside(path.parent) else None
        try:
            real = path.resolve()
            return real if real.is_relative_to(self.root.resolve()) else None
        except (OSError, RuntimeError, ValueError):
            return None

    def folder_inside(self, folder: Path) -> bool:
        if folder not in self.inside_folders:
            self.inside_folders[folder] = is_inside_workspace(folder, self.root)
        return self.inside_folders[folder]

    def read(self, path: Path) -> dict[str, Any] | None:
        prefetched = self.prefetched.pop(path, None)
        # A worker reads a file only after seeing that it is no link (_read_chunk), so a
        # file it read is inside exactly when its folder is: no second lstat here.
        if prefetched is not None and prefetched[0] != "link" and self.folder_inside(path.parent):
            return self._record_values(path, _unpack(prefetched, path))
        real = self._real_path(path)
        if real is None:
            message = "file is a link to a file outside the workspace; refused"
            self.problems.append(located_problem(path, None, None, "", message))
            return None
        try:  # a link within the workspace is read here, never in a worker
            # The path checked is the path read, and never through a link: a file swapped
            # for a link after the check is refused (ELOOP), not followed out.
            loaded = load_yaml(real, follow_links=False)
        except (YamlProblem, OSError) as exc:
            return self._record_values(path, exc)  # not kept in a local: no cycle via its frame
        return self._record_values(path, loaded)

    def _record_values(self, path: Path, loaded: Loaded) -> dict[str, Any] | None:
        """The record's values, or None with why not noted as a problem."""
        if isinstance(loaded, YamlProblem):
            self.problems.append(
                located_problem(path, loaded.line, loaded.column, "", loaded.message)
            )
            return None
        if isinstance(loaded, OSError):
            message = loaded.strerror or str(loaded)
            self.problems.append(located_problem(path, None, None, "", message))
            return None
        self.files[path] = loaded
        if not isinstance(loaded.data, dict):
            if loaded.data is None:
                # Only comments, or `---`, or `~`: no values at all.
                what = "file holds no values"
            else:
                what = f"top level is {_article(type(loaded.data).__name__)}"
            self.problems.append(
                located_problem(
                    path,
                    1,
                    1,
                    "",
                    f"{what}; a record file must be a mapping of field names to values",
                )
            )
            return None
        return loaded.data

    def validate(self, path: Path, model: type[M], data: Any, base: KeyPath = ()) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = (*base, *error["loc"])
                message, at_key = describe_error(model, error)
                self.problem(path, loc, message, key=at_key)
            return None


def is_inside_workspace(path: Path, root: Path) -> bool:
    """Whether path, with every symlink resolved, stays inside the workspace root."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def _article(kind: str) -> str:
    names: dict[str, str] = {
        "list": "a list",
        "str": "a string",
        "int": "a number",
        "float": "a number",
        "bool": "a boolean",
    }
    return names.get(kind, f"a {kind}")


def _unpack(result: tuple[Any, ...], path: Path) -> Loaded:
    if result[0] == "ok":
        return LoadedYaml(data=result[1], text=None, source=path)
    if result[0] == "yaml":
        return YamlProblem(result[1], result[2], result[3])
    return OSError(result[1])
