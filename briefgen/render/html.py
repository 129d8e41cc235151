"""Rendering a document's Jinja template to HTML, in a sandbox, along the profile's search path.

Templates are edited by each ministry, so they run in Jinja's SandboxedEnvironment with
autoescaping always on and StrictUndefined: a misspelt variable, a syntax error or an
attempt to reach Python internals is a TemplateError naming the template file and line.

The sandbox is bounded too: templates load only from the search path's folders (a link out
of them is refused before it is read), at most 1 MB each; lists and dicts cannot be changed
(ImmutableSandboxedEnvironment); the loops of one document may run at most MAX_ITERATIONS
times in all; `*`, `**`, `%`, padding (center, ljust, …), format widths and replace may not
build huge strings or numbers; and rendering stops past MAX_OUTPUT_CHARS of output or
MAX_RENDER_SECONDS. These bounds stop runaway templates; they are not a memory quota (see
docs/security.md).
"""

from __future__ import annotations

import functools
import math
import os
import re
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.environment import Environment
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from briefgen.catalogs import profile_translations
from briefgen.errors import TemplateError, display_path
from briefgen.profiles import is_inside

MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_ITERATIONS = 1_000_000
MAX_OUTPUT_CHARS = 20_000_000
MAX_RENDER_SECONDS = 60.0
MAX_SEQUENCE_ITEMS = 1_000_000
MAX_NUMBER_BITS = 4096


