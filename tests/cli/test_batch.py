"""`briefgen make --all`: every counterpart with a planned meeting, in parallel processes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from support import REPO
from synth import make_workspace
from typer.testing import Result

from briefgen.batch import make_all, planned_counterparts
from briefgen.build import MakeOptions
from briefgen.render.pdf import count_pages, pdf_text
from briefgen.store import load_workspace

AS_OF = "2026-01-01"
AS_DATE = date(2026, 1, 1)
SEEDS = REPO / "seeds"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, and three made-up counterparts with planned meetings: four packs."""
    return make_workspace(tmp_path_factory.mktemp("batch") / "ws", meetings=20, counterparts=6)


def test_planned_counterparts(synthetic: Path) -> None:
    workspace = load_workspace(synthetic)
    assert planned_counterparts(workspace, "TH", date(2026, 1, 1)) == ["S001", "S002", "S003", "US"]
    assert planned_counterparts(workspace, "TH", date(2030, 1, 1)) == []
    assert planned_counterparts(load_workspace(SEEDS), "TH", date(2027, 1, 1)) == []


@pytest.mark.slow
def test_make_all_makes_every_pack_as_make_does(
    synthetic: Path, tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("make", "--all", "--data", str(synthetic), "--as-of", AS_OF, "--out", "all")
    assert result.exit_code == 0, result.output
    packs = sorted(p.name for p in Path("all").glob("*_briefing-pack.pdf"))
    assert sorted(name.split("_")[1] for name in packs) == ["S001", "S002", "S003", "US"]
    assert len(list(Path("all").iterdir())) == 4 * 7
    assert "4 of 4 packs" in result.stdout
    for brief in Path("all").glob("*_background-brief.pdf"):
        assert count_pages(brief.read_bytes()) == 1
    one = cli("make", "-c", "US", "--data", str(synthetic), "--as-of", AS_OF, "--out", "one")
    assert one.exit_code == 0, one.output
    for made in Path("one").iterdir():
        twin = Path("all") / made.name
        assert twin.is_file()
        if made.suffix == ".pdf":
            assert pdf_text(twin.read_bytes()) == pdf_text(made.read_bytes())


@pytest.mark.slow
def test_one_worker_and_failures_reported(synthetic: Path, tmp_path: Path) -> None:
    options = MakeOptions(
        counterpart="",
        data=synthetic,
        out=tmp_path / "out",
        as_of=date(2026, 1, 1),
    )
    seen: list[object] = []
    result = make_all(options, lambda outcome, total: seen.append((outcome, total)), workers=1)
    assert result.workers == 1
    assert [o.counterpart for o in result.made] == ["S001", "S002", "S003", "US"]
    assert seen[0] == (None, 4) and len(seen) == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give --counterpart for one pack, or --all"),
        (("--all", "-c", "US"), "give --counterpart for one pack, or --all"),
        (("--all", "--meeting", "x"), "--meeting names one counterpart's meeting"),
    ],
)
def test_counterpart_or_all(
    cli: Callable[..., Result], args: tuple[str, ...], message: str
) -> None:
    result = cli("make", "--data", "seeds", *args)
    assert result.exit_code == 1
    assert message in result.stderr


def test_nothing_planned(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("make", "--all", "--data", str(SEEDS), "--as-of", "2027-01-01", "--out", "x")
    assert result.exit_code == 1
    assert "no counterpart has a meeting planned with TH on or after 2027-01-01" in result.stderr


# A template that breaks for one counterpart only: that pack fails, the others are made.
BREAKS_FOR_S002 = """{% extends "layouts/annex.html.j2" %}
{% block title %}{% if "2" in header.counterpart %}{{ header.no_such_field }}{% endif %}\
{{ super() }}{% endblock %}
"""


@pytest.mark.slow
def test_a_failed_pack_comes_back_as_its_error_and_is_reported_by_the_cli(
    synthetic: Path, tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from briefgen.errors import TemplateError

    workspace = tmp_path / "ws"
    shutil.copytree(synthetic, workspace)
    (workspace / "templates" / "default").mkdir(parents=True)
    (workspace / "templates" / "default" / "annex.html.j2").write_text(BREAKS_FOR_S002)
    options = MakeOptions(counterpart="", data=workspace, out=tmp_path / "out", as_of=AS_DATE)
    result = make_all(options, workers=2)
    assert [o.counterpart for o in result.made] == ["S001", "S003", "US"]
    [failed] = result.failed
    assert failed.counterpart == "S002" and isinstance(failed.error, TemplateError)
    # Whole, across the process boundary: its own fields, not only its message.
    assert failed.error.template is not None and failed.error.template.endswith("annex.html.j2")
    assert failed.error.line == 2
    message = f"{failed.error.template}:2: unknown variable: 'Header' has no attribute "
    assert failed.error.lines() == [message + "'no_such_field'"]

    monkeypatch.chdir(tmp_path)
    run = cli("make", "--all", "--data", "ws", "--as-of", AS_OF, "--out", "cli")
    assert run.exit_code == 1
    assert run.stderr == (
        "S002: ws/templates/default/annex.html.j2:2: unknown variable: 'Header' has no "
        "attribute 'no_such_field'\n"
    )
    assert "3 of 4 packs" in run.stdout
