"""Changing a meeting record from the web app: an update on a commitment, a planned meeting's
objectives and talking points, a reviewed ingest draft.

Every change is made on the file's round-trip tree (ruamel), so its comments, key order,
quoting and indentation stay as the officer wrote them. The changed text is then checked by
the same loader as `briefgen validate`, on a scratch copy of the workspace's counterparts and
topics with the changed file beside them; only a text that passes replaces the file, and
atomically (outputs.write_atomic). A refused change leaves the file untouched and carries
the validator's messages, naming the real file and line.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor

from briefgen.errors import BriefgenError, DataError, InputError, Problem, display_path
from briefgen.outputs import write_atomic
from briefgen.records import Meeting
from briefgen.store import load_workspace
from briefgen.yamlio import YamlProblem, read_record_bytes, read_text

WIDE = 4096  # never fold a long line the officer wrote on one


class Refused(BriefgenError):
    """A change the validator refused: the messages, one a line, as `briefgen validate` says."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.messages = lines


@dataclass(frozen=True)
class UpdateFields:
    date: str
    status: str | None = None
    note: str | None = None
    due: str | None = None


def add_update(root: Path, meeting: Meeting, number: int, fields: UpdateFields) -> Meeting:
    """Append an update to the meeting's `number`-th commitment (1-based, in file order)."""
    if not 1 <= number <= len(meeting.commitments):
        raise InputError(
            f"meeting '{meeting.key}' has {len(meeting.commitments)} commitments; "
            f"there is no commitment {number}"
        )

    def change(tree: CommentedMap) -> None:
        commitment = tree["commitments"][number - 1]
        entry = CommentedMap()
        entry["date"] = _date_value(fields.date)
        for key in ("status", "due", "note"):
            value = getattr(fields, key)
            if value:
                entry[key] = _date_value(value) if key == "due" else value
        updates = commitment.get("updates")
        if updates is None:
            commitment["updates"] = CommentedSeq([entry])
        else:
            updates.append(entry)

    return change_meeting(root, meeting.file, change)


def set_plans(
    root: Path, meeting: Meeting, lang: str, objectives: list[str], points: dict[str, list[str]]
) -> Meeting:
    """Set a planned meeting's objectives and talking points in one language, leaving the
    other languages' texts of the items kept where they were."""
    if meeting.status != "planned":
        raise InputError(f"meeting '{meeting.key}' is {meeting.status}; only a planned one")

    def change(tree: CommentedMap) -> None:
        _set_texts(tree, "objectives", objectives, lang)
        if points or "talking_points" in tree:
            table = tree.setdefault("talking_points", CommentedMap())
            for topic, lines in points.items():
                if lines or topic in table:
                    _set_texts(table, topic, lines, lang)
                if topic in table and not table[topic]:
                    del table[topic]

    return change_meeting(root, meeting.file, change)


def _set_texts(parent: CommentedMap, key: str, lines: list[str], lang: str) -> None:
    items = parent.get(key)
    if items is None:
        if not lines:
            return
        items = parent[key] = CommentedSeq()
    for index, line in enumerate(lines):
        if index < len(items):
            # A talking point may be {text: …, re: [ids]}: its text changes, its re: stays.
            holder: Any = items
            slot: Any = index
            if isinstance(items[index], dict) and "text" in items[index]:
                holder, slot = items[index], "text"
            item = holder[slot]
            if isinstance(item, dict):
                item[lang] = line
            elif lang == "en":
                holder[slot] = line
            else:
                holder[slot] = CommentedMap([("en", item), (lang, line)])
        else:
            items.append(line if lang == "en" else CommentedMap([(lang, line)]))
    del items[len(lines) :]


def change_meeting(root: Path, path: Path, change: Any) -> Meeting:
    """Apply change(tree) to the meeting file's round-trip tree; check, then write it."""
    try:
        text = read_text(path)
    except (YamlProblem, OSError) as exc:
        raise InputError(f"{display_path(path)}: cannot read the record ({exc})") from None
    yaml, tree = _round_trip(text)
    change(tree)
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return write_checked(root, path, stream.getvalue())


def write_checked(root: Path, path: Path, text: str) -> Meeting:
    """Write text as the meeting file at path if the validator accepts it; else Refused."""
    meeting = check_meeting_text(root, path, text)
    write_atomic(path, text.encode("utf-8"))
    meeting._file = path
    return meeting


