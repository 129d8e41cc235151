"""The DOCX fills its pages as the PDF does: exact line spacing at the PDF's line pitch on every
text style, pack.css's paragraph spacing, and a background brief of one page in Word's layout
too, checked through LibreOffice on a machine without Sarabun or TH Sarabun New installed (the
DOCX embeds its fonts; scripts/setup.sh --test installs LibreOffice for CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from pack_helpers import make_pack
from pypdf import PdfReader
from support import SEEDS

from briefgen.profiles import builtin_templates, load_profile, read_profile
from briefgen.render.pack import PackRenderer
from briefgen.render.word import PDF_LAYOUT, TABLE_STYLE
from briefgen.render.word.ooxml import mm_twips

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MINISTRIES = ("default", "mfa", "mod")
LANGUAGES = ("en", "th")
AS_OF = "2026-11-01"


# -- reading spacing out of the package -------------------------------------------------------


@dataclass(frozen=True)
class Spacing:
    line: int | None  # twentieths of a point, or 240ths of a line for "auto"
    rule: str  # "auto", "exact" or "atLeast"
    before: int | None
    after: int | None


class Styles:
    """word/styles.xml of a package: spacing and size as Word resolves them through basedOn."""

    def __init__(self, package: Path) -> None:
        with zipfile.ZipFile(package) as z:
            root = etree.fromstring(z.read("word/styles.xml"))
        self.by_id = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
        # Word writes built-in names in lower case ("heading 1"), python-docx shows "Heading 1".
        self.by_name = {
            s.find(f"{W}name").get(f"{W}val").lower(): s for s in root.iter(f"{W}style")
        }
        self.default_paragraph = next(
            s.get(f"{W}styleId")
            for s in root.iter(f"{W}style")
            if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") == "1"
        )
        self.defaults = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing")

    def chain(self, style_id: str | None) -> list[etree._Element]:
        found, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            found.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return found

    def spacing(self, direct: etree._Element | None, style_id: str | None) -> Spacing:
        """The paragraph's spacing: direct formatting, then its style and the styles it is
        based on, then the document defaults; each attribute from the first that sets it."""
        layers = [direct]
        layers += [s.find(f"{W}pPr/{W}spacing") for s in self.chain(style_id)]
        layers.append(self.defaults)
        found: dict[str, str] = {}
        for layer in layers:
            if layer is None:
                continue
            if "line" not in found and layer.get(f"{W}line") is not None:
                found["line"] = layer.get(f"{W}line")
                found["rule"] = layer.get(f"{W}lineRule", "auto")
            for side in ("before", "after"):
                if side not in found and layer.get(f"{W}{side}") is not None:
                    found[side] = layer.get(f"{W}{side}")
        line = found.get("line")
        return Spacing(
            int(line) if line else None,
            found.get("rule", "auto"),
            int(found["before"]) if "before" in found else None,
            int(found["after"]) if "after" in found else None,
        )

    def style_spacing(self, name: str) -> Spacing:
        return self.spacing(None, self.by_name[name.lower()].get(f"{W}styleId"))

    def size_pt(self, name: str) -> float:
        for style in self.chain(self.by_name[name.lower()].get(f"{W}styleId")):
            size = style.find(f"{W}rPr/{W}sz")
            if size is not None:
                return int(size.get(f"{W}val")) / 2
        raise AssertionError(f"style {name} has no size")


def paragraphs(package: Path) -> list[tuple[str, etree._Element]]:
    """(part name, w:p) for every paragraph of the body, table cells, headers and footers."""
    found = []
    with zipfile.ZipFile(package) as z:
        for name in z.namelist():
            if name == "word/document.xml" or name.startswith(("word/header", "word/footer")):
                root = etree.fromstring(z.read(name))
                found += [(name, p) for p in root.iter(f"{W}p")]
    return found


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def pitch_pt(ministry: str) -> float:
    fonts = read_profile(builtin_templates() / ministry / "profile.yaml").fonts_pdf
    return fonts.size_pt * fonts.line_height


# -- the reference documents ------------------------------------------------------------------


@pytest.mark.parametrize("ministry", MINISTRIES)
def test_reference_styles_have_the_pdf_line_pitch_and_spacing(ministry: str) -> None:
    folder = builtin_templates() / ministry
    styles = Styles(folder / "reference.docx")
    profile = read_profile(folder / "profile.yaml")
    body = styles.size_pt("Normal")
    # The renderer sets "Normal" to the profile's DOCX size; the pitch is the PDF's.
    assert body == profile.fonts_docx.size_pt
    pitch = pitch_pt(ministry)
    for name, (before, after) in PDF_LAYOUT.spacing_mm.items():
        spacing = styles.style_spacing(name)
        expected = round(pitch * styles.size_pt(name) / body * 20)
        assert (spacing.rule, spacing.line) == ("exact", expected), name
        assert (spacing.before, spacing.after) == (int(mm_twips(before)), int(mm_twips(after)))
    table = styles.style_spacing(TABLE_STYLE)
    expected = round(pitch * styles.size_pt(TABLE_STYLE) / body * 20)
    assert (table.rule, table.line, table.before, table.after) == ("exact", expected, 0, 0)
    assert styles.size_pt("Title") == pytest.approx(body * 1.55, abs=0.5)  # h1 1.55em
    assert styles.size_pt("Heading 1") == pytest.approx(body * 1.08, abs=0.5)  # h2 1.08em


@pytest.mark.parametrize("line_height", [None, 1.5])
def test_docx_line_pitch_is_the_pdf_size_times_its_line_height(
    tmp_path: Path, line_height: float | None
) -> None:
    profile = load_profile("mfa", tmp_path)
    if line_height:
        profile.fonts_pdf.line_height = line_height
    settings = PackRenderer(profile, "th", tmp_path, None).docx_settings()
    assert settings.line_pitch_pt == pytest.approx(10.5 * (line_height or 1.28))


# -- the seeds brief --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mfa_thai_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mfa-th")
    pack = make_pack(SEEDS, out, "--as-of", AS_OF, lang="th", ministry="mfa")
    return pack.docx("background-brief")


def test_only_picture_paragraphs_have_automatic_line_spacing(mfa_thai_brief: Path) -> None:
    styles = Styles(mfa_thai_brief)
    pictures = 0
    for part, p in paragraphs(mfa_thai_brief):
        style = p.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else styles.default_paragraph
        spacing = styles.spacing(p.find(f"{W}pPr/{W}spacing"), style_id)
        where = f"{part}: {style_id} paragraph {text_of(p)[:40]!r}"
        if p.find(f".//{W}drawing") is not None:
            pictures += 1
            assert spacing.rule == "auto", f"{where} holds a picture: exact spacing clips it"
        else:
            assert spacing.rule == "exact", f"{where} has {spacing.rule} line spacing"
            assert spacing.line, where
    assert pictures == 1  # the letterhead's emblem


def test_cell_paragraphs_take_the_table_pitch(mfa_thai_brief: Path) -> None:
    styles = Styles(mfa_thai_brief)
    table = styles.style_spacing(TABLE_STYLE)
    with zipfile.ZipFile(mfa_thai_brief) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    cells = list(body.iter(f"{W}tc"))
    assert cells
    for cell in cells:
        for p in cell.iter(f"{W}p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            style_id = style.get(f"{W}val") if style is not None else styles.default_paragraph
            spacing = styles.spacing(p.find(f"{W}pPr/{W}spacing"), style_id)
            assert (spacing.rule, spacing.line) == (table.rule, table.line)


# -- through LibreOffice, on a machine without the fonts -----------------------------------------

DOCUMENTS = ("background-brief", "talking-points", "commitments-annex")
# The packs whose talking points and annex are compared with their PDF page for page: English
# in the default profile and Thai in mfa's; every profile's brief is checked for one page.
COMPARED = {("default", "en"), ("mfa", "th")}


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("CI"):
            pytest.fail(
                "LibreOffice (soffice) is not installed: scripts/setup.sh --test installs it"
            )
        pytest.skip("LibreOffice (soffice) is not installed: the DOCX page count is not checked")
    return found


def fontless_config(folder: Path) -> Path:
    """A fontconfig file whose only fonts are DejaVu's: neither Sarabun nor TH Sarabun New (nor
    a Thai look-alike), as on a reader's machine that never saw them."""
    fonts = [Path("/usr/share/fonts/truetype/dejavu")]
    config = folder / "fonts.conf"
    dirs = "".join(f"  <dir>{d}</dir>\n" for d in fonts if d.is_dir())
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"{dirs}  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return config


