"""Rendering a document's Jinja template to HTML, in a sandbox, along the profile's search path.

Templates are edited by each ministry, so they run in Jinja's SandboxedEnvironment with
autoescaping always on and StrictUndefined: a misspelt variable, a syntax error or an
attempt to reach Python internals is a TemplateError naming the template file and line.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateError as JinjaTemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.environment import Environment
from jinja2.sandbox import SandboxedEnvironment

from briefgen.catalogs import translations_for
from briefgen.errors import TemplateError, display_path
from briefgen.profiles import is_inside


class ConfinedLoader(FileSystemLoader):
    """A FileSystemLoader that refuses templates that are links out of their folder."""

    def __init__(self, folders: list[Path]) -> None:
        super().__init__([str(f) for f in folders], encoding="utf-8", followlinks=False)
        self.folders = folders

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not any(is_inside(Path(filename), folder) for folder in self.folders):
            raise TemplateError(
                "template is a link to a file outside the templates folder; refused",
                display_path(Path(filename)),
            )
        return source, filename, uptodate


class Templates:
    """The templates of one profile in one language."""

    def __init__(self, search_path: list[Path], lang: str) -> None:
        self.search_path = search_path
        self.env = SandboxedEnvironment(
            loader=ConfinedLoader(search_path),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.install_gettext_translations(translations_for(lang), newstyle=True)  # type: ignore[attr-defined]

    def render(self, name: str, context: dict[str, Any]) -> str:
        try:
            return self.env.get_template(name).render(context)
        except TemplateNotFound as exc:
            folders = ", ".join(display_path(f) for f in self.search_path)
            raise TemplateError(f"template '{exc.name}' not found in {folders}") from None
        except TemplateSyntaxError as exc:
            where = display_path(Path(exc.filename)) if exc.filename else name
            raise TemplateError(f"syntax error: {exc.message}", where, exc.lineno) from None
        except TemplateError:
            raise
        except (JinjaTemplateError, Exception) as exc:
            template, line = self._template_frame(exc)
            message = _describe(exc)
            raise TemplateError(message, template or name, line) from None

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
        return f"unknown variable: {message}"
    if isinstance(exc, SecurityError):
        return f"not allowed in a template: {exc}"
    return f"{type(exc).__name__}: {exc}"