def check_meeting_text(root: Path, path: Path, text: str) -> Meeting:
    """The meeting that text makes, checked as `validate` checks it, against root's
    counterparts and topics; or Refused with the messages, naming path."""
    with tempfile.TemporaryDirectory(prefix="briefgen-check-") as scratch:
        copy = Path(scratch)
        shutil.copy2(root / "topics.yaml", copy / "topics.yaml")
        shutil.copytree(root / "counterparts", copy / "counterparts")
        (copy / "meetings").mkdir()
        candidate = copy / "meetings" / path.name
        candidate.write_text(text, encoding="utf-8")
        for other in _meetings_sharing_ids(root, path, _plain_tree(text)):
            shutil.copy2(other, copy / "meetings" / other.name)
        try:
            checked = load_workspace(copy)
        except DataError as exc:
            raise Refused([_as_real(p, copy, root) for p in exc.problems] + [exc.message]) from None
    found = [m for m in checked.meetings if m.file.name == path.name]
    return found[0]


def _meetings_sharing_ids(root: Path, path: Path, tree: Any) -> list[Path]:
    """The other meeting files that hold a commitment id the record names (a talking point's
    `re:`, or an id of its own, which must stay unique): the check needs them to know those
    ids, and no others, so an edit costs the same in a large workspace."""
    ids = {word.encode("utf-8") for word in _commitment_ids(tree)}
    if not ids:
        return []
    found = []
    for other in sorted((root / "meetings").glob("*.y*ml")):
        if other.name == path.name or other.is_symlink() or not other.is_file():
            continue
        try:
            raw = read_record_bytes(other, follow_links=False)
        except (OSError, YamlProblem):
            found.append(other)  # the check reads it and reports why it cannot
            continue
        if any(word in raw for word in ids):
            found.append(other)
    return found


def _plain_tree(text: str) -> Any:
    """The record's values, or None where the text is no YAML (the check reports that)."""
    try:
        return YAML(typ="safe", pure=True).load(text)
    except Exception:  # any parse failure: the loader reports it with its place
        return None


def _commitment_ids(tree: Any) -> list[str]:
    """The commitment ids a meeting's tree names: its commitments' ids, its points' re:."""
    if not isinstance(tree, dict):
        return []
    names = [c.get("id") for c in tree.get("commitments") or [] if isinstance(c, dict)]
    for points in (tree.get("talking_points") or {}).values():
        for point in points or []:
            refs = point.get("re") if isinstance(point, dict) else None
            names += refs if isinstance(refs, list) else [refs]
    return [name for name in names if isinstance(name, str) and name]


def _as_real(problem: Problem, scratch: Path, root: Path) -> str:
    """The problem as it reads in the workspace itself, not in the scratch copy."""
    for shown in (str(scratch.resolve()), str(scratch), display_path(scratch)):
        if problem.path.startswith(shown):
            relative = problem.path[len(shown) :].lstrip("/")
            return str(Problem(display_path(root / relative), *_rest(problem)))
    return str(problem)


def _rest(problem: Problem) -> tuple[int | None, int | None, str, str]:
    return problem.line, problem.column, problem.field, problem.message


class _KeepDates(RoundTripConstructor):
    """Dates read back as dates, to be written back unquoted as they were: yamlio's locating
    loader registers its dates-as-text constructor on ruamel's round-trip class itself."""


_KeepDates.add_constructor(
    "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_timestamp
)


# (mapping indent, sequence indent, dash offset), most usual first: records indent mappings
# by two and put a list's dashes either under its key or two further in.
LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 4, 0), (2, 3, 1), (4, 6, 4))


def _round_trip(text: str) -> tuple[YAML, CommentedMap]:
    """The file's tree, and a dumper with the layout that writes the file back as it was
    (or nearest to it): a change then shows in the lines it changes and no others."""
    best: tuple[int, YAML, Any] | None = None
    wanted = text.splitlines()
    for mapping, sequence, offset in LAYOUTS:
        yaml = YAML(typ="rt")
        yaml.Constructor = _KeepDates
        yaml.preserve_quotes = True
        yaml.width = WIDE
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        tree = yaml.load(text)
        if not isinstance(tree, CommentedMap):
            raise InputError("the record is not a mapping of field names to values")
        stream = io.StringIO()
        yaml.dump(tree, stream)
        written = stream.getvalue().splitlines()
        differing = sum(a != b for a, b in zip(written, wanted, strict=False))
        differing += abs(len(written) - len(wanted))
        if best is None or differing < best[0]:
            best = (differing, yaml, tree)
        if differing == 0:
            break
    assert best is not None
    return best[1], best[2]


def _date_value(text: str) -> Any:
    """A whole date as a YAML date (written unquoted, as records write them); anything else,
    a partial date or a mistake, as the text given, for the validator to judge."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return text.strip()