def font_installed(family: str, env: dict[str, str]) -> bool:
    listed = subprocess.run(
        ["fc-list", f":family={family}", "family"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return bool(listed.stdout.strip())


@dataclass(frozen=True)
class Converted:
    pdf_pages: int  # the PDF briefgen wrote
    docx_pages: int  # the DOCX as LibreOffice lays it out without the fonts installed
    docx_pdf: Path


@pytest.fixture(scope="module")
def libreoffice_packs(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str, str], Converted]:
    """(ministry, lang, document) -> the PDF's page count and the DOCX's in LibreOffice, laid
    out with only the fonts the DOCX carries (fontconfig has DejaVu alone)."""
    program = soffice()
    root = tmp_path_factory.mktemp("libreoffice")
    env = {**os.environ, "FONTCONFIG_FILE": str(fontless_config(root))}
    for family in ("TH Sarabun New", "Sarabun", "Laksaman"):
        assert not font_installed(family, env), f"{family} is visible to LibreOffice"
    docs = root / "docx"
    docs.mkdir()
    pdf_pages: dict[str, int] = {}
    for ministry in MINISTRIES:
        for lang in LANGUAGES:
            # make_pack names --lang only when it is not English; mod's default is Thai.
            options = ("--as-of", AS_OF, *(("--lang", "en") if lang == "en" else ()))
            pack = make_pack(
                SEEDS, root / f"{ministry}-{lang}", *options, lang=lang, ministry=ministry
            )
            compared = DOCUMENTS if (ministry, lang) in COMPARED else DOCUMENTS[:1]
            for document in compared:
                name = f"{ministry}-{lang}-{document}"
                shutil.copy(pack.docx(document), docs / f"{name}.docx")
                pdf_pages[name] = len(PdfReader(pack.pdf(document)).pages)
    subprocess.run(
        [
            program,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",  # not the user's profile
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(root / "converted"),
            *sorted(str(path) for path in docs.iterdir()),
        ],
        capture_output=True,
        env=env,
        timeout=900,
        check=True,
    )
    found = {}
    for name, pages in pdf_pages.items():
        ministry, lang, document = name.split("-", 2)
        converted = root / "converted" / f"{name}.pdf"
        assert converted.is_file(), f"LibreOffice did not convert {name}.docx"
        found[ministry, lang, document] = Converted(
            pages, len(PdfReader(converted).pages), converted
        )
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("ministry", MINISTRIES)
def test_brief_docx_is_one_page_in_libreoffice_without_the_fonts(
    libreoffice_packs: dict[tuple[str, str, str], Converted], ministry: str, lang: str
) -> None:
    brief = libreoffice_packs[ministry, lang, "background-brief"]
    assert (brief.pdf_pages, brief.docx_pages) == (1, 1)


@pytest.mark.slow
@pytest.mark.parametrize(("ministry", "lang"), sorted(COMPARED))
@pytest.mark.parametrize("document", DOCUMENTS[1:])
def test_docx_pages_are_within_one_of_the_pdf_in_libreoffice_without_the_fonts(
    libreoffice_packs: dict[tuple[str, str, str], Converted],
    ministry: str,
    lang: str,
    document: str,
) -> None:
    converted = libreoffice_packs[ministry, lang, document]
    assert abs(converted.docx_pages - converted.pdf_pages) <= 1, converted


@pytest.mark.slow
@pytest.mark.parametrize(("ministry", "lang"), sorted(COMPARED))
def test_libreoffice_draws_the_docx_in_the_embedded_sarabun(
    libreoffice_packs: dict[tuple[str, str, str], Converted], ministry: str, lang: str
) -> None:
    for document in DOCUMENTS:
        fonts = pdf_fonts(libreoffice_packs[ministry, lang, document].docx_pdf)
        assert fonts and all(font.startswith("Sarabun-") for font in fonts), (document, fonts)


def pdf_fonts(path: Path) -> set[str]:
    """The base names of the fonts a PDF draws with, without their subset prefixes."""
    found = set()
    for page in PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            found.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return found
