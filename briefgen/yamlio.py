"""Reading YAML 1.2 record files safely, and finding where a value sits in them.

Country codes such as NO and ON must stay strings, so YAML 1.2 (ruamel.yaml), never 1.1.
Loading is two-speed: the libyaml-backed safe loader for the common case, and the pure
round-trip loader only when a file has problems, to report the line and column of the
offending value. Anchors and aliases are refused outright: records never need them, and
they are how a "billion laughs" file explodes in memory.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    StreamEndEvent,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 100_000
MAX_DEPTH = 40
MAX_VALUES = 100_000

Location = tuple[int, int]  # 1-based line and column
KeyPath = tuple[str | int, ...]

# A file without these marks holds no anchor or alias, and cannot nest deeply, so the
# fast loader may read it without the event pre-scan.
_ALIAS_MARK = re.compile(r"[&*]")
_DEEP_INDENT = re.compile(r"\n {60}")
_DEEP_INDENT_TEXT = "\n" + " " * 60
# Block collections opened on one line: `- - - - x` nests without indenting.
# The same as (?:[-?:][ \t]+){20}, written to begin with a character set so that the regex
# engine skips ahead to candidates in C: four times faster on a large workspace.
_DEEP_INLINE = re.compile(r"[-?:][ \t]+(?:[-?:][ \t]+){19}")
_MANY_BRACKETS = 200


def _needs_prescan(text: str) -> bool:
    brackets = text.count("[") + text.count("{")
    return bool(
        brackets > _MANY_BRACKETS
        or "&" in text  # what _ALIAS_MARK finds, at the speed of a substring search
        or "*" in text
        or _DEEP_INDENT_TEXT in text
        or _DEEP_INLINE.search(text)
        or text.count("\n") + text.count(",") > MAX_VALUES // 2
    )


class YamlProblem(Exception):
    """A file that cannot be read as a record, with the place where that shows."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


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
        tree = _loader("rt", pure=True).load(text)
        for path, loc, key_loc in _walk_positions(tree, ()):
            self.locations[path] = loc
            if key_loc:
                self.key_locations[path] = key_loc
        self.locations.setdefault((), (1, 1))


def _loader(typ: str, pure: bool) -> YAML:
    """A YAML 1.2 loader that keeps dates as the text written: records check dates themselves,
    partial dates (2024-04) included, and an impossible date must be a message, not a crash."""
    yaml = YAML(typ=typ, pure=pure)
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", _as_text)
    for tag in _REFUSED_TAGS:
        yaml.constructor.add_constructor(f"tag:yaml.org,2002:{tag}", _refuse_tag)
    return yaml


def _as_text(constructor: Any, node: Any) -> Any:
    return constructor.construct_scalar(node)


# YAML 1.1 types that ruamel's safe loader still builds, and no record field can hold.
_REFUSED_TAGS = ("binary", "set", "omap", "pairs")


def _refuse_tag(constructor: Any, node: Any) -> Any:
    tag = node.tag.value if hasattr(node.tag, "value") else str(node.tag)
    mark = node.start_mark
    raise YamlProblem(
        f"the tag !!{tag.rsplit(':', 1)[-1]} is not allowed in records",
        mark.line + 1,
        mark.column + 1,
    )


_fast_loader = _loader("safe", pure=False)


# -- The quick path -----------------------------------------------------------------------
#
# ruamel's libyaml-backed "safe" loader parses in C but makes a Python node, tag and marks for
# every value, then resolves and constructs each one in Python through a resolver that asks
# for the YAML version at every scalar: that was most of the time of loading a workspace. The
# quick path has libyaml compose the document (ruamel.yaml.clib's CParser) into light nodes,
# resolving plain scalars with ruamel's own YAML 1.2 implicit-resolver patterns, and builds
# plain dicts, lists and scalars from them. It gives exactly what the safe loader followed by
# _normalise gives for what records hold: strings, null, booleans, integers, and dates kept as
# the text written. Anything else (floats, explicit tags, merge keys, duplicate or non-scalar
# keys, %YAML directives) and every error go to the safe loader, which stays the reference.
#
# CParser makes nodes with the node classes of its module, so the quick path puts its light
# classes there while it composes, under a lock that the safe loader takes too.


class _Fallback(Exception):
    """Not for the quick path: load with the safe loader."""


class _Tag:
    """A tag the quick resolver gave; explicit tags in the text stay strings."""

    def __init__(self, name: str) -> None:
        self.name = name


_STR, _SEQ, _MAP, _NULL, _BOOL, _INT, _TIMESTAMP = (
    _Tag(name) for name in ("str", "seq", "map", "null", "bool", "int", "timestamp")
)
_BOOLS = {"true": True, "false": False}
_COMPOSING = threading.Lock()


class _Unknown:
    """A scalar of a tag the quick path does not construct: _build falls back on it."""

    __slots__ = ()


_UNKNOWN = _Unknown()


