"""The reference .docx as briefgen copies it (render/word/package.py): only the parts used,
no pointer left to a part or an address that was dropped."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from support import REPO

from briefgen.errors import RenderError
from briefgen.render.word.package import MAX_PART_BYTES, clean_reference

REFERENCE = REPO / "templates" / "default" / "reference.docx"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
FONT_REL = (
    '<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/font" Target="fonts/font1.odttf"/>'
)


def _edited(target: Path, edit: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(REFERENCE) as source, zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            if name not in edit:
                out.writestr(name, source.read(name))
        for name, data in edit.items():
            if data is not None:
                out.writestr(name, data)
    return target


def test_the_bundled_reference_keeps_every_part_but_custom_xml() -> None:
    with zipfile.ZipFile(REFERENCE) as source:
        before = set(source.namelist())
    after = set(zipfile.ZipFile(clean_reference(REFERENCE)).namelist())
    assert before - after == {
        "customXml/item1.xml",
        "customXml/itemProps1.xml",
        "customXml/_rels/item1.xml.rels",
    }
    assert Document(clean_reference(REFERENCE)).styles["Heading 1"] is not None


def test_an_embedded_font_of_the_reference_goes_with_its_pointer(tmp_path: Path) -> None:
    with zipfile.ZipFile(REFERENCE) as source:
        table = source.read("word/fontTable.xml")
    font = f'<w:font w:name="Evil"><w:embedRegular {R} r:id="rIdF"/></w:font>'.encode()
    reference = _edited(
        tmp_path / "fonts.docx",
        {
            "word/fontTable.xml": table.replace(b"</w:fonts>", font + b"</w:fonts>"),
            "word/_rels/fontTable.xml.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships">{FONT_REL}</Relationships>'
            ).encode(),
            "word/fonts/font1.odttf": b"\0" * 1000,
        },
    )
    clean = zipfile.ZipFile(clean_reference(reference))
    assert "word/fonts/font1.odttf" not in clean.namelist()
    assert b"embedRegular" not in clean.read("word/fontTable.xml")
    assert b'w:name="Evil"' in clean.read("word/fontTable.xml")


def test_a_part_declared_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    reference = tmp_path / "big.docx"
    with zipfile.ZipFile(REFERENCE) as source, zipfile.ZipFile(reference, "w") as out:
        for info in source.infolist():
            if info.filename != "word/numbering.xml":
                out.writestr(info, source.read(info))
        entry = zipfile.ZipInfo("word/numbering.xml")
        entry.compress_type = zipfile.ZIP_DEFLATED
        with out.open(entry, "w", force_zip64=True) as stream:
            for _ in range(MAX_PART_BYTES // 2**20 + 1):
                stream.write(bytes(2**20))
    with pytest.raises(RenderError, match=r"part word/numbering.xml is 17.0 MB uncompressed"):
        clean_reference(reference)


def test_a_file_that_is_no_zip_is_a_message(tmp_path: Path) -> None:
    reference = tmp_path / "not.docx"
    reference.write_text("<w:document/>")
    with pytest.raises(RenderError, match="cannot open reference .docx .*not.docx"):
        clean_reference(reference)


def test_a_reference_edited_between_two_documents_is_read_again(tmp_path: Path) -> None:
    """The rebuilt reference is kept for the process, but not past an edit of the file."""
    reference = tmp_path / "reference.docx"
    _edited(reference, {})
    first = clean_reference(reference).getvalue()
    assert clean_reference(reference).getvalue() == first  # kept
    with zipfile.ZipFile(REFERENCE) as source:
        styles = source.read("word/styles.xml")
    renamed = styles.replace(b'w:val="heading 1"', b'w:val="heading 1 edited"', 1)
    assert renamed != styles
    _edited(tmp_path / "edited.docx", {"word/styles.xml": renamed}).replace(reference)
    edited = zipfile.ZipFile(clean_reference(reference))
    assert edited.read("word/styles.xml") == renamed
    reference.unlink()
    with pytest.raises(RenderError, match="cannot open reference .docx"):
        clean_reference(reference)  # a file gone is not served from memory
