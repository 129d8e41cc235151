"""Loading a workspace: read every record file, validate it, check it against the others.

Every command loads through load_workspace(), which reports every problem at once, each at
the line and column of the offending value, or returns a Workspace that is safe to compose.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from briefgen.errors import DataError, InputError, Problem, display_path
from briefgen.records import Counterpart, Meeting, Topic, Workspace
from briefgen.textvalue import ID_PATTERN, TOPIC_KEY_PATTERN
from briefgen.validation import describe_error, field_path
from briefgen.yamlio import KeyPath, LoadedYaml, YamlProblem, load_yaml

DATA_ENV = "BRIEFGEN_DATA"
DEFAULT_DATA = "seeds"
M = TypeVar("M", bound=BaseModel)


def data_dir(option: Path | None) -> Path:
    """--data, else $BRIEFGEN_DATA, else ./seeds."""
    return option or Path(os.environ.get(DATA_ENV) or DEFAULT_DATA)


# Line breaks and other control characters in a value quoted by a message, escaped so that
# every problem stays on one line: 'a\nb', not a message broken in two.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _problem(path: Path, line: int | None, column: int | None, field: str, message: str) -> Problem:
    return Problem(
        _one_line(display_path(path)), line, column, _one_line(field), _one_line(message)
    )


@dataclass
class Loader:
    root: Path
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files: dict[Path, LoadedYaml] = field(default_factory=dict)

    def problem(self, path: Path, loc: KeyPath, message: str, *, key: bool = False) -> None:
        loaded = self.files.get(path)
        where = None
        if loaded is not None:
            where = loaded.locate_key(loc) if key else loaded.locate(loc)
        line, column = where or (None, None)
        self.problems.append(_problem(path, line, column, field_path(loc), message))

    def read(self, path: Path) -> dict[str, Any] | None:
        try:
            loaded = load_yaml(path)
        except YamlProblem as exc:
            self.problems.append(_problem(path, exc.line, exc.column, "", exc.message))
            return None
        except OSError as exc:
            self.problems.append(_problem(path, None, None, "", exc.strerror or str(exc)))
            return None
        self.files[path] = loaded
        if not isinstance(loaded.data, dict):
            if loaded.data is None:
                # Only comments, or `---`, or `~`: no values at all.
                what = "file holds no values"
            else:
                what = f"top level is {_article(type(loaded.data).__name__)}"
            self.problems.append(
                _problem(
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


def load_workspace(root: Path) -> Workspace:
    """Load and check every record under root; raise DataError listing every problem."""
    if not root.is_dir():
        raise InputError(f"{root}: no such workspace folder (give one with --data)")
    loader = Loader(root)
    topics = _load_topics(loader)
    counterparts = _load_counterparts(loader)
    meetings = _load_meetings(loader)
    _check_references(loader, meetings, counterparts, topics)
    if loader.problems:
        raise DataError(loader.problems)
    meetings.sort(key=lambda m: (m.date.sort_key(), m.key))
    return Workspace(
        root=root,
        counterparts=counterparts,
        topics=topics,
        meetings=meetings,
        warnings=loader.warnings,
    )


def _load_topics(loader: Loader) -> dict[str, Topic]:
    path = loader.root / "topics.yaml"
    if not path.is_file():
        loader.problems.append(_problem(path, None, None, "", "file is missing"))
        return {}
    data = loader.read(path)
    if data is None:
        return {}
    topics: dict[str, Topic] = {}
    for key, value in data.items():
        topic = loader.validate(path, Topic, value, base=(key,))
        if topic is None:
            continue
        if not isinstance(key, str) or not TOPIC_KEY_PATTERN.fullmatch(key):
            loader.problem(
                path,
                (key,),
                f"'{key}' is not a topic key; use lower-case letters, digits and '-'",
                key=True,
            )
            continue
        topics[key] = topic
    return topics


def _record_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _load_counterparts(loader: Loader) -> dict[str, Counterpart]:
    counterparts: dict[str, Counterpart] = {}
    first_file: dict[str, Path] = {}
    folder = loader.root / "counterparts"
    if not folder.is_dir():
        loader.problems.append(_problem(folder, None, None, "", "folder is missing"))
    for path in _record_files(folder):
        data = loader.read(path)
        counterpart = loader.validate(path, Counterpart, data) if data is not None else None
        if counterpart is None:
            continue
        if counterpart.code in counterparts:
            other = display_path(first_file[counterpart.code])
            loader.problem(
                path,
                ("code",),
                f"duplicate counterpart code '{counterpart.code}'; {other} has it too",
            )
            continue
        counterparts[counterpart.code] = counterpart
        first_file[counterpart.code] = path
    return counterparts


def _load_meetings(loader: Loader) -> list[Meeting]:
    meetings: list[Meeting] = []
    first_file: dict[str, Path] = {}
    for path in _record_files(loader.root / "meetings"):
        data = loader.read(path)
        if data is None:
            continue
        meeting = loader.validate(path, Meeting, data)
        if meeting is None:
            continue
        if meeting.id is None:
            meeting.id = path.stem
            if not ID_PATTERN.fullmatch(path.stem):
                loader.problem(
                    path,
                    (),
                    f"file name '{path.name}' is not a valid id; use only "
                    "letters, digits, '-' and '_', or give an id",
                )
                continue
        meeting._file = path
        if meeting.key in first_file:
            other = display_path(first_file[meeting.key])
            loader.problem(path, ("id",), f"duplicate id '{meeting.key}'; {other} has it too")
            continue
        first_file[meeting.key] = path
        meetings.append(meeting)
    return meetings


def _check_references(
    loader: Loader,
    meetings: list[Meeting],
    counterparts: dict[str, Counterpart],
    topics: dict[str, Topic],
) -> None:
    known_topics = list(topics)
    for meeting in meetings:
        path = meeting.file

        def check(
            loc: KeyPath,
            value: str,
            choices: Iterable[str],
            what: str,
            key: bool = False,
            _path: Path = path,
        ) -> None:
            choices = list(choices)
            if value not in choices:
                loader.problem(_path, loc, unknown_message(what, value, choices), key=key)

        for i, party in enumerate(meeting.parties):
            check(("parties", i), party, counterparts, "counterpart")
        for i, participant in enumerate(meeting.participants):
            check(("participants", i, "side"), participant.side, meeting.parties, "party")
        for i, discussion in enumerate(meeting.topics):
            check(("topics", i, "topic"), discussion.topic, known_topics, "topic")
        for i, commitment in enumerate(meeting.commitments):
            for j, code in enumerate(commitment.by):
                loc: KeyPath = (
                    ("commitments", i, "by", j)
                    if _is_list(loader, path, i)
                    else ("commitments", i, "by")
                )
                check(loc, code, meeting.parties, "party")
            if commitment.topic:
                check(("commitments", i, "topic"), commitment.topic, known_topics, "topic")
        for i, key in enumerate(meeting.agenda):
            check(("agenda", i), key, known_topics, "topic")
        for key in meeting.talking_points:
            check(("talking_points", key), key, known_topics, "topic", key=True)
        for i, line in enumerate(meeting.if_raised):
            if line.topic:
                check(("if_raised", i, "topic"), line.topic, known_topics, "topic")
        # A partial end_date is before the date only if all of it is: 2024-02 may end a
        # meeting that starts on 2024-02-28.
        if meeting.end_date and meeting.end_date.last_day() < meeting.date.first_day():
            loader.problem(
                path, ("end_date",), f"{meeting.end_date} is before the start date {meeting.date}"
            )
        for i, source in enumerate(meeting.sources):
            if not _is_file(loader.root / source.path):
                at = loader.files[path].locate(("sources", i, "path"))
                at_line, at_column = at if at else (None, None)
                message = f"source file {source.path} is missing"
                loader.warnings.append(
                    _problem(path, at_line, at_column, f"sources[{i}].path", message)
                )


def _is_file(path: Path) -> bool:
    """Whether path is a file; a name the system cannot even look up (too long) is not."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _is_list(loader: Loader, path: Path, index: int) -> bool:
    data = loader.files[path].data
    return isinstance(data["commitments"][index].get("by"), list)


def unknown_message(what: str, value: str, choices: list[str]) -> str:
    message = f"unknown {what} '{value}'"
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not close:
        folded = {c.casefold(): c for c in choices}
        close = [folded[value.casefold()]] if value.casefold() in folded else []
    known = ", ".join(sorted(choices))
    if close:
        message += f"; did you mean '{close[0]}'?"
        return f"{message} Known: {known}" if choices else message
    return f"{message}; known: {known}" if choices else message


def find_counterpart(workspace: Workspace, name: str) -> Counterpart:
    """A counterpart by code, name in any language, or alias, ignoring case."""
    wanted = name.strip().casefold()
    for counterpart in workspace.counterparts.values():
        if wanted in (n.casefold() for n in counterpart.names()):
            return counterpart
    known = ", ".join(sorted(workspace.counterparts))
    raise InputError(f"unknown counterpart '{name}'; known counterparts: {known}")


def _article(kind: str) -> str:
    names: dict[str, str] = {
        "list": "a list",
        "str": "a string",
        "int": "a number",
        "float": "a number",
        "bool": "a boolean",
    }
    return names.get(kind, f"a {kind}")
