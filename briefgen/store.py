"""Loading a workspace: read every record file, validate it, check it against the others.

Every command loads through load_workspace(), which reports every problem at once, each at
the line and column of the offending value, or returns a Workspace that is safe to compose.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import marshal
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

import briefgen
from briefgen.errors import DataError, InputError, Problem, display_path
from briefgen.records import Counterpart, Meeting, Topic, Workspace
from briefgen.textvalue import ID_PATTERN, TOPIC_KEY_PATTERN
from briefgen.validation import describe_error, field_path
from briefgen.yamlio import KeyPath, LoadedYaml, YamlProblem, load_yaml

DATA_ENV = "BRIEFGEN_DATA"
DEFAULT_DATA = "seeds"
M = TypeVar("M", bound=BaseModel)
#: A record file as read: its values, or why it could not be read.
Loaded = LoadedYaml | YamlProblem | OSError


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
    # Files already read by _prefetch's worker processes: a LoadedYaml, or why not.
    prefetched: dict[Path, tuple[Any, ...]] = field(default_factory=dict)
    inside_folders: dict[Path, bool] = field(default_factory=dict)

    def problem(self, path: Path, loc: KeyPath, message: str, *, key: bool = False) -> None:
        loaded = self.files.get(path)
        where = None
        if loaded is not None:
            where = loaded.locate_key(loc) if key else loaded.locate(loc)
        line, column = where or (None, None)
        self.problems.append(_problem(path, line, column, field_path(loc), message))

    def inside(self, path: Path) -> bool:
        """is_inside_workspace(path, self.root), each folder resolved once: a record file
        that is no link is inside exactly when its folder is."""
        try:
            if path.is_symlink():
                return is_inside_workspace(path, self.root)
        except OSError:
            return is_inside_workspace(path, self.root)
        return self._folder_inside(path.parent)

    def _folder_inside(self, folder: Path) -> bool:
        if folder not in self.inside_folders:
            self.inside_folders[folder] = is_inside_workspace(folder, self.root)
        return self.inside_folders[folder]

    def read(self, path: Path) -> dict[str, Any] | None:
        prefetched = self.prefetched.pop(path, None)
        # A worker reads a file only after seeing that it is no link (_read_chunk), so a
        # file it read is inside exactly when its folder is: no second lstat here.
        if prefetched is not None and prefetched[0] != "link" and self._folder_inside(path.parent):
            return self._record_values(path, _unpack(prefetched, path))
        if not self.inside(path):
            message = "file is a link to a file outside the workspace; refused"
            self.problems.append(_problem(path, None, None, "", message))
            return None
        try:  # a link within the workspace is read here, never in a worker
            loaded = load_yaml(path)
        except (YamlProblem, OSError) as exc:
            return self._record_values(path, exc)  # not kept in a local: no cycle via its frame
        return self._record_values(path, loaded)

    def _record_values(self, path: Path, loaded: Loaded) -> dict[str, Any] | None:
        """The record's values, or None with why not noted as a problem."""
        if isinstance(loaded, YamlProblem):
            self.problems.append(_problem(path, loaded.line, loaded.column, "", loaded.message))
            return None
        if isinstance(loaded, OSError):
            message = loaded.strerror or str(loaded)
            self.problems.append(_problem(path, None, None, "", message))
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


def load_workspace(root: Path, *, naming: Sequence[str] = ()) -> Workspace:
    """Load and check every record under root; raise DataError listing every problem.

    With `naming` (what `make` was given: the counterpart as code, name or alias, and the
    meeting id), only the meeting files that name the counterpart or the meeting are read,
    so a pack costs the same in a workspace of ten thousand meetings as in one of a hundred,
    and a slip in an unrelated record does not hold it up; `validate` reads everything.
    Topics and counterparts are always read whole: every meeting refers to them.
    """
    if not root.is_dir():
        raise InputError(f"{root}: no such workspace folder (give one with --data)")
    with gc_paused():
        return _load_workspace(root, naming)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while loading: records make millions of small objects
    and no cycles, and each full collection walks all that were made before it (a third of
    the time of loading 10,000 meetings went there).

    In the command-line process (briefgen.SHORT_LIVED_PROCESS), everything alive afterwards
    is frozen (gc.freeze): left in
    the youngest generation, the records would be walked again by the first collections
    after loading (0.6 s a walk for 10,000 meetings). Frozen objects are still freed by
    reference counting, but cyclic garbage frozen with them never is, so only a process
    that loads once and soon ends does it (a library caller or a test never does)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if briefgen.SHORT_LIVED_PROCESS:
                gc.freeze()
            gc.enable()


