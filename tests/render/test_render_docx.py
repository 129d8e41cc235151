"""DOCX from rendered HTML: styles by name, tables, lists, Thai runs, escaping, header and
footer, core properties, images and the reference .docx. Real python-docx output, reopened."""

from __future__ import annotations

import html
import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from support import REPO, TESTS

from briefgen.errors import RenderError, StyleError
from briefgen.render.word import DocxSettings, build_reference_docx, html_to_docx
from briefgen.render.word.inline import WS
from briefgen.render.word.ooxml import ILLEGAL_XML_RE
from briefgen.render.word.options import REQUIRED_STYLES

FIXTURES = TESTS / "fixtures" / "render"
THAI_SETTINGS = DocxSettings(
    latin_font="Sarabun",
    complex_font="TH Sarabun New",
    font_size_pt=11,
    complex_size_pt=15,
    lang="th",
)
EN_SETTINGS = DocxSettings(latin_font="Arial", complex_font="Tahoma", lang="en")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ref") / "reference.docx"
    build_reference_docx(
        path, latin_font="Sarabun", complex_font="Sarabun", size_pt=11, heading_color="1F3864"
    )
    return path


def render(
    html: str,
    reference: Path,
    settings: DocxSettings = EN_SETTINGS,
    images: dict[str, Path] | None = None,
) -> bytes:
    return html_to_docx(
        html,
        reference_docx=reference,
        resolve_image=lambda src: (images or {}).get(src),
        settings=settings,
    )


def open_docx(data: bytes):  # noqa: ANN201 - python-docx's Document type is private
    return Document(io.BytesIO(data))


def page(body: str, head: str = "", lang: str = "en") -> str:
    return f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def body_paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in open_docx(data).paragraphs]


@pytest.fixture(scope="module")
def sample_docx(reference: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    logo = tmp_path_factory.mktemp("img") / "logo.png"
    Image.new("RGB", (120, 120), "navy").save(logo)
    html = (FIXTURES / "sample.html").read_text(encoding="utf-8")
    return render(html, reference, THAI_SETTINGS, images={"logo.png": logo})


# -- the reference .docx ---------------------------------------------------------------------


def test_reference_docx_has_every_style(reference: Path) -> None:
    styles = Document(str(reference)).styles
    for name, kind in REQUIRED_STYLES.items():
        assert styles[name].type == kind, name
    assert styles["Overdue"].type == WD_STYLE_TYPE.CHARACTER
    marking = styles["Marking"]
    assert marking.font.bold and str(marking.font.color.rgb) == "C00000"
    assert marking.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    table = styles["Briefgen Table"].element
    assert table.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}") is not None
    first_row = table.find(qn("w:tblStylePr"))
    assert first_row.get(qn("w:type")) == "firstRow"
    assert first_row.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill"))
    assert str(styles["Heading 1"].font.color.rgb) == "1F3864"
    xml = reference.read_bytes()
    with zipfile.ZipFile(io.BytesIO(xml)) as package:
        assert b"asciiTheme" not in package.read("word/styles.xml")  # explicit fonts only


def test_reference_docx_holds_only_the_styles_briefgen_uses(reference: Path) -> None:
    # python-docx's template defines ~160 styles (780 KB of XML) that every DOCX would carry.
    with zipfile.ZipFile(reference) as package:
        names = package.namelist()
        styles_xml = package.read("word/styles.xml")
        rels = package.read("word/_rels/document.xml.rels")
    assert "word/stylesWithEffects.xml" not in names and b"stylesWithEffects" not in rels
    assert len(styles_xml) < 40_000
    kept = {style.name for style in Document(str(reference)).styles}
    assert set(REQUIRED_STYLES) | {"Overdue"} <= kept
    # ... with what they are based on, followed by or linked to, and each type's default
    assert {"Heading 1 Char", "Default Paragraph Font", "Normal Table", "No List"} <= kept
    assert not kept & {"Quote", "Caption", "Heading 9", "Light Grid Accent 1", "Table Grid"}
    # the numbering definitions' own styles stay, and python-docx's thumbnail goes
    assert {"List Bullet 3", "List Number 3"} <= kept
    assert not any("thumbnail" in name for name in names)


