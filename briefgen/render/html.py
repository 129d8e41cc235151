"""Rendering a document's Jinja template to HTML, in a sandbox, along the profile's search path.

Templates are edited by each ministry, so they run in Jinja's SandboxedEnvironment with
autoescaping always on and StrictUndefined: a misspelt variable, a syntax error or an
attempt to reach Python internals is a TemplateError naming the template file and line.

The sandbox is bounded too: templates load only from the search path's folders (a link out
of them is refused before it is read), at most 1 MB each; lists and dicts cannot be changed
(ImmutableSandboxedEnvironment); the loops of one document may run at most MAX_ITERATIONS
times in all; `*`, `**`, `%`, padding (center, ljust, …), format widths and replace may not
build huge strings or numbers; and rendering stops past MAX_OUTPUT_CHARS of output or
MAX_RENDER_SECONDS. Every for-loop's items and every call count as work (MAX_ITERATIONS in
all), and the run's deadline (briefgen/budget.py) is checked as they are counted, so a loop
that produces nothing still stops. No string a template builds (by `~`, `+`, join, padding,
formats, gettext's `%`, a namespace attribute) may pass MAX_STRING_CHARS, bytes included.
These bounds stop runaway templates; the run's memory budget (budget.py) is the backstop.
"""

from __future__ import annotations

import os
import re
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.environment import Environment
from jinja2.loaders import split_template_path
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from briefgen import budget
from briefgen.catalogs import profile_translations
from briefgen.errors import TemplateError, display_path
from briefgen.profiles import is_inside
from briefgen.render.bounds import (
    BOUNDED_FILTERS,
    BoundedCodeGenerator,
    BoundedNamespace,
    LimitError,
    bounded_filter,
    check_binop,
    check_call,
    check_joined,
    check_size,
    count_loops,
)

MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_ITERATIONS = 1_000_000
# A pack's documents are tens of KB of HTML; WeasyPrint needs minutes for ten million characters.
MAX_OUTPUT_CHARS = 1_000_000
MAX_RENDER_SECONDS = 60.0


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


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, with bounds on loops, calls and what builds big strings or numbers
    (render/bounds.py), and without lipsum()."""

    intercepted_binops = frozenset(["*", "**", "%", "+"])
    code_generator_class = BoundedCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.iterations_left = MAX_ITERATIONS
        self.unchecked = 0
        self.seconds = MAX_RENDER_SECONDS
        self.deadline = time.monotonic() + self.seconds
        self.globals["range"] = self._range
        self.globals["namespace"] = BoundedNamespace
        self.globals.pop("lipsum", None)
        for name in BOUNDED_FILTERS:
            self.filters[name] = bounded_filter(self.filters[name])

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return count_loops(super()._parse(source, name, filename))

    def checked_join(self, parts: tuple[Any, ...]) -> tuple[Any, ...]:
        check_joined(parts)
        return parts

    def counted(self, items: Any) -> Iterator[Any]:
        """A for-loop's items, each counted as work, with the run's deadline checked."""
        for item in items:
            self._work(1)
            yield item

    def _work(self, units: int) -> None:
        self.iterations_left -= units
        if self.iterations_left < 0:
            raise LimitError(
                f"the loops and calls in one document may run at most {MAX_ITERATIONS:,} "
                "times in all"
            )
        self.unchecked += units
        if self.unchecked >= 1024:
            self.unchecked = 0
            if time.monotonic() > self.deadline:
                raise LimitError(f"rendering took more than {self.seconds:.0f} s; stopped")

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self._work(1)
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's loop(children)
            args = (__self.counted(args[0]), *args[1:])
        check_call(__obj, args, kwargs)
        return check_size(super().call(__context, __obj, *args, **kwargs))

    def _range(self, *args: int) -> range:
        numbers = safe_range(*args)
        self._work(len(numbers))
        return numbers

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def start(self) -> None:
        """Reset the bounds for one document: work, and the deadline (the run's, if sooner)."""
        self.iterations_left = MAX_ITERATIONS
        self.unchecked = 0
        left = budget.seconds_left()
        self.seconds = MAX_RENDER_SECONDS if left is None else min(MAX_RENDER_SECONDS, left)
        self.deadline = time.monotonic() + self.seconds


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
            raise TemplateError(message, template or self._shown(name), line) from None

    def _render(self, name: str, context: dict[str, Any]) -> str:
        """Render, chunk by chunk, within the sandbox's bounds on work, output and time."""
        self.env.start()
        chunks: list[str] = []
        size = 0
        for chunk in self.env.get_template(name).generate(context):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise LimitError(f"the document grew past {MAX_OUTPUT_CHARS:,} characters; refused")
            if time.monotonic() > self.env.deadline:
                raise LimitError(f"rendering took more than {self.env.seconds:.0f} s; stopped")
        return "".join(chunks)

    def _shown(self, name: str) -> str:
        """The file a template name was loaded from, as the user would name it."""
        try:
            filename = self.env.get_template(name).filename
        except Exception:
            return name
        return display_path(Path(filename)) if filename else name

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
    if isinstance(exc, LimitError):
        return f"not allowed in a template: {exc}"
    if isinstance(exc, RecursionError):
        return "templates are nested too deeply: a macro or include that calls itself?"
    if isinstance(exc, MemoryError):
        return "the template needs more memory than there is"
    return f"{type(exc).__name__}: {exc}"