def _load_workspace(root: Path, naming: Sequence[str] = ()) -> Workspace:
    loader = Loader(root)
    topics = _load_topics(loader)
    counterparts = _load_counterparts(loader)
    paths = _record_files(loader.root / "meetings")
    tokens = _tokens(naming, counterparts)
    if tokens is not None:
        # A meeting's id is its file name unless the file gives one.
        stems = set(naming[1:])
        paths = [path for path in paths if path.stem in stems or _may_name(path, tokens)]
    meetings = _load_meetings(loader, paths)
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
    # scandir knows each entry's type without another stat; names sort as paths would.
    with os.scandir(folder) as entries:
        names = sorted(
            entry.name
            for entry in entries
            if os.path.splitext(entry.name)[1] in (".yaml", ".yml") and entry.is_file()
        )
    return [folder / name for name in names]


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


# Meeting files are searched for whole words: every byte that cannot be part of a code or an
# id becomes a space and letters become lower case, in one pass in C (bytes.translate), so
# ten thousand files take a tenth of a second rather than the second a regex needed.
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789_-")
_AS_WORDS = bytes(
    (c | 0x20) if 65 <= c <= 90 else (c if c in _WORD_BYTES else 32) for c in range(256)
)


def _tokens(naming: Sequence[str], counterparts: dict[str, Counterpart]) -> list[bytes] | None:
    """The words a meeting file must hold to matter to `naming`: the named counterpart's
    code, and the meeting id, each padded with spaces to match whole words. None means read
    every file: nothing was named, or the counterpart is not known (find_counterpart will
    say so)."""
    if not naming:
        return None
    counterpart, *others = naming
    wanted = counterpart.strip().casefold()
    found = [c for c in counterparts.values() if wanted in (n.casefold() for n in c.names())]
    if not found:
        return None
    words = [found[0].code, *(other for other in others if other)]
    encoded = [word.encode("utf-8").translate(_AS_WORDS) for word in words]
    if any(b" " in word or not word for word in encoded):
        return None  # not a single word: no telling where it stands, so read everything
    return [b" " + word + b" " for word in encoded]


def _may_name(path: Path, tokens: list[bytes]) -> bool:
    """Whether the meeting file may name one of `tokens`. A whole word counts wherever it
    stands (a comment, a quoted string, a flow list) and in any case, as codes are
    upper-cased when read, so no file that names it is left out. A link, or a file that
    cannot be read, is handed to the loader, which refuses or reports it as usual."""
    try:
        if path.is_symlink():
            return True
        words = b" " + path.read_bytes().translate(_AS_WORDS) + b" "
    except OSError:
        return True
    return any(token in words for token in tokens)


def _load_meetings(loader: Loader, paths: list[Path]) -> list[Meeting]:
    meetings: list[Meeting] = []
    first_file: dict[str, Path] = {}
    for path in _prefetch(loader, paths):
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


# A large workspace is read by worker processes, one chunk of files each, while this process
# validates the chunks already read, in file order: the same records and the same problems in
# the same order as reading one file after another, in about half the time on two cores.
PARALLEL_MIN_FILES = 1500
PARALLEL_CHUNK = 250