@pytest.mark.parametrize("template", ["python-docx's own", "the bundled reference"])
def test_style_index_answers_as_python_docx_does(template: str) -> None:
    from briefgen.render.word.styles import styles_of

    bundled = REPO / "templates" / "default" / "reference.docx"
    path = None if template == "python-docx's own" else bundled
    doc = Document(str(path) if path else None)
    index = styles_of(doc)
    assert styles_of(doc) is index
    for style in doc.styles:
        assert index.style(style.name) == style
        for kind in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            try:
                expected: object = doc.styles.get_style_id(style.name, kind)
            except ValueError as exc:
                expected = type(exc)
            try:
                found: object = index.style_id(style.name, kind)
            except ValueError as exc:
                found = type(exc)
            assert found == expected, (style.name, kind)
    with pytest.raises(KeyError):
        index.style("No Such Style")
    added = doc.styles.add_style("Added Later", WD_STYLE_TYPE.PARAGRAPH)
    assert index.style("Added Later") == added
    assert index.style("AddedLater") == added  # by its id, as python-docx falls back to


# -- structure -----------------------------------------------------------------------------


def test_elements_map_to_named_styles(sample_docx: bytes) -> None:
    styles = dict((text, style) for style, text in body_paragraphs(sample_docx))
    assert styles["ข้อมูลพื้นฐาน: การหารือเชิงยุทธศาสตร์ไทย–สหรัฐฯ ครั้งที่ ๑๐"] == "Title"
    assert styles["วัตถุประสงค์ Purpose"] == "Heading 1"
    assert styles["ข้อผูกพันทั้งหมด All commitments"] == "Heading 2"
    assert styles["Welcome new investment in semiconductors and electric vehicles"] == "List Bullet"
    assert styles["การฝึกร่วมคอบร้าโกลด์ Cobra Gold"] == "List Bullet 2"
    assert styles["เปิดการประชุม Opening remarks"] == "List Number"
    assert styles["Border security"] == "List Number 2"
    assert styles["๒๘–๒๙ กุมภาพันธ์ ๒๕๖๗ · กรุงเทพฯ · Bangkok, 28–29 February 2024"] == "Small"
    assert styles["สอบถามเพิ่มเติม: กองอเมริกาเหนือ โทร. ๐ ๒๒๐๓ ๕๐๐๐"] == "Normal"


def test_centred_letterhead_comes_first_centred_and_ruled(reference: Path, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (96, 48), "navy").save(logo)
    html = page(
        '<h1>Title</h1><div class="letterhead letterhead-centred"><img src="logo.png" '
        'width="40mm"><p>Ministry</p></div><p>Body</p>'
    )
    doc = open_docx(render(html, reference, images={"logo.png": logo}))
    first, second = doc.paragraphs[0], doc.paragraphs[1]
    assert first._p.xpath(".//w:drawing") and second.text == "Ministry"
    assert first.alignment == second.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert second._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    assert [p.text for p in doc.paragraphs[2:]] == ["Title", "Body"]
    shape = doc.inline_shapes[0]
    assert abs(shape.width - Mm(40)) < Mm(0.1) and abs(shape.height - Mm(20)) < Mm(0.1)


