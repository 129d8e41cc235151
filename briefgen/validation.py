"""Turning pydantic's validation errors into messages a desk officer can act on."""

from __future__ import annotations

import difflib
import re
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from briefgen.yamlio import KeyPath

_QUOTED = re.compile(r"'([^']*)'")

_PLAIN_MESSAGES = {
    "missing": "required field is missing",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping of field names to values",
    "model_attributes_type": "expected a mapping of field names to values",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "finite_number": "expected a finite number",
    "string_type": "expected a string",
    "bool_type": "expected true or false",
}

# Fields people add that briefgen works out itself; "did you mean 'due'?" would mislead.
_COMPUTED = {
    "overdue": "overdue is never stored: it is computed from due and status against the "
    "reference date (--as-of)",
}


def field_path(loc: KeyPath) -> str:
    """('commitments', 2, 'status') -> 'commitments[2].status'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part == "[key]":
            continue
        else:
            text += f".{part}" if text else str(part)
    return text


def describe_error(model: type[BaseModel], error: ErrorDetails) -> tuple[str, bool]:
    """The message for one pydantic error, and whether it points at a key rather than a value."""
    kind = error["type"]
    loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        name = str(loc[-1])
        message = f"unknown field '{name}'"
        if name in _COMPUTED:
            return f"{message}; {_COMPUTED[name]}", True
        known = fields_at(model, loc[:-1])
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            message += f"; did you mean '{close[0]}'?"
        elif known:
            message += f"; known fields: {', '.join(known)}"
        return message, True
    if kind == "literal_error":
        expected = _QUOTED.findall(str(error.get("ctx", {}).get("expected", "")))
        value = str(error.get("input"))
        message = f"unknown value '{value}'"
        close = difflib.get_close_matches(value, expected, n=1, cutoff=0.5)
        if close:
            return f"{message}; did you mean '{close[0]}'? Use one of: {', '.join(expected)}", False
        return f"{message}; use one of: {', '.join(expected)}", False
    if kind == "too_short":
        minimum = error.get("ctx", {}).get("min_length", 1)
        return f"needs at least {minimum} item{'s' if minimum != 1 else ''}", False
    if kind == "greater_than_equal":
        return f"must be at least {error.get('ctx', {}).get('ge')}", False
    if kind == "less_than_equal":
        return f"must be at most {error.get('ctx', {}).get('le')}", False
    if kind == "missing":
        allowed = allowed_values(model, loc)
        message = _PLAIN_MESSAGES[kind]
        return (f"{message}; use one of: {', '.join(allowed)}" if allowed else message), True
    if kind in _PLAIN_MESSAGES:
        return _PLAIN_MESSAGES[kind], False
    return error["msg"], False


def allowed_values(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """The values a field of fixed choices (a Literal) takes, as pydantic lists them when
    one is wrong; [] for any other field."""
    owner = _annotation_at(model, loc[:-1])
    if not (isinstance(owner, type) and issubclass(owner, BaseModel)):
        return []
    field = owner.model_fields.get(str(loc[-1])) if loc else None
    annotation = _unwrap(field.annotation) if field else None
    if get_origin(annotation) is not Literal:
        return []
    return [str(value) for value in get_args(annotation)]


def fields_at(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """The field names valid at loc inside model, for suggesting the nearest one."""
    current = _annotation_at(model, loc)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _annotation_at(model: type[BaseModel], loc: KeyPath) -> Any:
    """The type found at loc inside model, unwrapped; None where loc leads nowhere."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif get_origin(current) in (list, dict):
            current = get_args(current)[-1]
        else:
            return None
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated, leaving the model, list or dict underneath."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation
