"""The guards of reading a record file: size, encoding, and no anchors, aliases, deep nesting
or excess of values before anything is built from the text."""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

from briefgen.boundedread import NotRegularFile, TooLarge, read_at_most

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 100_000
MAX_DEPTH = 40
MAX_VALUES = 100_000

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


def needs_prescan(text: str) -> bool:
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


def read_record_bytes(path: Path, *, follow_links: bool = True) -> bytes:
    """The bytes of a record file, read only once the open file is known to be a regular
    file of at most MAX_FILE_BYTES: a 2 GB file is refused before a byte of it is read, and
    never more than the cap is read even if it grows meanwhile. Every read of a record file
    goes through here. Without follow_links, a link is refused (ELOOP) rather than read."""
    try:
        return read_at_most(path, MAX_FILE_BYTES, follow_links=follow_links)
    except NotRegularFile:
        raise YamlProblem("not a regular file", 1, 1) from None
    except TooLarge as exc:
        raise too_large(exc.size) from None


def too_large(size: int) -> YamlProblem:
    return YamlProblem(
        f"file is {size / 1_048_576:.1f} MB; a record file may be at most "
        f"{MAX_FILE_BYTES // 1_048_576} MB",
        1,
        1,
    )


def read_text(path: Path, *, follow_links: bool = True) -> str:
    """The file's text, or a YamlProblem saying why it is not a text record."""
    raw = read_record_bytes(path, follow_links=follow_links)
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


_LONG_NUMBER = re.compile(r"(?<![\w.])[-+]?[0-9_]{1000,}")


def number_problem(text: str, exc: ValueError) -> YamlProblem:
    match = _LONG_NUMBER.search(text)
    if match is None:
        return YamlProblem(f"cannot read a value: {exc}")
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    digits = sum(c.isdigit() for c in match.group())
    return YamlProblem(
        f"number has {digits:,} digits; put it in quotes if it is text", line, column
    )


def prescan(text: str) -> None:
    """Refuse anchors, aliases and deep nesting before anything is built from them (the
    pure-Python scan: quick.prescan_clean is tried first)."""
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
        raise syntax_problem(exc, text) from None


def syntax_problem(exc: MarkedYAMLError, text: str) -> YamlProblem:
    """The parser's complaint, located; a tab where YAML wants indentation is named as such,
    as libyaml's "found character that cannot start any token" would not tell anyone."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return YamlProblem(f"YAML syntax error: {(exc.problem or 'invalid YAML').strip()}")
    line, column = mark.line + 1, mark.column + 1
    lines = text.splitlines()
    row = lines[mark.line] if mark.line < len(lines) else ""
    tab = row.find("\t", 0, mark.column + 1)
    if tab >= 0 and not row[:tab].strip(" -"):
        return YamlProblem(
            "YAML syntax error: a tab character; YAML indents with spaces, never tabs",
            line,
            tab + 1,
        )
    message = (exc.problem or exc.context or "invalid YAML").strip()
    return YamlProblem(f"YAML syntax error: {message}", line, column)


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column