def _prefetch(loader: Loader, paths: list[Path]) -> Iterator[Path]:
    """Yield paths in order, each one's read result already in loader.prefetched when it is
    worth reading them in parallel; otherwise just yield them, for loader.read to read."""
    workers = _parallel_workers(len(paths))
    if workers < 2:
        yield from paths
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    chunks = [paths[i : i + PARALLEL_CHUNK] for i in range(0, len(paths), PARALLEL_CHUNK)]
    pool = ProcessPoolExecutor(min(workers, len(chunks)), mp_context=context)
    try:
        for chunk, sent in zip(chunks, pool.map(_read_chunk, chunks), strict=True):
            results = marshal.loads(sent) if isinstance(sent, bytes) else sent
            for path, result in zip(chunk, results, strict=True):
                loader.prefetched[path] = result
                yield path
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parallel_workers(files: int) -> int:
    import multiprocessing

    if files < PARALLEL_MIN_FILES or multiprocessing.parent_process() is not None:
        return 1  # small, or already in a worker (batch mode): one process is enough
    return os.cpu_count() or 1


def _read_chunk(paths: list[Path]) -> bytes | list[tuple[Any, ...]]:
    """In a worker: for each file ("ok", its values), ("yaml", message, line, column),
    ("os", message), or ("link",) for a link, which the main process checks and reads;
    exceptions do not cross processes with their attributes. The values go back marshalled,
    not pickled, and without the text: a quarter of the cost of sending them, which on a
    large workspace was a third of the time it took to load."""
    results: list[tuple[Any, ...]] = []
    gc.disable()  # as in load_workspace; the worker only reads
    for path in paths:
        if path.is_symlink():  # checked and read by the main process
            results.append(("link",))
            continue
        try:
            results.append(("ok", load_yaml(path).data))
        except YamlProblem as exc:
            results.append(("yaml", exc.message, exc.line, exc.column))
        except OSError as exc:
            results.append(("os", exc.strerror or str(exc)))
    try:
        return marshal.dumps(results)
    except ValueError:  # a value marshal cannot carry: pickle it, as the pool would
        return results


def _unpack(result: tuple[Any, ...], path: Path) -> Loaded:
    if result[0] == "ok":
        return LoadedYaml(data=result[1], text=None, source=path)
    if result[0] == "yaml":
        return YamlProblem(result[1], result[2], result[3])
    return OSError(result[1])


def _check_references(
    loader: Loader,
    meetings: list[Meeting],
    counterparts: dict[str, Counterpart],
    topics: dict[str, Topic],
) -> None:
    known_topics = list(topics)
    commitment_ids = _check_commitment_ids(loader, meetings)
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
        for key, points in meeting.talking_points.items():
            check(("talking_points", key), key, known_topics, "topic", key=True)
            for j, point in enumerate(points):
                for ref in point.re:
                    check(("talking_points", key, j, "re"), ref, commitment_ids, "commitment id")
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
            if not _source_inside(loader.root, source.path):
                loader.problem(
                    path,
                    ("sources", i, "path"),
                    f"'{source.path}': a source path must be relative and inside the workspace",
                )
            elif not _is_file(loader.root / source.path):
                at = loader.files[path].locate(("sources", i, "path"))
                at_line, at_column = at if at else (None, None)
                message = f"source file {source.path} is missing"
                loader.warnings.append(
                    _problem(path, at_line, at_column, f"sources[{i}].path", message)
                )


def _check_commitment_ids(loader: Loader, meetings: list[Meeting]) -> list[str]:
    """Every commitment id in the workspace; one used twice is a problem where it recurs."""
    seen: dict[str, Path] = {}
    for meeting in meetings:
        for i, commitment in enumerate(meeting.commitments):
            if commitment.id is None:
                continue
            if commitment.id in seen:
                first = display_path(seen[commitment.id])
                message = f"commitment id '{commitment.id}' is already used in {first}"
                loader.problem(meeting.file, ("commitments", i, "id"), message)
            else:
                seen[commitment.id] = meeting.file
    return list(seen)


def is_inside_workspace(path: Path, root: Path) -> bool:
    """Whether path, with every symlink resolved, stays inside the workspace root."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def _source_inside(root: Path, source: str) -> bool:
    """A source path is relative, never climbs out, and is no link out of the workspace."""
    relative = Path(source)
    if relative.is_absolute() or ".." in relative.parts:
        return False
    return is_inside_workspace(root / relative, root)


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
