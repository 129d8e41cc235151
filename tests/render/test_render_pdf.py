"""PDF rendering through WeasyPrint: pages, Thai text, embedded fonts, the resource policy,
PDF variants and metadata, and the same text in the PDF and the DOCX. Real rendering."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import fontpkg_sarabun
import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image, ImageDraw
from pypdf import PdfReader
from support import REPO, TESTS

from briefgen.errors import RenderError
from briefgen.render.pdf import (
    ResourcePolicy,
    count_pages,
    make_url_fetcher,
    pdf_fonts,
    pdf_text,
    render_pdf,
)
from briefgen.render.word import DocxSettings, build_reference_docx, html_to_docx

FIXTURES = TESTS / "fixtures" / "render"
SARABUN = fontpkg_sarabun.ROOT / "files"
FACES = [
    ("Regular", 400, "normal"),
    ("Italic", 400, "italic"),
    ("Bold", 700, "normal"),
    ("BoldItalic", 700, "italic"),
    ("ExtraBold", 800, "normal"),
]
THAI = "[\u0e00-\u0e7f]"


def font_faces() -> str:
    rules = []
    for name, weight, style in FACES:
        url = (SARABUN / f"Sarabun-{name}.ttf").as_uri()
        rules.append(
            f'@font-face {{ font-family: Sarabun; src: url("{url}"); font-weight: {weight};'
            f" font-style: {style}; }}\n"
        )
    return "".join(rules)


def make_workspace(root: Path) -> Path:
    """The fixtures, a logo and the @font-face rules, as a ministry's workspace would hold."""
    work = root / "work"
    shutil.copytree(FIXTURES, work)
    logo = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(logo).ellipse((10, 10, 110, 110), outline="#b8860b", width=8)
    logo.save(work / "logo.png")
    (work / "fonts.css").write_text(font_faces(), encoding="utf-8")
    return work


def policy_for(work: Path) -> ResourcePolicy:
    return ResourcePolicy(roots=[work, fontpkg_sarabun.ROOT])


def page_html(body: str, head: str = "", lang: str = "th") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<style>{font_faces()} html {{ font-family: Sarabun; font-size: 12pt }}</style>"
        f"{head}</head><body>{body}</body></html>"
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = make_workspace(tmp_path_factory.mktemp("sample"))
    html = (work / "sample.html").read_text(encoding="utf-8")
    policy = policy_for(work)
    rendered = render_pdf(html, base_url=work, policy=policy)
    return {
        "work": work,
        "html": html,
        "policy": policy,
        "rendered": rendered,
        "pdf": rendered.write(),
    }


# -- pages, text, fonts ----------------------------------------------------------------------


def test_sample_renders_to_three_pages_without_refusals(sample: dict) -> None:
    assert sample["rendered"].page_count == 3
    assert count_pages(sample["pdf"]) == 3
    assert sample["policy"].refusals == []


def test_render_and_write_are_separate_steps(sample: dict) -> None:
    rendered = sample["rendered"]
    again = rendered.write()
    assert count_pages(again) == rendered.page_count == 3


def test_thai_text_is_extracted_as_thai(sample: dict) -> None:
    text = pdf_text(sample["pdf"])
    for expected in (
        "ข้อมูลพื้นฐาน: การหารือเชิงยุทธศาสตร์ไทย–สหรัฐฯ ครั้งที่ ๑๐",
        "ย้ำความสำคัญของพันธมิตรทางทหาร Treaty ally since 1954",
        "นายแดเนียล คริเตนบริงก์ (Daniel Kritenbrink)",
        "กำหนด Due",
        "คณะทำงาน",
        "หน้า ๒ จาก ๓",
    ):
        assert expected in text


@pytest.mark.parametrize(
    "words",
    [
        "น้ำ ทำ สำคัญ กำหนด ย้ำ ค่ำ ซ้ำ ล้ำหน้า คำ จำนำ",
        "ฤดูฝน ฦๅ ฎีกา ปฏิบัติ ญาติ ฐาน ภูมิ กู้ ปู่ ป่า ฟ้า บ๋อย จ๊ะ เก๋ กั๊ก",
    ],
)
def test_thai_marks_and_sara_am_survive_extraction(tmp_path: Path, words: str) -> None:
    html = page_html(f"<p>{words}</p><p><b>{words}</b></p><p><i>{words}</i></p>")
    pdf = render_pdf(html, base_url=tmp_path, policy=ResourcePolicy([SARABUN])).write()
    assert pdf_text(pdf).split("\n") == [words] * 3


