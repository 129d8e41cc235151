"""The template sandbox's bounds on what builds big strings, numbers and loops.

render/html.py's BoundedSandbox calls these from its hooks: every call (`check_call`), every
binary operator it intercepts, every `~` (through `BoundedCodeGenerator`), the filters that
pad, format, replace, join, slice or sum, and a namespace's attributes. Each refuses an
operation *before* it builds a string longer than MAX_STRING_CHARS (or a number past
MAX_NUMBER_BITS, or a sequence past MAX_SEQUENCE_ITEMS), for str and bytes alike.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.utils import Namespace

MAX_STRING_CHARS = 2_000_000
MAX_SEQUENCE_ITEMS = 1_000_000
MAX_NUMBER_BITS = 4096

Text = str | bytes | bytearray


class LimitError(Exception):
    """A template went past one of the sandbox's bounds."""


# A width or precision of seven digits or more in a format string: '%0999999999d', '{:>9999999}'.
WIDE_FORMAT = re.compile(r"[%:][^%{}]*?\d{7,}")
# A width or precision taken from the arguments: '%*d', '%.*f', '{:{}}'.
ARGUMENT_WIDTH = re.compile(r"%[^%a-zA-Z]*\*|\{[^{}]*:[^{}]*\{")
_PADDING = {"center", "ljust", "rjust", "zfill", "expandtabs"}
_FORMATS = {"format", "format_map"}
_GETTEXT = {"gettext", "ngettext", "pgettext", "npgettext", "_"}


def check_size(value: Any) -> Any:
    """`value`, unless it is text longer than MAX_STRING_CHARS."""
    if isinstance(value, Text) and len(value) > MAX_STRING_CHARS:
        raise LimitError(
            f"a template may build text of at most {MAX_STRING_CHARS:,} characters; "
            f"this one has {len(value):,}"
        )
    return value


def _length(value: Any) -> int:
    if isinstance(value, Text):
        return len(value)
    if isinstance(value, int | float | bool) or value is None:
        return 24
    return len(str(value))  # a Markup-able object: its text is what is joined


def check_joined(parts: Iterable[Any], separator: int = 0) -> None:
    """Refuse joining `parts` (with a separator of that length) into too long a text."""
    total = 0
    for part in parts:
        total += _length(part) + separator
        if total > MAX_STRING_CHARS:
            raise LimitError(
                f"joined, these would pass the {MAX_STRING_CHARS:,} characters a template may build"
            )


