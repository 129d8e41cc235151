"""A ministry's own templates in the workspace: one block and one logo overridden, the rest
inherited; and a broken override stopped with one message naming the file."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from pack_helpers import DOCUMENTS, Pack, make_pack, run_cli
from pypdf import PdfReader
from support import REPO

SEEDS = REPO / "seeds"

OBJECTIVES_OVERRIDE = """\
{% extends "layouts/brief.html.j2" %}
{% block objectives %}
<p class="aims"><strong>Aims agreed with the Minister's office</strong></p>
<ol>
{% for objective in brief.objectives %}<li>{{ objective }}</li>
{% endfor %}
</ol>
{% endblock %}
"""

# A logo that shows its own words: WeasyPrint draws SVG text as text, so the PDF carries it.
LOGO_OVERRIDE = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100" width="300" height="100">
  <rect x="2" y="2" width="296" height="96" fill="none" stroke="#7a1f5c" stroke-width="4"/>
  <text x="150" y="62" text-anchor="middle" font-family="Sarabun" font-size="34"
        fill="#7a1f5c">DESK EMBLEM</text>
</svg>
"""


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pack, Pack]:
    """The mfa pack from the seeds as built in, and from a copy that overrides the brief's
    objectives block and the logo in templates/mfa/."""
    root = tmp_path_factory.mktemp("override")
    workspace = root / "ws"
    shutil.copytree(SEEDS, workspace)
    own = workspace / "templates" / "mfa"
    own.mkdir(parents=True)
    (own / "brief.html.j2").write_text(OBJECTIVES_OVERRIDE, encoding="utf-8")
    (own / "logo.svg").write_text(LOGO_OVERRIDE, encoding="utf-8")
    built_in = make_pack(SEEDS, root / "built-in", ministry="mfa")
    overridden = make_pack(workspace, root / "overridden", ministry="mfa")
    return built_in, overridden


def test_the_overridden_block_shows_in_both_formats(packs: tuple[Pack, Pack]) -> None:
    built_in, overridden = packs
    for text in (overridden.pdf_text(DOCUMENTS[0]), overridden.docx_text(DOCUMENTS[0])):
        assert "Aims agreed with the Minister's office" in text
    assert "Aims agreed" not in built_in.pdf_text(DOCUMENTS[0])
    # The objectives are the meeting's, in the override's own list; its extra heading line
    # may cost the last of them when the brief is fitted to its one page.
    objectives = overridden.workspace.meeting("2026-12-10-th-us-2plus2").objectives  # type: ignore[union-attr]
    text = " ".join(overridden.pdf_text(DOCUMENTS[0]).split())
    shown = [o for o in objectives if " ".join(o.get("en")[0].split()[:6]) in text]
    assert len(shown) >= 2
    assert shown == objectives[: len(shown)]
    assert len(PdfReader(overridden.pdf(DOCUMENTS[0])).pages) == 1


def outline(path: Path) -> list[str]:
    """The titles of the PDF's bookmarks: its h1, h2 and h3 headings, in order."""

    def walk(items: list[Any]) -> Iterator[str]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield str(item.title)

    return list(walk(PdfReader(path).outline))


def test_everything_else_is_inherited(packs: tuple[Pack, Pack]) -> None:
    built_in, overridden = packs
    # The brief keeps the layout's every section, heading and the letterhead...
    brief = DOCUMENTS[0]
    assert outline(overridden.pdf(brief)) == outline(built_in.pdf(brief))
    assert len(outline(built_in.pdf(brief))) >= 5
    assert "Ministry of Foreign Affairs" in overridden.pdf_text(brief)
    # ... and the other two documents do not use the block: word for word the same.
    for document in DOCUMENTS[1:]:
        assert without_logo(overridden.pdf_text(document)) == without_logo(
            built_in.pdf_text(document)
        )
        assert overridden.docx_text(document) == built_in.docx_text(document)


def without_logo(text: str) -> str:
    return " ".join(text.replace("DESK EMBLEM", " ").split())


def test_the_workspace_logo_replaces_the_built_in_one(packs: tuple[Pack, Pack]) -> None:
    built_in, overridden = packs
    for document in DOCUMENTS:
        assert "DESK EMBLEM" in overridden.pdf_text(document)
        assert "DESK EMBLEM" not in built_in.pdf_text(document)
        # In the DOCX the logo is a picture: a different one from the built-in emblem's.
        assert media(overridden.docx(document)) != media(built_in.docx(document))
        assert media(overridden.docx(document))


def media(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(n) for n in sorted(archive.namelist()) if n.startswith("word/media/")]


def test_a_reference_docx_without_a_style_is_named_with_the_style(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    workspace = tmp_path / "ws"
    shutil.copytree(SEEDS, workspace)
    own = workspace / "templates" / "default"
    own.mkdir(parents=True)
    docx.Document().save(str(own / "reference.docx"))  # Word's defaults: none of ours
    result = run_cli("make", "-c", "US", "--data", "ws", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert " ".join(result.stderr.split()) == (
        'ws/templates/default/reference.docx lacks the Word styles "Marking" (paragraph style), '
        '"Small" (paragraph style), "Briefgen Table" (table style): add them in Word, or start '
        "again from the built-in one with `briefgen templates init`"
    )
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
