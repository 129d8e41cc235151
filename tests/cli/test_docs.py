"""The README documents every command and every option that `--help` shows (after
sqlite-utils' test_docs.py): a new command or option fails here until it is written up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer.main
from support import REPO

from briefgen.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command shown in the tree, groups included, with the words that reach it."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not sub.hidden:
            yield from walk(sub, (*path, name))


COMMANDS = list(walk(typer.main.get_command(app)))


def shown_options(path: tuple[str, ...], command: Any) -> list[str]:
    """Each spelling of each option `briefgen <path> --help` lists: -c, --counterpart,
    --help and, for a flag pair, both of its names."""
    context = command.context_class(command, info_name=" ".join(("briefgen", *path)))
    options = []
    for param in command.get_params(context):  # --help included
        if param.param_type_name == "option" and not param.hidden:
            options += [*param.opts, *param.secondary_opts]
    return options


OPTIONS = sorted(
    {
        (" ".join(("briefgen", *path)), option)
        for path, command in COMMANDS
        for option in shown_options(path, command)
    }
)


def in_readme(words: str) -> bool:
    """Whether the README holds `words` whole: `--as-of`, not a part of `--as-of-date`."""
    return re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", README) is not None


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=" ".join)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    command = " ".join(("briefgen", *path))
    assert in_readme(command), f"README.md does not show `{command}`"


@pytest.mark.parametrize(("command", "option"), OPTIONS, ids=[" ".join(o) for o in OPTIONS])
def test_every_option_is_in_the_readme(command: str, option: str) -> None:
    assert in_readme(option), f"README.md does not document `{option}` of `{command}`"


def test_the_options_are_read_from_the_commands() -> None:
    """The test above checks something: the make command's options are among those read."""
    make = {option for command, option in OPTIONS if command == "briefgen make"}
    assert {"-c", "--counterpart", "--as-of", "--pdf-variant", "--all", "--help"} <= make
    assert ("briefgen", "--version") in OPTIONS
