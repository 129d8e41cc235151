"""Reading YAML 1.2 record files safely, and finding where a value sits in them.

Country codes such as NO and ON must stay strings, so YAML 1.2 (ruamel.yaml), never 1.1.
Loading is two-speed: the libyaml-backed safe loader for the common case, and the pure
round-trip loader only when a file has problems, to report the line and column of the
offending value. Anchors and aliases are refused outright: records never need them, and
they are how a "billion laughs" file explodes in memory.

The package by concern: guards.py (size, encoding, anchors, nesting, the limits), quick.py
(the libyaml quick path), safe.py (the reference safe loader), positions.py (line and column
of a value, for messages).
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from briefgen.yamlio.guards import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_TEXT_CHARS,
    MAX_VALUES,
    YamlProblem,
    needs_prescan,
    number_problem,
    prescan,
    read_record_bytes,
    read_text,
    syntax_problem,
)
from briefgen.yamlio.positions import KeyPath, LoadedYaml, Location
from briefgen.yamlio.quick import COMPOSING, Fallback, prescan_clean, quick_load
from briefgen.yamlio.safe import fast_loader, normalise

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_TEXT_CHARS",
    "MAX_VALUES",
    "KeyPath",
    "LoadedYaml",
    "Location",
    "YamlProblem",
    "load_yaml",
    "read_record_bytes",
    "read_text",
]


def load_yaml(path: Path, *, follow_links: bool = True) -> LoadedYaml:
    text = read_text(path, follow_links=follow_links)
    if needs_prescan(text) and not prescan_clean(text):
        prescan(text)
    try:
        return LoadedYaml(data=quick_load(text), text=text)
    except (Fallback, RecursionError, ValueError, KeyError, IndexError):
        pass
    try:
        with COMPOSING:  # the quick path may have lent CParser's module its node classes
            data = fast_loader.load(text)
    except MarkedYAMLError as exc:
        raise syntax_problem(exc, text) from None
    except YAMLError as exc:
        raise YamlProblem(f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise YamlProblem(f"values are nested too deeply (more than {MAX_DEPTH} levels)") from None
    except ValueError as exc:  # an integer of more digits than Python will convert
        raise number_problem(text, exc) from None
    try:
        return LoadedYaml(data=normalise(data), text=text)
    except RecursionError:
        raise YamlProblem(f"values are nested too deeply (more than {MAX_DEPTH} levels)") from None
