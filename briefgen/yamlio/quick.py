"""The quick path of loading a record file (the reference is the safe loader, in safe.py).

ruamel's libyaml-backed "safe" loader parses in C but makes a Python node, tag and marks for
every value, then resolves and constructs each one in Python through a resolver that asks
for the YAML version at every scalar: that was most of the time of loading a workspace. The
quick path has libyaml compose the document (ruamel.yaml.clib's CParser) into light nodes,
resolving plain scalars with ruamel's own YAML 1.2 implicit-resolver patterns, and builds
plain dicts, lists and scalars from them. It gives exactly what the safe loader followed by
normalise gives for what records hold: strings, null, booleans, integers, and dates kept as
the text written. Anything else (floats, explicit tags, merge keys, duplicate or non-scalar
keys, %YAML directives) and every error go to the safe loader, which stays the reference.

CParser makes nodes with the node classes of its module, so the quick path puts its light
classes there while it composes, under a lock that the safe loader takes too.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, StreamEndEvent

from briefgen.yamlio.guards import MAX_DEPTH, MAX_VALUES, YamlProblem
from briefgen.yamlio.safe import key_text


class Fallback(Exception):
    """Not for the quick path: load with the safe loader."""


class _Tag:
    """A tag the quick resolver gave; explicit tags in the text stay strings."""

    def __init__(self, name: str) -> None:
        self.name = name


_STR, _SEQ, _MAP, _NULL, _BOOL, _INT, _TIMESTAMP = (
    _Tag(name) for name in ("str", "seq", "map", "null", "bool", "int", "timestamp")
)
_BOOLS = {"true": True, "false": False}
COMPOSING = threading.Lock()


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


def quick_load(text: str) -> Any:
    """The document as normalise(safe loader) gives it, or Fallback."""
    if _QuickParser is None or text.startswith("%") or "\n%" in text:  # a directive
        raise Fallback
    module = _CPARSER_MODULE
    with COMPOSING:
        classes = module.ScalarNode, module.SequenceNode, module.MappingNode
        module.ScalarNode, module.SequenceNode, module.MappingNode = _Scalar, _Sequence, _Mapping
        parser = _QuickParser(text)
        try:
            node = parser.get_single_node()
        except Exception:
            raise Fallback from None
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
            raise Fallback
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is str:
                key = key_node
            elif isinstance(key_node, (_Collection, _Unknown)):
                raise Fallback
            else:
                key = key_text(key_node)
            if key in mapping:  # a duplicate, or two keys that _key makes one
                raise Fallback
            value_kind = type(value_node)
            mapping[key] = value_node if value_kind is str else _build(value_node)
        return mapping
    if kind is _Sequence:
        if node.tag is not _SEQ:
            raise Fallback
        return [item if type(item) is str else _build(item) for item in node.value]
    if node is _UNKNOWN:
        raise Fallback
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


def prescan_clean(text: str) -> bool:
    """True when libyaml's events show no anchor, alias, deep nesting or excess of values.
    False when they do, or cannot tell: guards.prescan then finds and words the problem."""
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
            values += 1  # every event counts, as in guards.prescan
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
