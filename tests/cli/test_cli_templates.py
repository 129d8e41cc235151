"""`briefgen templates init` and `templates check`: what they copy, and what they report."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from support import SEEDS
from typer.testing import Result

Cli = Callable[..., Result]


@pytest.fixture
def seeds_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "ws")
    return tmp_path / "ws"


def profile_name(path: Path) -> str:
    return str(YAML(typ="safe").load(path.read_text(encoding="utf-8"))["name"]["en"])


def test_init_without_from_starts_from_the_built_in_of_the_same_name(
    cli: Cli, seeds_copy: Path
) -> None:
    result = cli("templates", "init", "mfa", "--data", "ws")
    assert result.exit_code == 0, result.output
    assert profile_name(seeds_copy / "templates/mfa/profile.yaml") == (
        "Ministry of Foreign Affairs of Thailand"
    )
    assert (seeds_copy / "templates/mfa/logo.svg").is_file()
    # A new name has no built-in of its own: it starts from the neutral default.
    assert cli("templates", "init", "mfa-americas", "--data", "ws").exit_code == 0
    assert profile_name(seeds_copy / "templates/mfa-americas/profile.yaml") == "Briefing Unit"


def test_init_from_an_unknown_profile_lists_the_built_in_ones(cli: Cli, seeds_copy: Path) -> None:
    assert cli("templates", "init", "mfa-americas", "--data", "ws").exit_code == 0
    result = cli("templates", "init", "x", "--from", "foo", "--data", "ws")
    assert result.exit_code == 1
    assert result.stderr == ("--from: unknown built-in ministry 'foo'; known: default, mfa, mod\n")


def test_init_never_overwrites(cli: Cli, seeds_copy: Path) -> None:
    assert cli("templates", "init", "mod", "--data", "ws").exit_code == 0
    result = cli("templates", "init", "mod", "--data", "ws")
    assert result.exit_code == 1
    assert "ws/templates/mod already exists; edit it, or remove it to start again" in " ".join(
        result.stderr.split()
    )


def test_check_counts_every_problem_of_a_profile(cli: Cli, seeds_copy: Path) -> None:
    assert cli("templates", "init", "mfa", "--data", "ws").exit_code == 0
    profile = seeds_copy / "templates/mfa/profile.yaml"
    text = profile.read_text(encoding="utf-8").replace("date_style: long", "date_style: medium")
    profile.write_text(text + "classifcation: none\n", encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("date_style"))
    last = len(text.splitlines()) + 1
    result = cli("templates", "check", "mfa", "--data", "ws")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"mfa: ws/templates/mfa/profile.yaml:{line}:13: date_style: unknown value 'medium'; "
        "use one of: long, short",
        f"mfa: ws/templates/mfa/profile.yaml:{last}:1: classifcation: unknown field "
        "'classifcation'; did you mean 'classification'?",
        "2 problems in the templates",
    ]