def test_long_thai_paragraph_survives_extraction(tmp_path: Path) -> None:
    paragraph = (
        "กระทรวงการต่างประเทศขอย้ำความสำคัญของความร่วมมือด้านความมั่นคงทางทะเล "
        "และการแลกเปลี่ยนข้อมูลข่าวกรองระหว่างหน่วยงานที่เกี่ยวข้องอย่างใกล้ชิด "
    ) * 6
    html = page_html(f"<p>{paragraph}</p>")
    pdf = render_pdf(html, base_url=tmp_path, policy=ResourcePolicy([SARABUN])).write()
    assert re.sub(r"\s", "", pdf_text(pdf)) == re.sub(r"\s", "", paragraph)


def test_sarabun_is_embedded_subsetted_and_the_only_font(sample: dict) -> None:
    fonts = pdf_fonts(sample["pdf"])
    assert fonts, "no fonts found"
    for name, embedded in fonts.items():
        assert re.fullmatch(r"[A-Z]{6}\+Sarabun[-\w]*", name), name
        assert embedded, name
    original = (SARABUN / "Sarabun-Regular.ttf").stat().st_size
    with pikepdf.open(io.BytesIO(sample["pdf"])) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                assert len(descriptor.FontFile2.read_bytes()) < original / 2


def test_table_header_repeats_on_every_page(sample: dict) -> None:
    pages = PdfReader(io.BytesIO(sample["pdf"])).pages
    header = "ข้อผูกพัน Commitment ให้ไว้ที่ Made at กำหนด Due สถานะ Status"
    assert all(header in page.extract_text() for page in pages)


def test_margin_boxes_carry_marking_and_thai_page_label(sample: dict) -> None:
    for number, page in enumerate(PdfReader(io.BytesIO(sample["pdf"])).pages, start=1):
        text = page.extract_text()
        assert text.count("ลับ") >= 2  # top and bottom
        assert f"หน้า {'๐๑๒๓'[number]} จาก ๓" in text
        assert "ร่าง DRAFT" in text  # the fixed-position mark, on every page


def test_weasyprint_is_not_imported_with_the_module() -> None:
    code = "import sys, briefgen.render.pdf; sys.exit('weasyprint' in sys.modules)"
    root = REPO
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True)
    assert result.returncode == 0, result.stderr


# -- metadata and variants -----------------------------------------------------------------


def test_metadata_comes_from_the_html(sample: dict) -> None:
    with pikepdf.open(io.BytesIO(sample["pdf"])) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == 'ข้อมูลพื้นฐาน: การหารือไทย–สหรัฐฯ & "ตัวอย่าง" · Sample brief'
        assert str(info.Author) == "กระทรวงการต่างประเทศ Ministry of Foreign Affairs"
        assert str(info.Subject) == "ตัวอย่างเอกสารสำหรับทดสอบการจัดหน้า"
        assert str(info.Keywords) == "US, สหรัฐฯ, sample"
        assert str(info.CreationDate).startswith("D:20260228090000+07")
        assert str(pdf.Root.Lang) == "th"


def test_metadata_argument_overrides_the_html(tmp_path: Path) -> None:
    html = page_html("<p>x</p>", head="<title>Old</title>")
    rendered = render_pdf(
        html,
        base_url=tmp_path,
        policy=ResourcePolicy([SARABUN]),
        metadata={
            "title": "Brief",
            "author": "MFA",
            "subject": "US meeting",
            "keywords": ["US", "2026-12-10"],
            "lang": "en",
            "created": "2026-12-01",
        },
    )
    with pikepdf.open(io.BytesIO(rendered.write())) as pdf:
        assert (str(pdf.docinfo.Title), str(pdf.docinfo.Author)) == ("Brief", "MFA")
        assert str(pdf.docinfo.Subject) == "US meeting"
        assert str(pdf.docinfo.Keywords) == "US, 2026-12-10"
        assert str(pdf.docinfo.CreationDate).startswith("D:20261201")
        assert str(pdf.Root.Lang) == "en"


def test_creation_date_defaults_to_now(tmp_path: Path) -> None:
    pdf = render_pdf(
        page_html("<p>x</p>"), base_url=tmp_path, policy=ResourcePolicy([SARABUN])
    ).write()
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert str(opened.docinfo.CreationDate).startswith("D:20")