def check_join(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The parts of a `~` concatenation, once their total length is known to be in bounds."""
    check_joined(values)
    return values


def check_format_arguments(pattern: Any, arguments: Iterable[Any]) -> None:
    """Refuse a format that pads to a huge width, literal ('%09999999d') or from the
    arguments ('%*d' % (10**9, 1))."""
    if not isinstance(pattern, Text):
        return
    text = pattern.decode("latin-1") if isinstance(pattern, bytes | bytearray) else pattern
    if WIDE_FORMAT.search(text):
        raise LimitError("that format width is too large for a template")
    if ARGUMENT_WIDTH.search(text) and any(
        isinstance(a, int) and abs(a) > MAX_SEQUENCE_ITEMS for a in _flatten(arguments)
    ):
        raise LimitError("that format width is too large for a template")


def _flatten(arguments: Iterable[Any]) -> Iterable[Any]:
    for argument in arguments:
        if isinstance(argument, tuple | list):
            yield from argument
        elif isinstance(argument, dict):
            yield from argument.values()
        else:
            yield argument


def check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse str and bytes methods, and gettext, called so as to build a huge string."""
    name = getattr(function, "__name__", "")
    if name in _GETTEXT or getattr(function, "__module__", "") == "jinja2.ext":
        if args:
            check_format_arguments(args[0], [*args[1:], kwargs])
        return
    target = getattr(function, "__self__", None)
    if target is None:  # the sandbox's own str.format wrapper
        target = getattr(getattr(function, "__wrapped__", None), "__self__", None)
    if not isinstance(target, Text):
        return
    if name in _PADDING:
        check_width((*args, *kwargs.values()))
    elif name in _FORMATS:
        check_format_arguments(target, [*args, kwargs])
    elif name == "replace":
        check_replace(target, args)
    elif name == "join" and args:
        parts = list(args[0]) if not isinstance(args[0], Text) else [args[0]]
        check_joined(parts, len(target))


def check_width(args: tuple[Any, ...]) -> None:
    if any(isinstance(a, int) and a > MAX_SEQUENCE_ITEMS for a in args):
        raise LimitError("that width is too large for a template")


def check_replace(text: Text, args: tuple[Any, ...]) -> None:
    new = args[1] if len(args) > 1 else ""
    if isinstance(new, Text) and (len(text) + 1) * len(new) > MAX_SEQUENCE_ITEMS:
        raise LimitError("that replacement is too large for a template")


def bounded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses arguments building a huge string or list."""
    name = function.__name__.removeprefix("do_")

    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not hasattr(a, "environment")]  # skip eval contexts
        if name in ("center", "indent"):
            check_width((*values[1:], *kwargs.values()))
        elif name == "format" and values:
            check_format_arguments(values[0], [*values[1:], kwargs])
        elif name == "replace" and values and isinstance(values[0], str):
            check_replace(values[0], tuple(values[1:]))
        elif name == "join" and values:
            values[0] = list(values[0])
            separator = values[1] if len(values) > 1 else kwargs.get("d", "")
            check_joined(values[0], len(separator) if isinstance(separator, str) else 0)
            args = (*args[: len(args) - len(values)], *values)
        elif name in ("slice", "batch"):
            check_width((*values[1:2], *kwargs.values()))
        elif name == "sum":
            start = values[2] if len(values) > 2 else kwargs.get("start", 0)
            if not isinstance(start, int | float):
                raise LimitError("sum adds numbers in a template")
        return check_size(function(*args, **kwargs))

    functools.update_wrapper(bounded, function)
    return bounded


BOUNDED_FILTERS = ("center", "indent", "format", "replace", "join", "slice", "batch", "sum")


def too_big_power(base: Any, exponent: Any) -> bool:
    if not isinstance(base, int) or not isinstance(exponent, int) or exponent <= 0:
        return False
    return abs(base) > 1 and exponent * math.log2(abs(base)) > MAX_NUMBER_BITS


def too_long_repeat(left: Any, right: Any) -> bool:
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, str | bytes | list | tuple) and isinstance(times, int):
            return len(sequence) * times > MAX_SEQUENCE_ITEMS
    return False


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse `**`, `*`, `%` and `+` that would build a huge number, text or list."""
    if operator == "**" and too_big_power(left, right):
        raise LimitError(f"{left!r} ** {right!r} is too large a number for a template")
    if operator == "*" and too_long_repeat(left, right):
        raise LimitError("that repetition is too large for a template")
    if operator == "%":
        check_format_arguments(left, [right])
    if operator == "+" and isinstance(left, Text | list | tuple) and isinstance(right, type(left)):
        if isinstance(left, Text):
            check_joined((left, right))
        elif len(left) + len(right) > MAX_SEQUENCE_ITEMS:
            raise LimitError("that list is too long for a template")


class BoundedNamespace(Namespace):
    """namespace(), whose attributes may not hold text past MAX_STRING_CHARS."""

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, check_size(value))


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with every `~` checked before it joins its parts."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"{join}(environment.checked_join((")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write(")))")


def count_loops(tree: nodes.Template) -> nodes.Template:
    """Every for-loop's items go through the environment's `counted` (see html.py)."""
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Call(
            nodes.EnvironmentAttribute("counted"), [loop.iter], [], None, None, lineno=loop.lineno
        )
    return tree
