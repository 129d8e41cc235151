"""One tree of errors. The CLI turns any BriefgenError into a red message and exit code 1.

Everything a user can cause (bad records, a broken template, a missing style) raises a
subclass of BriefgenError. Anything else is a bug in briefgen and keeps its traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one input file, at the place of the offending value."""

    path: str
    line: int | None = None
    column: int | None = None
    field: str = ""
    message: str = ""

    def __str__(self) -> str:
        place = self.path
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{place}:{field} {self.message}"


class BriefgenError(Exception):
    """Base of every error a user can cause and fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The error as the user reads it, one line per problem: the one place an error
        becomes text (the CLI boundary, `make --all`'s failed packs, `templates check`).
        A message may list several problems (a profile's invalid fields)."""
        return self.message.splitlines()

    def __reduce__(self) -> tuple[Any, ...]:
        # Crosses from a `make --all` worker whole: subclasses take other arguments than
        # their message, so pickle the attributes rather than call __init__ again.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(
    kind: type[BriefgenError], args: tuple[Any, ...], state: dict[str, Any]
) -> BriefgenError:
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class DataError(BriefgenError):
    """The workspace's records are invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_order)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the records")

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] + [self.message]


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line or 0, problem.column or 0, problem.field)


class InputError(BriefgenError):
    """A bad option or argument: an unknown counterpart, an unsafe name, a missing meeting."""


class ProfileError(BriefgenError):
    """A ministry profile is missing or invalid."""


class TemplateError(BriefgenError):
    """A template fails to load or render; names the template file and line."""

    def __init__(self, message: str, template: str | None = None, line: int | None = None):
        place = ""
        if template:
            place = f"{template}:{line}: " if line else f"{template}: "
        super().__init__(place + message)
        self.template = template
        self.line = line


class StyleError(BriefgenError):
    """A reference .docx lacks a Word style that briefgen needs."""


class RenderError(BriefgenError):
    """A document could not be rendered or written."""


class CheckFailed(BriefgenError):
    """`templates check` found problems; one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the templates")

    def lines(self) -> list[str]:
        return [*self.problems, self.message]


class IngestError(BriefgenError):
    """A source document could not be read into a draft record."""


class MailError(BriefgenError):
    """The e-mail draft could not be written or sent."""


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user typed it: relative to the working folder where possible. A link is
    named as itself, not as the file it points to."""
    for root in filter(None, (base, Path.cwd())):
        try:
            return str(Path(os.path.abspath(path)).relative_to(root.resolve()))
        except ValueError:
            pass
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            continue
    return str(path)