class ConfinedLoader(BaseLoader):
    """Templates from the search path's folders, first match wins, as FileSystemLoader finds
    them; but a template that is a link out of its folder is refused before it is read, and
    one that is too big or not UTF-8 is refused with its file (and line)."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses '..'; drops '/' and '.'
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not path.is_file():
                continue
            shown = display_path(path)
            if not is_inside(path, folder):
                raise TemplateError(
                    "template is a link to a file outside the templates folder; refused", shown
                )
            size = path.stat().st_size
            if size > MAX_TEMPLATE_BYTES:
                raise TemplateError(
                    f"template is {size / 1_048_576:.1f} MB; a template may be at most "
                    f"{MAX_TEMPLATE_BYTES // 1_048_576} MB",
                    shown,
                )
            raw = path.read_bytes()
            try:
                source = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = raw.count(b"\n", 0, exc.start) + 1
                raise TemplateError(
                    "template is not UTF-8 text; save it as UTF-8", shown, line
                ) from None
            return source, os.path.normpath(path), _unchanged(path)
        raise TemplateNotFound(template)


def _unchanged(path: Path) -> Callable[[], bool]:
    mtime = path.stat().st_mtime
    return lambda: path.is_file() and path.stat().st_mtime == mtime


class _LimitError(Exception):
    """A template went past one of the sandbox's bounds."""


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, with bounds on loops and on what builds big strings or numbers, and
    without lipsum()."""

    intercepted_binops = frozenset(["*", "**", "%"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.iterations_left = MAX_ITERATIONS
        self.globals["range"] = self._range
        self.globals.pop("lipsum", None)
        for name in ("center", "indent", "format", "replace"):
            self.filters[name] = _bounded_filter(self.filters[name])

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_str_call(__obj, args)
        return super().call(__context, __obj, *args, **kwargs)

    def _range(self, *args: int) -> range:
        numbers = safe_range(*args)
        self.iterations_left -= len(numbers)
        if self.iterations_left < 0:
            raise _LimitError(
                f"the loops in one document may run at most {MAX_ITERATIONS:,} times in all"
            )
        return numbers

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _too_big_power(left, right):
            raise _LimitError(f"{left!r} ** {right!r} is too large a number for a template")
        if operator == "*" and _too_long_repeat(left, right):
            raise _LimitError("that repetition is too large for a template")
        if operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise _LimitError("that format width is too large for a template")
        return super().call_binop(context, operator, left, right)


# A width or precision of seven digits or more in a format string: '%0999999999d', '{:>9999999}'.
_WIDE_FORMAT = re.compile(r"[%:][^%{}]*?\d{7,}")
_PADDING = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _check_str_call(function: Any, args: tuple[Any, ...]) -> None:
    """Refuse str methods called from a template that would build a huge string."""
    target = getattr(function, "__self__", None)
    if target is None:  # the sandbox's own str.format wrapper
        target = getattr(getattr(function, "__wrapped__", None), "__self__", None)
    if not isinstance(target, str):
        return
    name = getattr(function, "__name__", "")
    if name in _PADDING:
        _check_width(args)
    elif name in ("format", "format_map") and _WIDE_FORMAT.search(target):
        raise _LimitError("that format width is too large for a template")
    elif name == "replace":
        _check_replace(target, args)


def _check_width(args: tuple[Any, ...]) -> None:
    if any(isinstance(a, int) and a > MAX_SEQUENCE_ITEMS for a in args):
        raise _LimitError("that width is too large for a template")


def _check_replace(text: str, args: tuple[Any, ...]) -> None:
    new = args[1] if len(args) > 1 else ""
    if isinstance(new, str) and (len(text) + 1) * len(new) > MAX_SEQUENCE_ITEMS:
        raise _LimitError("that replacement is too large for a template")


def _bounded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """center, indent, format and replace, refusing arguments that build a huge string."""
    name = function.__name__.removeprefix("do_")

    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not hasattr(a, "environment")]  # skip eval contexts
        if name in ("center", "indent"):
            _check_width((*values[1:], *kwargs.values()))
        elif name == "format" and values and isinstance(values[0], str):
            if _WIDE_FORMAT.search(values[0]):
                raise _LimitError("that format width is too large for a template")
        elif name == "replace" and values and isinstance(values[0], str):
            _check_replace(values[0], tuple(values[1:]))
        return function(*args, **kwargs)

    functools.update_wrapper(bounded, function)
    return bounded


def _too_big_power(base: Any, exponent: Any) -> bool:
    if not isinstance(base, int) or not isinstance(exponent, int) or exponent <= 0:
        return False
    return abs(base) > 1 and exponent * math.log2(abs(base)) > MAX_NUMBER_BITS


def _too_long_repeat(left: Any, right: Any) -> bool:
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(times, int):
            return len(sequence) * times > MAX_SEQUENCE_ITEMS
    return False


class Templates:
    """The templates of one profile in one language."""

    def __init__(self, search_path: list[Path], lang: str) -> None:
        self.search_path = search_path
        self.env = BoundedSandbox(
            loader=ConfinedLoader(search_path),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        translations = profile_translations(tuple(search_path), lang)
        self.env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]

    def render(self, name: str, context: dict[str, Any]) -> str:
        try:
            return self._render(name, context)
        except TemplateNotFound as exc:
            folders = ", ".join(display_path(f) for f in self.search_path)
            template, line = self._template_frame(exc)
            raise TemplateError(
                f"template '{exc.name}' not found in {folders}", template, line
            ) from None
        except TemplateSyntaxError as exc:
            where = display_path(Path(exc.filename)) if exc.filename else name
            raise TemplateError(f"syntax error: {exc.message}", where, exc.lineno) from None
        except TemplateError:
            raise
        except (JinjaTemplateError, Exception) as exc:
            template, line = self._template_frame(exc)
            message = _describe(exc)
            raise TemplateError(message, template or name, line) from None

    def _render(self, name: str, context: dict[str, Any]) -> str:
        """Render, chunk by chunk, within the sandbox's bounds on work, output and time."""
        self.env.iterations_left = MAX_ITERATIONS
        deadline = time.monotonic() + MAX_RENDER_SECONDS
        chunks: list[str] = []
        size = 0
        for chunk in self.env.get_template(name).generate(context):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise _LimitError(
                    f"the document grew past {MAX_OUTPUT_CHARS:,} characters; refused"
                )
            if time.monotonic() > deadline:
                raise _LimitError(f"rendering took more than {MAX_RENDER_SECONDS:.0f} s; stopped")
        return "".join(chunks)

    def _template_frame(self, exc: BaseException) -> tuple[str | None, int | None]:
        """The innermost template file and line in the traceback Jinja rewrote for us."""
        found: tuple[str | None, int | None] = (None, None)
        for frame in traceback.extract_tb(exc.__traceback__):
            path = Path(frame.filename)
            if any(is_inside(path, folder) for folder in self.search_path):
                found = (display_path(path), frame.lineno)
        return found


def _describe(exc: BaseException) -> str:
    from jinja2.exceptions import SecurityError, UndefinedError

    if isinstance(exc, UndefinedError):
        # "'briefgen.compose.context.Brief object' has no attribute 'x'" -> "'Brief' has no …"
        message = re.sub(r"'(?:[\w.]+\.)?(\w+) object'", r"'\1'", exc.message or "")
        if "is unsafe" in message:  # the sandbox's refusal of an attribute, as an undefined
            return f"not allowed in a template: {message}"
        return f"unknown variable: {message}"
    if isinstance(exc, SecurityError):
        return f"not allowed in a template: {exc}"
    if isinstance(exc, _LimitError):
        return f"not allowed in a template: {exc}"
    if isinstance(exc, RecursionError):
        return "templates are nested too deeply: a macro or include that calls itself?"
    if isinstance(exc, MemoryError):
        return "the template needs more memory than there is"
    return f"{type(exc).__name__}: {exc}"