def test_letterhead_row_puts_the_logo_beside_the_text(reference: Path, tmp_path: Path) -> None:
    """pack.css lays .letterhead out as a flex row: logo, a 3 mm gap, the text beside it."""
    logo = tmp_path / "logo.png"
    Image.new("RGB", (96, 48), "navy").save(logo)
    html = page(
        '<h1>Title</h1><div class="letterhead"><img src="logo.png" width="40mm">'
        "<p>Ministry</p></div><p>Body</p>"
    )
    doc = open_docx(render(html, reference, images={"logo.png": logo}))
    first = doc.paragraphs[0]
    assert first._p.xpath(".//w:drawing") and first.text == "\tMinistry"
    assert first.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert first._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    (stop,) = first.paragraph_format.tab_stops
    assert round(stop.position.mm) == 43  # the logo's 40 mm and the gap
    assert first.paragraph_format.line_spacing_rule != WD_LINE_SPACING.EXACTLY
    text_run = next(run for run in first.runs if run.text == "Ministry")
    raised = text_run._r.rPr.find(qn("w:position"))
    assert raised is not None and int(raised.get(qn("w:val"))) > 0
    assert [p.text for p in doc.paragraphs[1:]] == ["Title", "Body"]


def test_table_style_header_rows_spans_and_widths(sample_docx: bytes) -> None:
    doc = open_docx(sample_docx)
    table = doc.tables[0]
    assert table.style.name == "Briefgen Table"
    rows = table._tbl.tr_lst
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    assert all(row.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])
    assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    assert [c.text for c in table.rows[0].cells][:2] == ["ที่ No.", "ข้อผูกพัน Commitment"]
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    spanned = [tr for tr in rows if len(tr.tc_lst) == 1]
    assert len(spanned) == 1 and spanned[0].tc_lst[0].grid_span == 5
    assert spanned[0].tc_lst[0].xpath("string(.)") == "ข้อผูกพันร่วม Joint commitments"
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    text_width = Mm(210 - 25 - 20).twips
    for width, percent in zip(grid, (7, 41, 22, 14, 16), strict=True):
        assert abs(width - text_width * percent / 100) <= 2
    assert len(table.rows) == 1 + 43 + 1


def test_colspan_rowspan_and_block_content_in_cells(reference: Path) -> None:
    html = page(
        "<table><tr><th rowspan=2>A</th><th colspan=2>B</th></tr>"
        "<tr><td>c</td><td><p>p1</p><ul><li>item</li></ul></td></tr></table>"
    )
    table = open_docx(render(html, reference)).tables[0]
    assert table.cell(0, 0).text == table.cell(1, 0).text == "A"
    assert table.cell(0, 1).text == table.cell(0, 2).text == "B"
    cell = table.cell(1, 2)
    assert [(p.style.name, p.text) for p in cell.paragraphs] == [
        ("Normal", "p1"),
        ("List Bullet", "item"),
    ]
    assert table._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is None  # no thead


def test_each_ordered_list_restarts(reference: Path) -> None:
    html = page('<ol><li>a</li><li>b</li></ol><p>x</p><ol start="4"><li>c</li></ol>')
    doc = open_docx(render(html, reference))
    num_ids = [p._p.pPr.numPr.numId.val for p in doc.paragraphs if p.style.name == "List Number"]
    assert num_ids[0] == num_ids[1] != num_ids[2]
    numbering = doc.part.numbering_part.element
    override = numbering.num_having_numId(num_ids[2]).find(qn("w:lvlOverride"))
    assert override.find(qn("w:startOverride")).get(qn("w:val")) == "4"


def test_inline_formatting_and_whitespace(reference: Path) -> None:
    html = page(
        "<p>\n  Plain   text <strong>bold</strong> <em>ital</em><b><i>both</i></b>"
        "<u>under</u> H<sub>2</sub>O x<sup>2</sup>\n<br>\n  next line  "
        '<span class="overdue">late</span> </p>'
    )
    para = open_docx(render(html, reference)).paragraphs[0]
    assert para.text == "Plain text bold italbothunder H2O x2\nnext line late"
    runs = {run.text: run for run in para.runs}
    assert runs["bold"].bold and runs["ital"].italic
    assert runs["both"].bold and runs["both"].italic and runs["under"].underline
    assert runs["2"].font.subscript or runs["2"].font.superscript
    assert runs["late"].bold and runs["late"].style.name == "Overdue"
    assert runs["bold"]._r.rPr.find(qn("w:bCs")) is not None