def test_pdf_a_3b(sample: dict) -> None:
    html, work = sample["html"], sample["work"]
    pdf = render_pdf(html, base_url=work, policy=policy_for(work), variant="pdf/a-3b").write()
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        meta = opened.open_metadata()
        assert meta["pdfaid:part"] == "3"
        assert meta["pdfaid:conformance"] == "B"
        assert "/OutputIntents" in opened.Root
    assert "สำคัญ" in pdf_text(pdf)


def test_pdf_ua_1_is_tagged(tmp_path: Path) -> None:
    html = page_html("<h1>หัวเรื่อง</h1><p>ย่อหน้า paragraph</p>", head="<title>UA</title>")
    pdf = render_pdf(
        html, base_url=tmp_path, policy=ResourcePolicy([SARABUN]), variant="pdf/ua-1"
    ).write()
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert opened.open_metadata()["pdfuaid:part"] == "1"
        assert "/StructTreeRoot" in opened.Root
        assert bool(opened.Root.MarkInfo.Marked)
        assert str(opened.Root.Lang) == "th"
    assert "ย่อหน้า paragraph" in pdf_text(pdf)


def test_unknown_variant_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="pdf/x-9"):
        render_pdf("<p>x</p>", base_url=tmp_path, policy=ResourcePolicy([]), variant="pdf/x-9")


# -- the resource policy ---------------------------------------------------------------------


def tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


def test_refused_resources_are_recorded_and_rendering_goes_on(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "ok.png").write_bytes(tiny_png())
    (work / "escape.png").symlink_to("/etc/passwd")
    (work / "inside.png").symlink_to(work / "ok.png")
    small = "data:image/png;base64," + base64.b64encode(tiny_png()).decode()
    large = "data:image/png;base64," + base64.b64encode(b"\0" * (3 * 1024 * 1024)).decode()
    body = (
        f'<p>ข้อความ text</p><img src="ok.png"><img src="inside.png"><img src="{small}">'
        '<img src="file:///etc/passwd"><img src="escape.png"><img src="../outside.png">'
        f'<img src="{large}"><img src="ftp://example.invalid/a.png">'
    )
    head = (
        '<link rel="stylesheet" href="http://example.invalid/style.css">'
        '<link rel="stylesheet" href="https://example.invalid/x.css">'
    )
    (tmp_path / "outside.png").write_bytes(tiny_png())
    policy = ResourcePolicy(roots=[work, SARABUN])
    rendered = render_pdf(page_html(body, head), base_url=work, policy=policy)
    pdf = rendered.write()
    assert count_pages(pdf) == 1
    assert "ข้อความ text" in pdf_text(pdf)
    refusals = "\n".join(policy.refusals)
    assert (
        "refused http://example.invalid/style.css : network access is not allowed"
        in policy.refusals
    )
    assert "refused https://example.invalid/x.css : network access is not allowed" in refusals
    assert "refused ftp://example.invalid/a.png : network access is not allowed" in refusals
    assert "refused file:///etc/passwd : outside the workspace" in refusals
    assert f"refused {(work / 'escape.png').as_uri()} : outside the workspace" in refusals
    assert f"refused {(tmp_path / 'outside.png').as_uri()} : outside the workspace" in refusals
    assert re.search(
        r"refused data:image/png;base64,A+…? : data: URL larger than 2048 KB", refusals
    )
    assert len(policy.refusals) == 7, policy.refusals
    with pikepdf.open(io.BytesIO(pdf)) as opened:  # ok.png, inside.png and the small data: URL
        assert len(opened.pages[0].Resources.XObject) >= 1


