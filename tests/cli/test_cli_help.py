"""Every command explains itself, and `--help` stays light: no heavy library behind it."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest
import typer.main
from support import REPO
from typer.testing import Result

from briefgen.cli import app

Cli = Callable[..., Result]


def walk(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], object]]:
    """Every command in the tree, groups included, with the words that reach it."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, (*path, name))


COMMANDS = list(walk(typer.main.get_command(app)))
IDS = [" ".join(path) or "briefgen" for path, _ in COMMANDS]


def test_the_tree_has_the_commands_of_the_issue() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"", "validate", "list", "make"} <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_has_help(path: tuple[str, ...], command: object) -> None:
    help_text = getattr(command, "help", None) or getattr(command, "short_help", None)
    assert help_text and help_text.strip(), f"{' '.join(path) or 'briefgen'} has no help text"
    for param in getattr(command, "params", []):
        if getattr(param, "param_type_name", "") == "option" and param.name != "help":
            assert getattr(param, "help", None), f"{' '.join(path)} {param.opts} has no help"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_exits_0(cli: Cli, path: tuple[str, ...], command: object) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert "Usage:" in result.stdout
    first_line = str(getattr(command, "help", "")).strip().splitlines()[0]
    # Help is wrapped to the terminal, so compare word by word.
    assert " ".join(first_line.split()[:4]) in " ".join(result.stdout.split())
    assert result.stderr == ""


def test_no_arguments_shows_help(cli: Cli) -> None:
    result = cli()
    assert "Usage:" in result.output
    for name in ("validate", "list", "make"):
        assert name in result.output


def test_version(cli: Cli) -> None:
    from briefgen import __version__

    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"briefgen {__version__}\n"


HEAVY = ("weasyprint", "docx", "jinja2", "pypdf", "pythainlp", "pikepdf")
# What `briefgen --help` must not load either: the records (typer itself loads pydantic for
# a command's own help).
RECORDS = ("pydantic", "ruamel.yaml", "briefgen.store")

CHECK_IMPORTS = f"""
import sys
from typer.testing import CliRunner
import briefgen.cli
loaded_on_import = sorted(m for m in {HEAVY!r} if m in sys.modules)
import typer.main

import contextlib, io
sys.argv = ["briefgen", "--help"]  # the console script's entry point
with contextlib.redirect_stdout(io.StringIO()):
    try:
        briefgen.cli.main()
    except SystemExit as done:
        assert done.code == 0, done.code
loaded_on_import += sorted(m for m in {RECORDS!r} if m in sys.modules)

def walk(command, path=()):
    yield path
    for name, sub in getattr(command, "commands", {{}}).items():
        yield from walk(sub, (*path, name))

for path in walk(typer.main.get_command(briefgen.cli.app)):
    result = CliRunner().invoke(briefgen.cli.app, [*path, "--help"])
    assert result.exit_code == 0, result.output
loaded_by_help = sorted(m for m in {HEAVY!r} if m in sys.modules)
print(loaded_on_import, loaded_by_help)
"""


def test_importing_the_cli_does_not_import_heavy_libraries() -> None:
    # In a fresh interpreter: this test session has long imported everything.
    done = subprocess.run(
        [sys.executable, "-c", CHECK_IMPORTS],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[] []\n"


# Help in the officer's words ---------------------------------------------------------------

# How typer shows a parameter it has no metavar for: <str>, <int>, <path>, <list[str]>…
PYTHON_TYPES = re.compile(
    r"<(str|int|float|bool|path|datetime|uuid|list\[\w+\]|[\w,]+ range)>|NoneType|Optional\["
)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_no_help_shows_a_python_type(cli: Cli, path: tuple[str, ...], command: object) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.output
    assert not PYTHON_TYPES.search(result.stdout), result.stdout


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_help_ends_with_one_example(cli: Cli, path: tuple[str, ...], command: object) -> None:
    result = cli(*path, "--help")
    last = result.stdout.strip().splitlines()[-1].strip()
    assert last.startswith("Example: briefgen "), result.stdout
    assert result.stdout.count("Example:") == 1


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (("mail",), ["--to EMAIL", "--cc EMAIL", "--from EMAIL", "--smtp-port PORT",
                     "--smtp-host HOST", "--smtp-ca FILE", "--classification LEVEL",
                     "-c, --counterpart CODE", "--out DIR", "--as-of DATE"]),
        (("make",), ["-c, --counterpart CODE", "--meeting ID", "--out DIR", "--data DIR",
                     "--as-of DATE", "--classification LEVEL", "--lang LANG"]),
        (("list",), ["--meetings", "-c, --counterpart CODE", "--ministry PROFILE"]),
        (("ingest",), ["{FILE}", "FILE  Press release"]),
    ],
)  # fmt: skip
def test_options_are_named_in_the_officers_words(
    cli: Cli, path: tuple[str, ...], shown: list[str]
) -> None:
    result = cli(*path, "--help")
    for text in shown:
        assert text in result.stdout, text


def test_shell_completion_is_offered_and_documented(cli: Cli) -> None:
    result = cli("--help")
    assert "--install-completion" in result.stdout
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "briefgen --install-completion" in readme


# Allowed values: the ones the profiles and the renderer take, in help and in refusals -----


@pytest.mark.parametrize("command", [("make",), ("mail", "--to", "a@example.org")])
def test_classification_levels_are_the_profiles(cli: Cli, command: tuple[str, ...]) -> None:
    from typing import get_args

    from briefgen.profiles import Profile

    levels = get_args(Profile.model_fields["classification"].annotation)
    assert levels == ("none", "confidential", "secret", "top-secret")
    shown = " ".join(cli(command[0], "--help").stdout.split())
    assert ": none, confidential, secret, top-secret [default:" in shown
    result = cli(*command, "-c", "US", "--classification", "restricted")
    assert result.exit_code == 1
    assert result.stderr == (
        "--classification: unknown level 'restricted'; use one of: "
        "none, confidential, secret, top-secret\n"
    )


def test_pdf_variants_are_the_renderers(cli: Cli) -> None:
    from briefgen.render.pdf import PDF_VARIANTS

    assert PDF_VARIANTS == (None, "pdf/a-3b", "pdf/ua-1")
    shown = " ".join(cli("make", "--help").stdout.split())
    assert "pdf/a-3b (archival) or pdf/ua-1 (accessible)" in shown
    result = cli("make", "-c", "US", "--pdf-variant", "pdf/a-1b")
    assert result.exit_code == 1
    assert result.stderr == (
        "--pdf-variant: unknown variant 'pdf/a-1b'; use one of: pdf/a-3b, pdf/ua-1\n"
    )
