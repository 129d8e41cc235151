"""The whole-pack PDF: bookmarks, metadata, size and subsetted fonts, PDF/A-3b and PDF/UA-1."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from support import REPO, SEEDS, SPEC, MakeWorkspace

from briefgen.build import BuildResult, MakeOptions, build
from briefgen.errors import DataError, RenderError
from briefgen.render.combine import combine_pdfs
from briefgen.render.page import sarabun_dir
from briefgen.render.pdf import RenderedPdf, pdf_fonts
from briefgen.store import load_workspace

STEM = "2026-12-10_US"
DOCUMENTS = ("background-brief", "talking-points", "commitments-annex")
TITLES = ("Background brief", "Talking points", "Commitments annex")
MEETING = "3rd Thailand–U.S. Strategic and Defense Dialogue (2+2)"
SIZE_LIMIT = 300 * 1024


def make(
    out: Path, data: Path = SPEC, lang: str | None = None, pdf_variant: str | None = None
) -> BuildResult:
    as_of = date(2026, 11, 1)
    options = MakeOptions("US", data, out, as_of, lang=lang, pdf_variant=pdf_variant)
    return build(options)


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack")
    make(out)
    return out


def pdf_path(folder: Path, document: str) -> Path:
    return folder / f"{STEM}_{document}.pdf"


def outline(path: Path) -> list[tuple[str, int, list[str]]]:
    """(title, page index, child titles) for each top-level bookmark."""
    reader = PdfReader(path)
    entries: list[tuple[str, int, list[str]]] = []
    for item in reader.outline:
        if isinstance(item, list):  # the children of the entry before
            title, page, _ = entries[-1]
            children = [str(child.title) for child in item if not isinstance(child, list)]
            entries[-1] = (title, page, children)
        else:
            page_index = reader.get_destination_page_number(item)
            entries.append((str(item.title), -1 if page_index is None else page_index, []))
    return entries


def test_make_writes_the_pack_with_every_page(pack_dir: Path) -> None:
    pack = pdf_path(pack_dir, "briefing-pack")
    assert pack.is_file()
    counts = [len(PdfReader(pdf_path(pack_dir, d)).pages) for d in DOCUMENTS]
    assert len(PdfReader(pack).pages) == sum(counts)
    text = "\n".join(page.extract_text() for page in PdfReader(pack).pages)
    for title in TITLES:
        assert title in text


def test_pack_has_a_bookmark_for_each_document_and_its_sections(pack_dir: Path) -> None:
    entries = outline(pdf_path(pack_dir, "briefing-pack"))
    assert [title for title, _, _ in entries] == list(TITLES)
    # Each document's bookmark opens its first page; its sections are the document's own.
    first_pages, page = [], 0
    for document in DOCUMENTS:
        first_pages.append(page)
        page += len(PdfReader(pdf_path(pack_dir, document)).pages)
    assert [page for _, page, _ in entries] == first_pages
    for (title, _, sections), document in zip(entries, DOCUMENTS, strict=True):
        [(own_title, _, own_sections)] = outline(pdf_path(pack_dir, document))
        assert title == own_title
        assert sections == own_sections and sections
    assert "Purpose and objectives" in entries[0][2]
    assert "Owed by United States" in entries[2][2]


def info(path: Path) -> dict[str, str]:
    with pikepdf.open(path) as pdf:
        values = {str(k).lstrip("/"): str(v) for k, v in pdf.docinfo.items()}
        values["Lang"] = str(pdf.Root.get("/Lang", ""))
    return values


@pytest.mark.parametrize("document", [*DOCUMENTS, "briefing-pack"])
def test_every_pdf_carries_its_metadata(pack_dir: Path, document: str) -> None:
    values = info(pdf_path(pack_dir, document))
    assert values["Author"] == "Briefing Unit"
    assert values["Lang"] == "en"
    assert MEETING in values["Title"] and MEETING in values["Subject"]
    keywords = [k.strip() for k in values["Keywords"].split(",")]
    assert {"US", "United States", "2026-12-10-th-us-2plus2"} <= set(keywords)
    created = re.fullmatch(r"D:(\d{14})Z", values["CreationDate"])
    assert created, values["CreationDate"]
    when = datetime.strptime(created.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - when) < timedelta(hours=1)


def test_the_pack_has_its_own_title_and_the_documents_keep_theirs(pack_dir: Path) -> None:
    assert info(pdf_path(pack_dir, "briefing-pack"))["Title"] == f"Briefing pack: {MEETING}"
    subject = info(pdf_path(pack_dir, "briefing-pack"))["Subject"]
    assert subject.startswith("Background brief, talking points and commitments annex: ")
    for document, title in zip(DOCUMENTS, TITLES, strict=True):
        assert info(pdf_path(pack_dir, document))["Title"] == f"{title}: {MEETING}"


def fonts(path: Path) -> dict[str, int]:
    """Embedded font programs: base font name -> size of the font file, each program once."""
    found: dict[str, int] = {}
    programs: set[tuple[int, int]] = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.get("/FontDescriptor")
                if descriptor is None:
                    descriptor = font.DescendantFonts[0].FontDescriptor
                program = next(
                    descriptor[key]
                    for key in ("/FontFile2", "/FontFile3", "/FontFile")
                    if key in descriptor
                )
                if program.objgen not in programs:
                    programs.add(program.objgen)
                    name = str(font.BaseFont).lstrip("/")
                    assert name not in found, f"{name} is embedded twice"
                    found[name] = len(program.read_bytes())
    return found


def seeds_or_skip() -> Path:
    try:
        load_workspace(SEEDS)
    except DataError as exc:
        pytest.skip(f"seeds/ does not validate yet: {exc.message}")
    return SEEDS


@pytest.mark.parametrize("workspace", ["seeds", "spec"])
@pytest.mark.parametrize("lang", ["en", "th"])
def test_pack_is_small_with_subsetted_fonts(
    tmp_path: Path, pack_dir: Path, workspace: str, lang: str
) -> None:
    if workspace == "spec" and lang == "en":
        out = pack_dir
    else:
        out = tmp_path
        make(out, data=seeds_or_skip() if workspace == "seeds" else SPEC, lang=lang)
    suffix = "" if lang == "en" else f"_{lang}"
    pack = pdf_path(out, f"briefing-pack{suffix}")
    assert pack.stat().st_size < SIZE_LIMIT
    embedded = fonts(pack)
    assert embedded, "no font embedded"
    smallest_full_font = min(p.stat().st_size for p in sarabun_dir().glob("*.ttf"))
    for name, size in embedded.items():
        assert re.fullmatch(r"[A-Z]{6}\+Sarabun.*", name), f"{name} is not a subset"
        assert size < smallest_full_font / 2, f"{name}: {size} bytes"


@pytest.fixture(scope="module")
def variant_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for variant in ("pdf/a-3b", "pdf/ua-1"):
        out = tmp_path_factory.mktemp(variant.replace("/", "-"))
        make(out, pdf_variant=variant)
        folders[variant] = out
    return folders


def xmp(pdf: pikepdf.Pdf) -> dict[str, object]:
    with pdf.open_metadata() as meta:
        return dict(meta)


PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.mark.parametrize("document", ["background-brief", "briefing-pack"])
def test_pdf_a_3b_marks(variant_dirs: dict[str, Path], document: str) -> None:
    with pikepdf.open(pdf_path(variant_dirs["pdf/a-3b"], document)) as pdf:
        meta = xmp(pdf)
        assert meta[f"{PDFAID}part"] == "3"
        assert meta[f"{PDFAID}conformance"] == "B"
        title = "Briefing pack" if document == "briefing-pack" else "Background brief"
        assert str(meta[f"{DC}title"]) == f"{title}: {MEETING}"
        assert meta[f"{DC}creator"] == ["Briefing Unit"]
        [intent] = list(pdf.Root.OutputIntents)
        assert intent.S == "/GTS_PDFA1"
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile
        assert pdf.trailer.get("/ID") is not None
        assert pdf.pdf_version >= "1.7"


@pytest.mark.parametrize("document", ["background-brief", "briefing-pack"])
def test_pdf_ua_1_marks(variant_dirs: dict[str, Path], document: str) -> None:
    with pikepdf.open(pdf_path(variant_dirs["pdf/ua-1"], document)) as pdf:
        assert xmp(pdf)[f"{PDFUAID}part"] == "1"
        assert MEETING in str(xmp(pdf)[f"{DC}title"])
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        # Every page's content is tagged: one structure element per heading at least.
        kinds = set()
        pending = [pdf.Root.StructTreeRoot]
        while pending:
            element = pending.pop()
            if isinstance(element, pikepdf.Dictionary):
                if "/S" in element:
                    kinds.add(str(element.S))
                kids = element.get("/K")
                if isinstance(kids, pikepdf.Array):
                    pending.extend(kids)
                elif isinstance(kids, pikepdf.Dictionary):
                    pending.append(kids)
        assert {"/Document", "/H1", "/H2", "/P"} <= kinds


def test_pack_outline_survives_the_ua_variant(variant_dirs: dict[str, Path]) -> None:
    entries = outline(pdf_path(variant_dirs["pdf/ua-1"], "briefing-pack"))
    assert [title for title, _, _ in entries] == list(TITLES)


def test_profile_option_chooses_the_variant(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    profile = (REPO / "templates/default/profile.yaml").read_text()
    root = make_workspace({"templates/default/profile.yaml": profile + "pdf_variant: pdf/ua-1\n"})
    make(tmp_path / "out", data=root)
    with pikepdf.open(pdf_path(tmp_path / "out", "briefing-pack")) as pdf:
        assert xmp(pdf)[f"{PDFUAID}part"] == "1"


def test_combine_refuses_no_documents_and_mixed_variants() -> None:
    with pytest.raises(RenderError, match="no document"):
        combine_pdfs([], {})
    parts = [RenderedPdf(object(), None), RenderedPdf(object(), "pdf/ua-1")]
    with pytest.raises(RenderError, match="different PDF variants"):
        combine_pdfs(parts, {})


def test_a_font_two_documents_declare_is_drawn_in_both_pack_after_pack(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    """The brief (laid out here) and the talking points (laid out by a child where there are
    two CPUs) declare the same font, which the profile's stylesheets do not: each PDF draws
    with it, in each of two packs made in this process. WeasyPrint skips a font whose file
    is already in its folder, so a folder shared with the child made one of them fall back."""
    url = (sarabun_dir() / "Sarabun-Regular.ttf").as_uri()  # no weight Sarabun lacks
    face = f"@font-face {{ font-family: Own; src: url({url}); }}"
    style = f"<style>{face} h1 {{ font-family: Own; }}</style>"
    files = {
        f"templates/default/{document}.html.j2": (
            f'{{% extends "layouts/{document}.html.j2" %}}\n'
            f"{{% block head %}}{{{{ super() }}}}{style}{{% endblock %}}\n"
        )
        for document in ("brief", "talking-points")
    }
    root = make_workspace(files)
    for run in range(2):
        out = tmp_path / f"pack-{run}"
        make(out, data=root)
        for document in ("background-brief", "talking-points"):
            drawn = pdf_fonts(pdf_path(out, document).read_bytes())
            assert any("+Own" in name for name in drawn), (run, document, drawn)