def test_unknown_and_skipped_elements(reference: Path) -> None:
    html = page(
        "<h4>Minor heading</h4><dl><dt>term</dt><dd>definition</dd></dl>"
        "<custom-tag>custom text</custom-tag><aside><p>one</p><p>two</p></aside>"
        "<div>loose <b>text</b><p>para</p>tail</div>"
        "<script>alert(1)</script><style>p{}</style><p hidden>secret</p>"
        "<div data-docx-skip>PDF only</div><p></p>"
    )
    assert body_paragraphs(render(html, reference)) == [
        ("Normal", "Minor heading"),
        ("Normal", "term"),
        ("Normal", "definition"),
        ("Normal", "custom text"),
        ("Normal", "one"),
        ("Normal", "two"),
        ("Normal", "loose text"),
        ("Normal", "para"),
        ("Normal", "tail"),
    ]


# -- escaping and hostile text ----------------------------------------------------------------


def test_markup_characters_come_out_literally(reference: Path) -> None:
    html = page(
        "<p>AT&amp;T &lt;b&gt;not bold&lt;/b&gt; \"double\" 'single' &amp;amp;</p>",
        head="<title>Q&amp;A &lt;x&gt; \"t\" 'u'</title>",
    )
    data = render(html, reference)
    doc = open_docx(data)
    assert doc.paragraphs[0].text == "AT&T <b>not bold</b> \"double\" 'single' &amp;"
    assert doc.core_properties.title == "Q&A <x> \"t\" 'u'"


def test_xml_illegal_characters_are_stripped(reference: Path) -> None:
    bad = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff\ud800"
    html = page(
        f"<p>a{bad}b <b>c{bad}d</b></p><table><tr><td>e{bad}f</td></tr></table>",
        head=f'<title>t{bad}u</title><meta name="author" content="v{bad}w">'
        f'<meta name="briefgen:marking" content="S{bad}ECRET">',
    )
    data = render(html, reference)
    doc = open_docx(data)  # opens: no illegal character reached the XML
    assert doc.paragraphs[0].text == "ab cd"
    assert doc.tables[0].cell(0, 0).text == "ef"
    assert (doc.core_properties.title, doc.core_properties.author) == ("tu", "vw")
    assert doc.sections[0].header.paragraphs[0].text == "SECRET"


def test_deep_nesting_is_refused_not_truncated(reference: Path) -> None:
    render(page("<div>" * 200 + "deep" + "</div>" * 200), reference)
    with pytest.raises(RenderError, match="nested more than 250 levels"):
        render(page("<div>" * 10_000 + "deep" + "</div>" * 10_000), reference)


def test_empty_html_gives_an_empty_document(reference: Path) -> None:
    for empty in ("", "   ", "<html></html>"):
        assert body_paragraphs(render(empty, reference)) == [("Normal", "")]


# -- Thai ----------------------------------------------------------------------------------


def run_properties(data: bytes) -> list[tuple[str, object]]:
    doc = open_docx(data)
    return [
        (r.text, r.rPr) for p in doc.element.body.iter(qn("w:p")) for r in p.xpath("./w:r[w:t]")
    ]


def test_thai_runs_carry_complex_script_font_size_and_language(sample_docx: bytes) -> None:
    runs = run_properties(sample_docx)
    assert any("สำคัญ" in text for text, _ in runs)
    for text, rpr in runs:  # lang="th": every run
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == "TH Sarabun New", text
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Sarabun"
        assert rpr.find(qn("w:szCs")) is not None, text
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH", text


def test_thai_size_follows_the_style(reference: Path) -> None:
    html = page("<h1>หัวเรื่อง</h1><p>ข้อความ</p><table><tr><td>ตาราง</td></tr></table>", lang="th")
    sizes = {
        text: int(rpr.find(qn("w:szCs")).get(qn("w:val")))
        for text, rpr in run_properties(render(html, reference, THAI_SETTINGS))
    }
    ratio = 15 / 11
    assert sizes["ข้อความ"] == 30  # complex_size_pt, in half points
    assert sizes["หัวเรื่อง"] == round(11 * 1.6 * ratio * 2)  # Title is 1.6 x body
    assert sizes["ตาราง"] == round(9.5 * ratio * 2)  # the table style's size


