"""Loading a workspace: read every record file, validate it, check it against the others."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import briefgen
from briefgen.errors import DataError, InputError, display_path
from briefgen.records import Counterpart, Meeting, Topic, Workspace
from briefgen.store.cache import FileKey, RecordCache, cache_wanted, file_key
from briefgen.store.counterparts import match_counterpart
from briefgen.store.digest import Digested, DigestReader, digest_of
from briefgen.store.loader import Loader, located_problem
from briefgen.store.parallel import prefetch
from briefgen.store.references import Checked, Read, References, check_references, readable_code
from briefgen.textvalue import ID_PATTERN, TOPIC_KEY_PATTERN
from briefgen.yamlio import YamlProblem, read_record_bytes


def load_workspace(root: Path, *, naming: Sequence[str] = (), cache: bool = False) -> Workspace:
    """Load and check every record under root; raise DataError listing every problem.

    With `naming` (what `make` was given: the counterpart as code, name or alias, and the
    meeting id), only the meeting files that name the counterpart or the meeting are read,
    so a pack costs the same in a workspace of ten thousand meetings as in one of a hundred,
    and a slip in an unrelated record does not hold it up; `validate` reads everything.
    Topics and counterparts are always read whole: every meeting refers to them.

    With `cache` (for `validate` only: see store/cache.py and store/digest.py), an unchanged
    valid meeting file is taken from the workspace's record cache, not parsed again, and its
    Meeting carries only what the checks and the summary read, not its texts.
    """
    if not root.is_dir():
        raise InputError(f"{root}: no such workspace folder (give one with --data)")
    with gc_paused():
        return _load_workspace(root, naming, cache and not naming and cache_wanted())


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


def _load_workspace(root: Path, naming: Sequence[str] = (), cached: bool = False) -> Workspace:
    loader = Loader(root)
    known = References(codes=[], topics=[])
    topics = _load_topics(loader, known)
    counterparts = _load_counterparts(loader, known)
    folder = loader.root / "meetings"
    # Only for files in the workspace: a meetings folder that is a link out of it is read
    # file by file, and each file refused, as ever.
    cached = cached and loader.folder_inside(folder)
    files = _record_files(folder, keys=cached)
    cache = RecordCache.open(root, len(files)) if cached else None
    tokens = _tokens(naming, counterparts)
    if tokens is not None:
        # A meeting's id is its file name unless the file gives one.
        stems = set(naming[1:])
        files = [(p, k) for p, k in files if p.stem in stems or _may_name(p, tokens)]
    meetings, checked = _load_meetings(loader, files, cache)
    check_references(loader, checked, known, reread=functools.partial(_reread, loader))
    if cache is not None:
        cache.save()
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


def _load_topics(loader: Loader, known: References) -> dict[str, Topic]:
    path = loader.root / "topics.yaml"
    if not path.is_file():
        loader.problems.append(located_problem(path, None, None, "", "file is missing"))
        return {}
    data = loader.read(path)
    if data is None:
        known.any_topic = True  # its slip is reported there, not in every meeting
        return {}
    topics: dict[str, Topic] = {}
    for key, value in data.items():
        valid_key = isinstance(key, str) and TOPIC_KEY_PATTERN.fullmatch(key)
        topic = loader.validate(path, Topic, value, base=(key,))
        if topic is None:
            if valid_key:  # meetings may name it: its own problem is reported here, once
                known.unchecked.add(key)
            continue
        if not valid_key:
            loader.problem(
                path,
                (key,),
                f"'{key}' is not a topic key; use lower-case letters, digits and '-'",
                key=True,
            )
            continue
        topics[key] = topic
    known.topics += topics
    return topics


def _record_files(folder: Path, *, keys: bool = False) -> list[tuple[Path, FileKey | None]]:
    """The record files of the folder, by name, each with its FileKey when `keys` (None for
    a link, which is never cached)."""
    if not folder.is_dir():
        return []
    # scandir knows each entry's type without another stat; names sort as paths would.
    found: list[tuple[str, FileKey | None]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if os.path.splitext(entry.name)[1] in (".yaml", ".yml") and entry.is_file():
                found.append((entry.name, _key(entry) if keys else None))
    found.sort()
    return [(folder / name, key) for name, key in found]


def _key(entry: os.DirEntry[str]) -> FileKey | None:
    try:
        return file_key(entry.stat(follow_symlinks=False))
    except OSError:
        return None


def _load_counterparts(loader: Loader, known: References) -> dict[str, Counterpart]:
    counterparts: dict[str, Counterpart] = {}
    first_file: dict[str, Path] = {}
    folder = loader.root / "counterparts"
    if not folder.is_dir():
        loader.problems.append(located_problem(folder, None, None, "", "folder is missing"))
    for path, _ in _record_files(folder):
        data = loader.read(path)
        counterpart = loader.validate(path, Counterpart, data) if data is not None else None
        if counterpart is None:
            # The code as written, or else the file name's (JP.yaml): a file that does not
            # even parse still names a counterpart the meetings may refer to.
            code = readable_code(data.get("code")) if data is not None else None
            code = code or readable_code(path.stem)
            if code is not None:  # meetings may name it: its problems are reported here, once
                known.unchecked.add(code)
            continue
        if counterpart.code in counterparts:
            other = display_path(first_file[counterpart.code])
            loader.problem(
                path,
                ("code",),
                f"duplicate counterpart code '{counterpart.code}'; {other} has it too",
            )
            continue
        counterpart._file = path
        counterparts[counterpart.code] = counterpart
        first_file[counterpart.code] = path
    known.codes += counterparts
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
    found = match_counterpart(counterparts, counterpart)
    if found is None:
        return None
    words = [found.code, *(other for other in others if other)]
    encoded = [word.encode("utf-8").translate(_AS_WORDS) for word in words]
    if any(b" " in word or not word for word in encoded):
        return None  # not a single word: no telling where it stands, so read everything
    return [b" " + word + b" " for word in encoded]


def _may_name(path: Path, tokens: list[bytes]) -> bool:
    """Whether the meeting file may name one of `tokens`. A whole word counts wherever it
    stands (a comment, a quoted string, a flow list) and in any case, as codes are
    upper-cased when read, so no file that names it is left out. A link, or a file that
    cannot be read, or is too large to read, is handed to the loader, which refuses or
    reports it as usual (the same message as `validate`)."""
    try:
        raw = read_record_bytes(path, follow_links=False)
    except (OSError, YamlProblem):
        return True
    words = b" " + raw.translate(_AS_WORDS) + b" "
    return any(token in words for token in tokens)


def _load_meetings(
    loader: Loader, files: list[tuple[Path, FileKey | None]], cache: RecordCache | None
) -> tuple[list[Meeting], list[Checked]]:
    """The valid meetings, and every meeting to check references in, in file order: the
    valid ones (as cached, for an unchanged file), and the raw values of those that did not
    validate."""
    meetings: list[Meeting] = []
    checked: list[Checked] = []
    first_file: dict[str, Path] = {}
    from_cache: list[Digested | None] = [None] * len(files)
    if cache is not None:
        from_cache = _cached_meetings(loader, files, cache)
    unread = [path for (path, _), d in zip(files, from_cache, strict=True) if d is None]
    reading = prefetch(loader, unread)
    for (path, key), digested in zip(files, from_cache, strict=True):
        if digested is not None:
            meeting = digested.meeting
        else:
            if next(reading) != path:  # prefetch yields the paths it was given, in order
                raise AssertionError(path)
            data = loader.read(path)
            if data is None:
                continue
            read = loader.validate(path, Meeting, data)
            if read is None:
                checked.append((path, data))
                continue
            meeting = read
            if cache is not None and key is not None:
                cache.put(_cache_name(path), key, digest_of(meeting))
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
        if digested is None:
            meeting._file = path  # a cached one was made with it
        if meeting.key in first_file:
            other = display_path(first_file[meeting.key])
            loader.problem(path, ("id",), f"duplicate id '{meeting.key}'; {other} has it too")
            continue
        first_file[meeting.key] = path
        meetings.append(meeting)
        checked.append((path, digested or meeting))
    return meetings, checked


def _cached_meetings(
    loader: Loader, files: list[tuple[Path, FileKey | None]], cache: RecordCache
) -> list[Digested | None]:
    """For each file, its meeting as the cache kept it, or None if it must be read; where a
    problem must be placed in a cached one, its file is read then (Loader.loaded)."""
    found: list[Digested | None] = []
    reader = DigestReader()
    for path, key in files:
        entry = cache.get(name := _cache_name(path), key) if key is not None else None
        meeting = reader.meeting(entry, path) if entry is not None else None
        if meeting is None and entry is not None:
            cache.forget(name)
        elif meeting is not None:
            loader.cached.add(path)
        found.append(meeting)
    return found


def _cache_name(path: Path) -> str:
    """The file's name in the cache: its path within the workspace (meetings/<name>)."""
    return f"{path.parent.name}/{path.name}"


def _reread(loader: Loader, path: Path) -> Read | None:
    """A cached meeting read from its file after all, for its references to be checked and
    placed: the validated record, else its raw values, else None."""
    data = loader.read(path)
    if data is None:
        return None
    meeting = loader.validate(path, Meeting, data)
    return (path, meeting if meeting is not None else data)