class _Scalar:
    """CParser's ScalarNode while the quick path composes: "making a node" gives the value
    itself (str, None, bool, int, or _UNKNOWN), so no node is kept for a scalar."""

    def __new__(cls, tag: Any, value: str, *args: Any) -> Any:
        if tag is _STR or tag is _TIMESTAMP:
            return value
        if tag is _NULL:
            return None
        if tag is _BOOL:
            return _BOOLS[value.lower()]
        if tag is _INT:
            try:
                return _int(value)
            except (ValueError, IndexError):
                return _UNKNOWN
        return _UNKNOWN  # floats, merge keys, explicit tags (strings, not _Tags)


class _Collection:
    __slots__ = ("tag", "value", "start_mark", "end_mark", "flow_style", "comment", "anchor")

    def __init__(
        self,
        tag: Any,
        value: Any,
        start_mark: Any = None,
        end_mark: Any = None,
        flow_style: Any = None,
    ) -> None:
        self.tag, self.value = tag, value


class _Sequence(_Collection):
    __slots__ = ()


class _Mapping(_Collection):
    __slots__ = ()


def _implicit_resolvers() -> dict[str, list[tuple[Any, Any]]]:
    """First character -> [(tag, pattern)] of YAML 1.2, in ruamel's order."""
    from ruamel.yaml.resolver import implicit_resolvers

    ours = {f"tag:yaml.org,2002:{tag.name}": tag for tag in (_NULL, _BOOL, _INT, _TIMESTAMP)}
    table: dict[str, list[tuple[Any, Any]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            pattern = re.compile(regexp.pattern, regexp.flags)  # not ruamel's lazy proxy
            for char in first:
                table.setdefault(char, []).append((ours.get(tag, tag), pattern))
    return table


_RESOLVED_MAX = 50_000


def _quick_parser() -> tuple[Any, Any]:
    """(the CParser module, a CParser subclass resolving to _Tags), or (None, None)."""
    try:
        import _ruamel_yaml
    except ImportError:  # no ruamel.yaml.clib: the safe loader is the only path
        return None, None
    if not all(
        hasattr(_ruamel_yaml, name)
        for name in ("ScalarNode", "SequenceNode", "MappingNode", "CParser")
    ):
        return None, None
    resolvers = _implicit_resolvers()
    # Plain scalars repeat (field names, codes, topic keys, dates): each is resolved once.
    # Bounded, so a hostile file of distinct values cannot grow it without end.
    resolved: dict[str, Any] = {}

    class QuickParser(_ruamel_yaml.CParser):
        def descend_resolver(self, parent: Any, index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is _Scalar:
                if implicit[0]:
                    tag = resolved.get(value)
                    if tag is not None:
                        return tag
                    tag = _STR
                    for candidate, regexp in resolvers.get(value[:1], ()):
                        if regexp.match(value):
                            tag = candidate
                            break
                    if len(resolved) < _RESOLVED_MAX:
                        resolved[value] = tag
                    return tag
                return _STR
            return _SEQ if kind is _Sequence else _MAP

    return _ruamel_yaml, QuickParser


_CPARSER_MODULE, _QuickParser = _quick_parser()


def _quick_load(text: str) -> Any:
    """The document as _normalise(safe loader) gives it, or _Fallback."""
    if _QuickParser is None or text.startswith("%") or "\n%" in text:  # a directive
        raise _Fallback
    module = _CPARSER_MODULE
    with _COMPOSING:
        classes = module.ScalarNode, module.SequenceNode, module.MappingNode
        module.ScalarNode, module.SequenceNode, module.MappingNode = _Scalar, _Sequence, _Mapping
        parser = _QuickParser(text)
        try:
            node = parser.get_single_node()
        except Exception:
            raise _Fallback from None
        finally:
            parser.dispose()
            module.ScalarNode, module.SequenceNode, module.MappingNode = classes
    return _build(node)


def _build(node: Any) -> Any:
    kind = type(node)
    if kind is str:  # most values: returned before any other test
        return node
    if kind is _Mapping:
        if node.tag is not _MAP:
            raise _Fallback
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is str:
                key = key_node
            elif isinstance(key_node, (_Collection, _Unknown)):
                raise _Fallback
            else:
                key = _key(key_node)
            if key in mapping:  # a duplicate, or two keys that _key makes one
                raise _Fallback
            value_kind = type(value_node)
            mapping[key] = value_node if value_kind is str else _build(value_node)
        return mapping
    if kind is _Sequence:
        if node.tag is not _SEQ:
            raise _Fallback
        return [item if type(item) is str else _build(item) for item in node.value]
    if node is _UNKNOWN:
        raise _Fallback
    return node


def _int(text: str) -> int:
    """As ruamel's SafeConstructor.construct_yaml_int reads YAML 1.2."""
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == "0":
        return 0
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def read_text(path: Path) -> str:
    """The file's text, or a YamlProblem saying why it is not a text record."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            f"file is {size / 1_048_576:.1f} MB; a record file may be at most "
            f"{MAX_FILE_BYTES // 1_048_576} MB",
            1,
            1,
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise YamlProblem("file is empty", 1, 1)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem("file is UTF-16 text; save it as UTF-8", 1, 1)
    if b"\0" in raw:
        raise YamlProblem("file is binary, not a YAML text file", *_line_col(raw, raw.index(b"\0")))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        raise YamlProblem("file is not UTF-8 text; save it as UTF-8", line, col) from None
    return text.removeprefix("\ufeff")


def load_yaml(path: Path) -> LoadedYaml:
    text = read_text(path)
    if _needs_prescan(text):
        _prescan(text)
    try:
        return LoadedYaml(data=_quick_load(text), text=text)
    except (_Fallback, RecursionError, ValueError, KeyError, IndexError):
        pass
    try:
        with _COMPOSING:  # the quick path may have lent CParser's module its node classes
            data = _fast_loader.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        message = (exc.problem or exc.context or "invalid YAML").strip()
        raise YamlProblem(f"YAML syntax error: {message}", line, col) from None
    except YAMLError as exc:
        raise YamlProblem(f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise YamlProblem(f"values are nested too deeply (more than {MAX_DEPTH} levels)") from None
    except ValueError as exc:  # an integer of more digits than Python will convert
        raise _number_problem(text, exc) from None
    try:
        return LoadedYaml(data=_normalise(data), text=text)
    except RecursionError:
        raise YamlProblem(f"values are nested too deeply (more than {MAX_DEPTH} levels)") from None


_LONG_NUMBER = re.compile(r"(?<![\w.])[-+]?[0-9_]{1000,}")


def _number_problem(text: str, exc: ValueError) -> YamlProblem:
    match = _LONG_NUMBER.search(text)
    if match is None:
        return YamlProblem(f"cannot read a value: {exc}")
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    digits = sum(c.isdigit() for c in match.group())
    return YamlProblem(
        f"number has {digits:,} digits; put it in quotes if it is text", line, column
    )


def _quick_prescan_clean(text: str) -> bool:
    """True when libyaml's events show no anchor, alias, deep nesting or excess of values.
    False when they do, or cannot tell: _prescan then finds and words the problem."""
    if _QuickParser is None:
        return False
    from _ruamel_yaml import CParser

    depth = values = 0
    parser = CParser(text)
    try:
        while (event := parser.get_event()) is not None:
            kind = type(event)
            if kind is AliasEvent or getattr(event, "anchor", None):
                return False
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return False
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            values += 1  # every event counts, as in _prescan
            if values > MAX_VALUES:  # worded here: the pure-Python scan is slow on so many
                raise YamlProblem(f"file holds more than {MAX_VALUES} values", 1, 1)
            if kind is StreamEndEvent:
                return True
    except YamlProblem:
        raise
    except Exception:
        return False
    finally:
        parser.dispose()
    return False


def _prescan(text: str) -> None:
    """Refuse anchors, aliases and deep nesting before anything is built from them."""
    if _quick_prescan_clean(text):
        return
    depth = 0
    values = 0
    try:
        for event in YAML(typ="safe", pure=True).parse(text):
            if isinstance(event, AliasEvent) or (
                isinstance(event, NodeEvent) and getattr(event, "anchor", None)
            ):
                mark = event.start_mark
                raise YamlProblem(
                    "YAML anchors and aliases are not allowed in records",
                    mark.line + 1,
                    mark.column + 1,
                )
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise YamlProblem(
                        f"values are nested too deeply (more than {MAX_DEPTH} levels)",
                        mark.line + 1,
                        mark.column + 1,
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            values += 1
            if values > MAX_VALUES:
                raise YamlProblem(f"file holds more than {MAX_VALUES} values", 1, 1)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        message = (exc.problem or exc.context or "invalid YAML").strip()
        raise YamlProblem(f"YAML syntax error: {message}", line, col) from None


def _normalise(value: Any) -> Any:
    """Plain dicts, lists and strings; YAML timestamps back to the text the user wrote."""
    if isinstance(value, dict):
        return {_key(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _key(key: Any) -> str:
    """Every key as text, as written: `1:` or `null:` is a misspelt field, not a crash."""
    if isinstance(key, str):
        return key
    if isinstance(key, date):
        return key.isoformat()
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _walk_positions(
    node: Any, path: KeyPath
) -> Iterator[tuple[KeyPath, Location, Location | None]]:
    if isinstance(node, CommentedMap):
        for key in node:
            line, col, value_line, value_col = node.lc.data[key]
            child = (*path, _key(key))
            yield child, (value_line + 1, value_col + 1), (line + 1, col + 1)
            yield from _walk_positions(node[key], child)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            line, col = node.lc.data[index]
            child = (*path, index)
            yield child, (line + 1, col + 1), None
            yield from _walk_positions(item, child)


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column
