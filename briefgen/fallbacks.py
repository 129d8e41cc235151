"""Texts a pack shows in another language than its own, and where each one is written.

A Thai pack shows English where a field has no Thai: a mapping without a `th` text, or a plain
string in Latin script; an English pack shows Thai likewise. Nothing of this is silent: `make`
warns about every such field it shows and `validate --lang` lists every one in the workspace,
each at the file, line and column of the value. The values are stamped with their file and
key path after loading (stamp_records), and the lines and columns are looked up only for the
files that have such a field.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from briefgen.errors import Problem, display_path
from briefgen.records import Counterpart, Meeting, Workspace
from briefgen.textvalue import LocalText, script_language, written_in
from briefgen.validation import field_path
from briefgen.yamlio import KeyPath, LoadedYaml, Location, YamlProblem, read_text

SOURCE_LANGUAGE = "en"
#: How many fields `make` names one by one before it counts the rest.
SHOWN_ONE_BY_ONE = 10
#: Record fields no document shows (notes for whoever keeps the records), by the first key of
#: their path in a meeting or counterpart file; participants: see is_shown.
NOT_SHOWN = frozenset({"date_note", "summary", "people"})


@functools.cache
def language_name(code: str) -> str:
    """'Thai' for th, 'English' for en: CLDR's names, through Babel."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code.replace("-", "_")).get_display_name("en") or code)
    except (UnknownLocaleError, ValueError):
        return code


def shown_language(value: LocalText, lang: str) -> str | None:
    """The language a pack in `lang` shows the value in, when it is another; else None.

    A mapping is taken at its word: its `th` text is Thai. A plain string states no language,
    so its script tells: a Thai pack shows a string in Latin script as English."""
    if value.plain is not None:
        written = written_in(value.plain)
        return written if written is not None and written != script_language(lang) else None
    if lang in value.by_lang:
        return None
    for other in (SOURCE_LANGUAGE, *value.by_lang):
        if other in value.by_lang:
            return other
    return None