def test_fetcher_serves_only_what_the_policy_allows(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text("p { color: red }")
    (tmp_path / "link.css").symlink_to(tmp_path / "a.css")
    (tmp_path / "loop.css").symlink_to(tmp_path / "loop.css")
    (tmp_path / "folder").mkdir()
    policy = ResourcePolicy(roots=[tmp_path], max_data_bytes=10)
    fetch = make_url_fetcher(policy)
    response = fetch((tmp_path / "link.css").as_uri())
    body = response.read() if hasattr(response, "read") else response["string"]
    assert body == b"p { color: red }"
    ok = fetch("data:text/plain,hello")
    assert (ok.read() if hasattr(ok, "read") else ok["string"]) == b"hello"
    for url in (
        "http://127.0.0.1/",
        "file:///etc/hostname",
        "data:text/plain,0123456789ab",
        (tmp_path / "missing.css").as_uri(),
        "file://remote.example/share/a.css",
        "javascript:alert(1)",
        (tmp_path / "loop.css").as_uri(),
        (tmp_path / "folder").as_uri(),
    ):
        with pytest.raises(ValueError, match="refused"):
            fetch(url)
    assert len(policy.refusals) == 8
    assert any(r.endswith(": a symlink loop") for r in policy.refusals)
    assert any(r.endswith("folder : not a file") for r in policy.refusals)
    assert any(r.endswith("missing.css : no such file") for r in policy.refusals)


def test_local_file_resolves_images_for_the_docx(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(tiny_png())
    (tmp_path / "evil.png").symlink_to("/etc/passwd")
    policy = ResourcePolicy(roots=[tmp_path])
    assert policy.local_file("logo.png", tmp_path) == (tmp_path / "logo.png").resolve()
    assert policy.local_file((tmp_path / "logo.png").as_uri(), tmp_path) is not None
    for src in ("evil.png", "../x.png", "http://example.invalid/a.png", "/etc/passwd"):
        assert policy.local_file(src, tmp_path) is None
    assert any("network access is not allowed" in r for r in policy.refusals)


# -- the same text in the PDF and the DOCX -----------------------------------------------------


def docx_body_text(data: bytes) -> str:
    body = Document(io.BytesIO(data)).element.body
    paragraphs = []
    for p in body.iter(qn("w:p")):
        parts = []
        for node in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
            parts.append(node.text or "" if node.tag == qn("w:t") else " ")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def words(text: str) -> list[str]:
    text = re.sub(f"(?<={THAI})\\s+(?={THAI})", "", text)  # Thai has no spaces between words
    text = re.sub(r"(?<=[–-])\n", "", text)  # a line broken after a dash
    return [w for w in text.split() if not re.fullmatch(r"[•◦▪–]|\d+\.", w)]  # list markers


def remove(sequence: list[str], part: list[str], keep_first: bool = False) -> list[str]:
    out: list[str] = []
    i, seen = 0, False
    while i < len(sequence):
        if sequence[i : i + len(part)] == part:
            out += part if keep_first and not seen else []
            seen, i = True, i + len(part)
        else:
            out.append(sequence[i])
            i += 1
    return out


def test_pdf_and_docx_carry_the_same_text(sample: dict, tmp_path: Path) -> None:
    reference = tmp_path / "reference.docx"
    build_reference_docx(
        reference, latin_font="Sarabun", complex_font="Sarabun", size_pt=11, heading_color="1F3864"
    )
    work, policy = sample["work"], sample["policy"]
    docx = html_to_docx(
        sample["html"],
        reference_docx=reference,
        resolve_image=lambda src: policy.local_file(src, work),
        settings=DocxSettings(lang="th"),
    )
    # The page furniture (margin boxes, the fixed DRAFT mark) is in the DOCX header and footer.
    text = re.sub(
        r"(?m)^(ลับ|ร่าง DRAFT|กองอเมริกาเหนือ North America Division ลับ "
        r"หน้า [๑-๓] จาก ๓)$",
        "",
        pdf_text(sample["pdf"]),
    )
    header = words("ที่ No. ข้อผูกพัน Commitment ให้ไว้ที่ Made at กำหนด Due สถานะ Status")
    pdf_words = remove(words(text), header, keep_first=True)  # repeated on each page
    docx_words = words(docx_body_text(docx))
    assert pdf_words == docx_words
    assert len(docx_words) > 500


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_thai_repair_draws_the_same_glyphs(tmp_path: Path) -> None:
    words = "น้ำ ทำ สำคัญ ย้ำ ค่ำ ซ้ำ ล้ำหน้า คำ จำนำ ความร่วมมือ"
    html = page_html(f"<p>{words}</p><p><b>{words}</b></p>")
    rendered = render_pdf(html, base_url=tmp_path, policy=ResourcePolicy([SARABUN]))
    pages = []
    for name, pdf in (("repaired", rendered.write()), ("plain", rendered._document.write_pdf())):
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "72", "-png", "-singlefile", name + ".pdf", name],
            cwd=tmp_path,
            check=True,
        )
        pages.append(Image.open(tmp_path / f"{name}.png").convert("L").tobytes())
    assert pages[0] == pages[1]
    assert pdf_text((tmp_path / "repaired.pdf").read_bytes()).split("\n")[0] == words
    assert pdf_text((tmp_path / "plain.pdf").read_bytes()).split("\n")[0] != words  # unrepaired
