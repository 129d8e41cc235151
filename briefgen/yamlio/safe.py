"""The reference loader: ruamel's YAML 1.2 safe loader (libyaml-backed), dates kept as the
text written, YAML 1.1 types refused, and its output normalised to plain values."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ruamel.yaml import YAML

from briefgen.yamlio.guards import YamlProblem


def make_loader(typ: str, pure: bool) -> YAML:
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


fast_loader = make_loader("safe", pure=False)


def normalise(value: Any) -> Any:
    """Plain dicts, lists and strings; YAML timestamps back to the text the user wrote."""
    if isinstance(value, dict):
        return {key_text(k): normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def key_text(key: Any) -> str:
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
