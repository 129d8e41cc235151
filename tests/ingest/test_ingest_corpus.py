"""ingest on real press releases it was not developed against: date, parties and principals
against what a person read from each text (tests/fixtures/releases/expected.yaml)."""

from __future__ import annotations

import shutil
from pathlib import Path

from corpus_score import HELD_OUT, RELEASES, WORKSPACE, expected, score
from typer.testing import CliRunner

from briefgen.cli import app


def test_the_corpus_holds_at_least_twenty_releases_in_both_languages() -> None:
    names = list(expected())
    assert len(names) >= 20
    assert {name[:2] for name in names} == {"en", "th"}
    assert all((RELEASES / name).is_file() for name in names)


def test_ingest_scores_at_least_90_percent_on_each_field_and_side(tmp_path: Path) -> None:
    work = tmp_path / "workspace"
    shutil.copytree(WORKSPACE, work)
    outcome = score(work)
    fractions = outcome.fractions()
    assert all(value >= 0.9 for value in fractions.values()), (fractions, outcome.misses)


def test_counterparts_add_writes_a_valid_file_with_cldr_names(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    run = CliRunner().invoke(app, ["counterparts", "add", "gb", "--data", str(root)])
    assert run.exit_code == 0, run.stderr
    written = root / "counterparts" / "GB.yaml"
    assert run.stdout == f"created {written}\n"
    text = written.read_text(encoding="utf-8")
    assert "name: {en: United Kingdom, th: สหราชอาณาจักร}" in text
    check = CliRunner().invoke(app, ["validate", "--data", str(root)])
    assert check.exit_code == 0, check.stderr
    again = CliRunner().invoke(app, ["counterparts", "add", "GB", "--data", str(root)])
    assert again.exit_code == 1
    assert again.stderr == f"{written} exists already; edit it instead\n"


def test_counterparts_add_refuses_an_unknown_code_with_suggestions(tmp_path: Path) -> None:
    run = CliRunner().invoke(app, ["counterparts", "add", "UK", "--data", str(tmp_path)])
    assert run.exit_code == 1
    assert (
        run.stderr
        == "'UK' is not a country code CLDR knows (ISO 3166, e.g. GB); did you mean GB?\n"
    )
    assert not (tmp_path / "counterparts").exists()


def test_releases_gathered_after_the_fixes_score_as_well(tmp_path: Path) -> None:
    work = tmp_path / "workspace"
    shutil.copytree(WORKSPACE, work)
    outcome = score(work, HELD_OUT)
    assert outcome.releases >= 8
    assert all(value >= 0.9 for value in outcome.fractions().values()), outcome.misses