def test_english_document_marks_only_thai_runs(reference: Path) -> None:
    html = page("<p>English only <b>ไทย</b></p>")
    runs = dict(run_properties(render(html, reference, EN_SETTINGS)))
    assert runs["English only "].find(qn("w:rFonts")).get(qn("w:cs")) is None
    assert runs["English only "].find(qn("w:rFonts")).get(qn("w:ascii")) == "Arial"
    thai = runs["ไทย"]
    assert thai.find(qn("w:rFonts")).get(qn("w:cs")) == "Tahoma"
    assert thai.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    assert thai.find(qn("w:szCs")) is not None and thai.find(qn("w:bCs")) is not None


def test_latin_language_stays_western_in_thai_documents(sample_docx: bytes) -> None:
    normal = open_docx(sample_docx).styles["Normal"].element.rPr.find(qn("w:lang"))
    assert (normal.get(qn("w:val")), normal.get(qn("w:bidi"))) == ("en-US", "th-TH")


# -- header, footer, properties, page ------------------------------------------------------------


def test_header_and_footer_hold_marking_draft_and_page_fields(sample_docx: bytes) -> None:
    section = open_docx(sample_docx).sections[0]
    header = section.header.paragraphs
    assert [p.text for p in header] == ["ลับ", "ร่าง DRAFT"]
    marking = header[0]
    assert marking.style.name == "Marking" and marking.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert marking.runs[0].bold and str(marking.runs[0].font.color.rgb) == "C00000"
    # One line, as the PDF's bottom margin: footer text, marking (centred), page label.
    (label,) = section.footer.paragraphs
    assert label.text == "กองอเมริกาเหนือ North America Division\tลับ\tหน้า 1 จาก 1"
    assert label.style.name == "Small"
    stops = [(s.alignment, round(s.position.mm, 1)) for s in label.paragraph_format.tab_stops]
    assert stops == [(WD_TAB_ALIGNMENT.CENTER, 82.5), (WD_TAB_ALIGNMENT.RIGHT, 165.0)]
    marking_run = next(run for run in label.runs if run.text == "ลับ")
    assert marking_run.bold and str(marking_run.font.color.rgb) == "C00000"
    instructions = [t.text.strip() for t in label._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    # "1": cached results until Word updates the fields
    kinds = [c.get(qn("w:fldCharType")) for c in label._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2


def test_thai_digit_page_fields(reference: Path) -> None:
    head = '<meta name="briefgen:page-label" content="Page {page} of {pages}">'
    settings = DocxSettings(thai_digits=True)
    footer = open_docx(render(page("<p>x</p>", head), reference, settings)).sections[0].footer
    instructions = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
    assert instructions == [r"PAGE \* ThaiArabic", r"NUMPAGES \* ThaiArabic"]


def test_no_furniture_without_meta(reference: Path) -> None:
    section = open_docx(render(page("<p>x</p>"), reference)).sections[0]
    assert [p.text for p in section.header.paragraphs] == [""]
    assert not list(section.footer._element.iter(qn("w:fldChar")))


def test_core_properties_and_page_setup(sample_docx: bytes) -> None:
    doc = open_docx(sample_docx)
    props = doc.core_properties
    assert props.title == 'ข้อมูลพื้นฐาน: การหารือไทย–สหรัฐฯ & "ตัวอย่าง" · Sample brief'
    assert props.author == "กระทรวงการต่างประเทศ Ministry of Foreign Affairs"
    assert props.subject == "ตัวอย่างเอกสารสำหรับทดสอบการจัดหน้า"
    assert props.keywords == "US, สหรัฐฯ, sample"
    assert props.language == "th"
    assert props.created.replace(tzinfo=None) == datetime(2026, 2, 28, 2, 0)
    assert props.comments == "" and props.last_modified_by == props.author
    section = doc.sections[0]
    for actual, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.left_margin, 25),
        (section.right_margin, 20),
        (section.top_margin, 20),
        (section.bottom_margin, 20),
    ):
        assert abs(actual - Mm(mm)) < Mm(0.05)  # Word stores twips