def text_fields(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, LocalText]]:
    """Every text of a record, or of any value in it, with its key path."""
    if isinstance(value, LocalText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if child is not None and not isinstance(child, str | int | float | bool):
                yield from text_fields(child, (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_fields(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_fields(item, (*path, str(key)))


def stamp(value: Any, file: Path | None, base: KeyPath = ()) -> None:
    """Note on every text in value the file and key path where it is written."""
    for path, text in text_fields(value, base):
        text.origin = (file, path)


def stamp_records(
    workspace: Workspace, meetings: Callable[[Meeting], bool] = lambda _: True
) -> None:
    """Stamp every topic and counterpart of a loaded workspace, and its meetings (or those
    `meetings` chooses); each once, so a workspace shared by many packs is walked once."""
    topics = workspace.root / "topics.yaml"
    for key, topic in workspace.topics.items():
        if topic.label.origin is None:
            stamp(topic, topics, (key,))
    for counterpart in workspace.counterparts.values():
        if counterpart.name.origin is None:
            stamp(counterpart, counterpart.file)
    for meeting in workspace.meetings:
        if meeting.title.origin is None and meetings(meeting):
            stamp(meeting, meeting.file)


@dataclass(frozen=True)
class Fallback:
    """One field shown in another language than the pack's."""

    file: Path | None
    path: KeyPath
    field: str  # what to call it when the path is not known
    wanted: str
    shown: str

    @property
    def name(self) -> str:
        return field_path(self.path) if self.path else self.field


@dataclass
class FallbackLog:
    """The fields one pack showed in another language, each once; reported in file order.

    Where each is written is found only when there is one to report: then the records it may
    come from (the meeting file the caller names, the counterparts and topics) are stamped,
    not the whole workspace."""

    lang: str
    records: Workspace | None = None
    noted: list[tuple[LocalText, str, Path | None, str]] = field(default_factory=list)

    def note(self, value: LocalText, field_name: str, source: Path | None = None) -> str | None:
        """Note value if the pack shows it in another language; that language, or None."""
        shown = shown_language(value, self.lang)
        if shown is not None:
            self.noted.append((value, field_name, source, shown))
        return shown

    def problems(self) -> list[Problem]:
        self._stamp()
        found: dict[tuple[Path | None, KeyPath | str], Fallback] = {}
        for value, field_name, source, shown in self.noted:
            if value.origin is not None:
                file, path = value.origin
                key: tuple[Path | None, KeyPath | str] = (file, path)
            else:  # a text made by briefgen itself, or not stamped: the caller's name for it
                file, path, key = source, (), (source, field_name)
            found.setdefault(key, Fallback(file, path, field_name, self.lang, shown))
        return placed(found.values())

    def _stamp(self) -> None:
        workspace = self.records
        if workspace is None or all(value.origin for value, *_ in self.noted):
            return
        sources = {source for _, _, source, _ in self.noted if source is not None}
        stamp_records(workspace, lambda meeting: meeting.file in sources)
        if any(value.origin is None for value, *_ in self.noted):
            stamp_records(workspace)

    def lines(self, limit: int = SHOWN_ONE_BY_ONE) -> list[str]:
        """A line per field, the first `limit` of them, then how many more there are."""
        return summarise(self.problems(), self.lang, limit)


def summarise(problems: list[Problem], lang: str, limit: int = SHOWN_ONE_BY_ONE) -> list[str]:
    lines = [str(p) for p in problems[:limit]]
    more = len(problems) - limit
    if more > 0:
        fields = "field" if more == 1 else "fields"
        lines.append(
            f"… and {more} more {fields} without {language_name(lang)} text; "
            f"`briefgen validate --lang {lang}` lists them"
        )
    return lines


def fields_without(count: int, lang: str) -> str:
    """'3 fields without Thai text'."""
    return f"{count} field{'' if count == 1 else 's'} without {language_name(lang)} text"


def message(fallback: Fallback) -> str:
    return f"no {language_name(fallback.wanted)} text; shown in {language_name(fallback.shown)}"


def placed(fallbacks: Iterable[Fallback]) -> list[Problem]:
    """Each fallback as a Problem at the line and column of its value, in file order."""
    places: dict[Path, dict[KeyPath, Location]] = {}
    problems = []
    for fallback in fallbacks:
        line = column = None
        if fallback.file is not None and fallback.path:
            if fallback.file not in places:
                places[fallback.file] = value_places(fallback.file)
            where = _nearest(places[fallback.file], fallback.path)
            line, column = where if where else (None, None)
        shown = display_path(fallback.file) if fallback.file is not None else "records"
        problems.append(Problem(shown, line, column, fallback.name, message(fallback)))
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.column or 0, p.field))


def _nearest(places: dict[KeyPath, Location], path: KeyPath) -> Location | None:
    for end in range(len(path), -1, -1):
        if path[:end] in places:
            return places[path[:end]]
    return None


def value_places(file: Path) -> dict[KeyPath, Location]:
    """The line and column of every value in a YAML file, by key path. libyaml's events give
    them at C speed; without libyaml, ruamel's round-trip loader does (LoadedYaml)."""
    try:
        text = read_text(file)
    except (YamlProblem, OSError):
        return {}
    try:
        return _event_places(text)
    except Exception:  # no libyaml, or a document its events do not describe simply
        loaded = LoadedYaml(data=None, text=text)
        loaded.locate(())
        return dict(loaded.locations)


@dataclass
class _Open:
    path: KeyPath
    is_mapping: bool
    index: int = 0
    key: str | None = None


def _event_places(text: str) -> dict[KeyPath, Location]:
    from _ruamel_yaml import CParser
    from ruamel.yaml.events import (
        CollectionEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceStartEvent,
    )

    places: dict[KeyPath, Location] = {}
    stack: list[_Open] = []
    parser = CParser(text)
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, ScalarEvent | MappingStartEvent | SequenceStartEvent):
                top = stack[-1] if stack else None
                if top is not None and top.is_mapping and top.key is None:
                    if not isinstance(event, ScalarEvent):
                        raise ValueError("a key that is not a scalar")
                    top.key = event.value
                    continue
                path = _child(top)
                places[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
                if isinstance(event, ScalarEvent):
                    continue
                stack.append(_Open(path, isinstance(event, MappingStartEvent)))
            elif isinstance(event, CollectionEndEvent):
                stack.pop()
                if stack and stack[-1].is_mapping:
                    stack[-1].key = None
    finally:
        parser.dispose()
    return places


def _child(top: _Open | None) -> KeyPath:
    if top is None:
        return ()
    if top.is_mapping:
        path = (*top.path, str(top.key))
        top.key = None
        return path
    top.index += 1
    return (*top.path, top.index - 1)


def is_shown(path: KeyPath, record: Counterpart | Meeting) -> bool:
    """Whether some pack shows the text at this path of a meeting or counterpart record:
    `validate --lang` lists exactly these, so that it counts what `make` can warn about.
    Of a meeting's participants, a pack names the heads of delegation (with their titles,
    as who is in the room) and each side's chair in a meeting's row, one of those heads;
    never the other members."""
    if path and path[0] in NOT_SHOWN:
        return False
    if path[:1] == ("participants",):
        return isinstance(record, Meeting) and path[1] in record.heads_of_delegation()
    return True


def workspace_fallbacks(
    workspace: Workspace, lang: str, extra: Iterable[Any] = ()
) -> list[Problem]:
    """Every field that a pack in `lang` would show in another language: the records', and
    those of the profiles and settings given in `extra` (already stamped)."""
    stamp_records(workspace)
    values = [
        *workspace.topics.values(),
        *workspace.counterparts.values(),
        *workspace.meetings,
        *extra,
    ]
    fallbacks: dict[tuple[Path | None, KeyPath], Fallback] = {}
    for value in values:
        for path, text in text_fields(value):
            if isinstance(value, Counterpart | Meeting) and not is_shown(path, value):
                continue
            shown = shown_language(text, lang)
            if shown is not None and text.origin is not None:
                file, where = text.origin
                fallbacks[file, where] = Fallback(file, where, field_path(where), lang, shown)
    return placed(fallbacks.values())


def desk_fallbacks(workspace: Workspace, lang: str) -> list[Problem]:
    """workspace_fallbacks with the desk's settings and the profiles a pack may be dressed
    in: the desk's default ministry and every profile in the workspace's templates/."""
    from briefgen.catalogs import translations_for
    from briefgen.profiles import load_profile
    from briefgen.settings import load_settings

    translations_for(lang)  # refuses a language briefgen has no catalogue for
    root = workspace.root
    settings = load_settings(root)
    names = {settings.ministry or "default"}
    own = root / "templates"
    if own.is_dir():
        names |= {p.name for p in own.iterdir() if (p / "profile.yaml").is_file()}
    profiles = [load_profile(name, root) for name in sorted(names)]
    return workspace_fallbacks(workspace, lang, [settings, *profiles])