def test_reference_body_is_dropped(reference: Path) -> None:
    texts = [text for _, text in body_paragraphs(render(page("<p>only</p>"), reference))]
    assert texts == ["only"]
    assert not open_docx(render(page("<p>only</p>"), reference)).tables


# -- images --------------------------------------------------------------------------------


def test_refused_images_are_skipped(reference: Path) -> None:
    html = page('<p>before <img src="http://example.invalid/x.png" width="40"> after</p>')
    doc = open_docx(render(html, reference))
    assert doc.paragraphs[0].text == "before after" and not doc.inline_shapes


def test_image_sizes_in_px_and_capped_to_the_text_width(reference: Path, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (4000, 1000), "red").save(logo)
    html = page('<p><img src="a" width="96"><img src="b"></p>')
    doc = open_docx(render(html, reference, images={"a": logo, "b": logo}))
    small, large = doc.inline_shapes
    assert abs(small.width - Mm(25.4)) < Mm(0.1)
    assert large.width == Mm(210 - 25 - 20) and abs(large.height - large.width / 4) < Mm(0.1)


def test_unsupported_image_is_a_clear_error(reference: Path, tmp_path: Path) -> None:
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    with pytest.raises(RenderError, match="logo.svg"):
        render(page('<img src="logo.svg">'), reference, images={"logo.svg": svg})


# -- missing styles -----------------------------------------------------------------------


def without_styles(reference: Path, target: Path, *names: str) -> Path:
    doc = Document(str(reference))
    for name in names:
        element = doc.styles[name].element
        element.getparent().remove(element)
    doc.save(str(target))
    return target


def test_missing_styles_raise_style_error_naming_them(reference: Path, tmp_path: Path) -> None:
    broken = without_styles(reference, tmp_path / "ministry.docx", "Marking", "Briefgen Table")
    with pytest.raises(StyleError) as caught:
        render(page("<p>x</p>"), broken)
    message = str(caught.value)
    assert '"Marking" (paragraph style)' in message
    assert '"Briefgen Table" (table style)' in message
    assert "ministry.docx" in message


def test_style_named_in_html_must_exist(reference: Path) -> None:
    with pytest.raises(StyleError, match='"Briefing Note" \\(paragraph style\\)'):
        render(page('<p data-docx-style="Briefing Note">x</p>'), reference)
    with pytest.raises(StyleError, match='"Emphatic" \\(character style\\)'):
        render(page('<p><span data-docx-style="Emphatic">x</span></p>'), reference)


def test_unreadable_reference_is_a_render_error(tmp_path: Path) -> None:
    broken = tmp_path / "reference.docx"
    broken.write_text("not a zip")
    with pytest.raises(RenderError, match="reference.docx"):
        render(page("<p>x</p>"), broken)


@settings(
    max_examples=75, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_any_text_gives_a_docx_that_opens_with_that_text(reference: Path, text: str) -> None:
    escaped = html.escape(text, quote=True)
    doc_html = page(
        f"<p>{escaped}</p><table><thead><tr><th>{escaped}</th></tr></thead></table>",
        head=f'<title>{escaped}</title><meta name="briefgen:marking" content="{escaped}">',
    )
    doc = open_docx(render(doc_html, reference))
    expected = WS.sub(" ", ILLEGAL_XML_RE.sub("", text)).strip(" ")
    assert [p.text for p in doc.paragraphs] == ([expected] if expected else [])
    assert doc.tables[0].cell(0, 0).text == expected
    assert doc.sections[0].header.paragraphs[0].text == expected
