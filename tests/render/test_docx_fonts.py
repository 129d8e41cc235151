"""Fonts embedded in the DOCX (ECMA-376 Part 1 §17.8.1), its landscape annex and the profile's
accent colour: read back out of the packages `briefgen make` and html_to_docx write."""

from __future__ import annotations

import io
import re
import shutil
import uuid
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from pack_helpers import make_pack
from support import SEEDS

from briefgen.profiles import load_profile
from briefgen.render.page import sarabun_dir
from briefgen.render.word import DocxSettings, build_reference_docx, html_to_docx
from briefgen.render.word.fonts import obfuscate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
AS_OF = "2026-11-01"
MAX_DOCX_BYTES = 400 * 1024


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The seeds pack in English (default profile) and in Thai (mfa)."""
    root = tmp_path_factory.mktemp("fonts")
    return {
        "en": make_pack(SEEDS, root / "en", "--as-of", AS_OF),
        "th": make_pack(SEEDS, root / "th", "--as-of", AS_OF, lang="th", ministry="mfa"),
    }


def embedded_fonts(package: Path) -> list[tuple[str, str, bytes]]:
    """(family, embed tag, the font file as deobfuscated) of every embedded face, following
    the font table's relationships to the parts."""
    with zipfile.ZipFile(package) as z:
        table = etree.fromstring(z.read("word/fontTable.xml"))
        rels = etree.fromstring(z.read("word/_rels/fontTable.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{PR}Relationship")}
        found = []
        for font in table.iter(f"{W}font"):
            for embed in font:
                if not embed.tag.startswith(f"{W}embed"):
                    continue
                target = targets[embed.get(f"{R}id")]
                key = embed.get(f"{W}fontKey")
                data = z.read(f"word/{target}")
                found.append((font.get(f"{W}name"), embed.tag[len(W) :], deobfuscate(data, key)))
        return found


def deobfuscate(data: bytes, font_key: str) -> bytes:
    """The spec's key written out as LibreOffice reads it: the GUID's 32 hex digits taken two
    at a time from the end of the string (skipping the braces and dashes)."""
    digits = re.sub(r"[{}-]", "", font_key)
    key = bytes(int(digits[i : i + 2], 16) for i in range(30, -2, -2))
    head = bytes(byte ^ key[i % 16] for i, byte in enumerate(data[:32]))
    return head + data[32:]


@pytest.mark.parametrize("lang", ["en", "th"])
def test_every_docx_embeds_the_sarabun_faces_its_text_uses(packs: dict, lang: str) -> None:
    pack = packs[lang]
    for document in ("background-brief", "talking-points", "commitments-annex"):
        path = pack.docx(document)
        assert path.stat().st_size < MAX_DOCX_BYTES, (path.name, path.stat().st_size)
        with zipfile.ZipFile(path) as z:
            parts = [name for name in z.namelist() if name.startswith("word/fonts/")]
            settings = etree.fromstring(z.read("word/settings.xml"))
            types = z.read("[Content_Types].xml").decode()
        assert parts and all(name.endswith(".odttf") for name in parts), parts
        assert settings.find(f"{W}embedTrueTypeFonts") is not None
        assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in types
        fonts = embedded_fonts(path)
        assert len(fonts) == len(parts)
        tags = set()
        for family, tag, data in fonts:
            font = TTFont(io.BytesIO(data))  # a readable TrueType file once deobfuscated
            assert family == "Sarabun" == font["name"].getDebugName(1)
            face = tag.removeprefix("embed")
            assert font["name"].getDebugName(2).replace(" ", "") == face
            assert data == (sarabun_dir() / f"Sarabun-{face}.ttf").read_bytes()
            tags.add(tag)
        assert {"embedRegular", "embedBold"} <= tags, (path.name, tags)
        # The entry describes the font (from Sarabun Regular's OS/2), for Word's substitution.
        with zipfile.ZipFile(path) as z:
            table = etree.fromstring(z.read("word/fontTable.xml"))
        entry = next(f for f in table.iter(f"{W}font") if f.get(f"{W}name") == "Sarabun")
        os2 = TTFont(sarabun_dir() / "Sarabun-Regular.ttf")["OS/2"]
        sig = entry.find(f"{W}sig")
        assert int(sig.get(f"{W}usb0"), 16) == os2.ulUnicodeRange1
        assert int(sig.get(f"{W}csb0"), 16) == os2.ulCodePageRange1
        assert [child.tag[len(W) :] for child in entry][:5] == [
            "panose1",
            "charset",
            "family",
            "pitch",
            "sig",
        ]
        if document != "talking-points":  # only the talking points' references are italic
            assert not {"embedItalic", "embedBoldItalic"} & tags, (path.name, tags)


def test_the_font_key_is_the_guid_in_reverse_byte_order() -> None:
    data = bytes(range(64))
    key = "{" + str(uuid.UUID("00112233-4455-6677-8899-aabbccddeeff")).upper() + "}"
    hidden = obfuscate(data, key)
    assert hidden[32:] == data[32:]
    assert hidden[0] == data[0] ^ 0xFF and hidden[15] == data[15] ^ 0x00
    assert hidden[16] == data[16] ^ 0xFF and hidden[31] == data[31] ^ 0x00
    assert deobfuscate(hidden, key) == data
    assert obfuscate(hidden, key) == data


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "reference.docx"
    build_reference_docx(
        path,
        latin_font="Sarabun",
        complex_font="Sarabun",
        size_pt=10.5,
        heading_color="#1f3a5f",
        line_pitch_pt=13.44,
    )
    return path


def write(html: str, reference: Path, **settings: object) -> tuple[bytes, list[str]]:
    warnings: list[str] = []
    data = html_to_docx(
        html,
        reference_docx=reference,
        resolve_image=lambda _: None,
        settings=DocxSettings(**settings),  # type: ignore[arg-type]
        warn=warnings.append,
    )
    return data, warnings


def faces(data: bytes) -> set[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        table = etree.fromstring(z.read("word/fontTable.xml"))
    return {
        (font.get(f"{W}name"), embed.tag[len(W) :])
        for font in table.iter(f"{W}font")
        for embed in font
        if embed.tag.startswith(f"{W}embed")
    }


def test_only_the_faces_used_are_embedded(reference: Path) -> None:
    plain, warnings = write("<p>Plain text only.</p>", reference)
    assert faces(plain) == {("Sarabun", "embedRegular")} and not warnings
    html = "<p>Plain <em>and <strong>both</strong></em> ไทย <b>ตัวหนา</b></p>"
    mixed, _ = write(html, reference)
    assert faces(mixed) == {
        ("Sarabun", "embedRegular"),
        ("Sarabun", "embedItalic"),
        ("Sarabun", "embedBoldItalic"),
        ("Sarabun", "embedBold"),
    }
    # Title is a bold style: its plain runs are drawn in the bold face.
    title, _ = write("<h1>A title</h1>", reference)
    assert faces(title) == {("Sarabun", "embedBold")}
    # A list's bullets are drawn in the regular face of their level's font.
    bold_list, _ = write("<ul><li><b>Bold item</b></li></ul>", reference)
    assert faces(bold_list) == {("Sarabun", "embedBold"), ("Sarabun", "embedRegular")}


def renamed_sarabun(folder: Path, family: str, fs_type: int) -> None:
    """Sarabun Regular under another family name, with the licence bits `fs_type`."""
    folder.mkdir(parents=True, exist_ok=True)
    font = TTFont(sarabun_dir() / "Sarabun-Regular.ttf")
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
    font["OS/2"].fsType = fs_type
    font.save(folder / f"{family.replace(' ', '')}-Regular.ttf")


def test_a_profile_font_is_embedded_when_its_licence_allows(
    reference: Path, tmp_path: Path
) -> None:
    renamed_sarabun(tmp_path / "fonts", "Ministry Sans", 0x0008)  # editable embedding
    data, warnings = write(
        "<p>Text</p>", reference, latin_font="Ministry Sans", font_folders=(tmp_path / "fonts",)
    )
    assert faces(data) == {("Ministry Sans", "embedRegular")} and not warnings


@pytest.mark.parametrize(
    ("fs_type", "reason"),
    [
        (0x0002, "its licence forbids embedding (OS/2 fsType: restricted)"),
        (0x0004, "its licence allows embedding for preview and print only (OS/2 fsType)"),
    ],
)
def test_a_font_whose_licence_forbids_embedding_is_named_in_a_warning(
    reference: Path, tmp_path: Path, fs_type: int, reason: str
) -> None:
    renamed_sarabun(tmp_path / "fonts", "Closed Sans", fs_type)
    data, warnings = write(
        "<p>Text</p>", reference, latin_font="Closed Sans", font_folders=(tmp_path / "fonts",)
    )
    assert faces(data) == set()
    assert warnings == [f"DOCX: the font Closed Sans (Regular) is not embedded: {reason}"]


def test_a_font_briefgen_has_no_file_of_is_named_in_a_warning(reference: Path) -> None:
    data, warnings = write("<p>Text <b>bold</b></p>", reference, latin_font="TH Sarabun New")
    assert faces(data) == set()
    assert warnings == [
        "DOCX: the font TH Sarabun New (Regular, Bold) is not embedded: briefgen has no file "
        "of it (put its .ttf files in the profile's fonts/ folder); a reader without it sees "
        "a substitute"
    ]


def test_the_annex_is_landscape_with_the_pdf_margins(packs: dict) -> None:
    for lang, ministry in (("en", "default"), ("th", "mfa")):
        pack = packs[lang]
        margins = load_profile(ministry, SEEDS).page.margins_mm
        for document, orient in (("commitments-annex", "landscape"), ("talking-points", None)):
            with zipfile.ZipFile(pack.docx(document)) as z:
                body = etree.fromstring(z.read("word/document.xml"))
            size = body.find(f"{W}body/{W}sectPr/{W}pgSz")
            width, height = int(size.get(f"{W}w")), int(size.get(f"{W}h"))
            assert size.get(f"{W}orient") == orient, (lang, document)
            assert (width > height) == (orient == "landscape")
            mar = body.find(f"{W}body/{W}sectPr/{W}pgMar")
            for side in ("top", "right", "bottom", "left"):
                expected = round(getattr(margins, side) * 1440 / 25.4)
                assert abs(int(mar.get(f"{W}{side}")) - expected) <= 1, (document, side)


def test_a_profile_accent_colour_reaches_the_heading_styles(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(SEEDS, workspace)
    profile = (SEEDS.parent / "templates" / "default" / "profile.yaml").read_text()
    folder = workspace / "templates" / "default"
    folder.mkdir(parents=True)
    (folder / "profile.yaml").write_text(
        profile.replace('accent_color: "#1f3a5f"', 'accent_color: "#8a2be2"'), encoding="utf-8"
    )
    pack = make_pack(workspace, tmp_path / "out", "--as-of", AS_OF)
    with zipfile.ZipFile(pack.docx("background-brief")) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    # The letterhead, first: its text bold in the accent colour, ruled below in it.
    letterhead = body.find(f"{W}p")
    runs = [r for r in letterhead.iter(f"{W}r") if r.find(f"{W}t") is not None]
    assert "".join(r.findtext(f"{W}t") for r in runs) == "Briefing Unit"
    for run in runs:
        assert run.find(f"{W}rPr/{W}color").get(f"{W}val") == "8A2BE2"
        assert run.find(f"{W}rPr/{W}b") is not None
    rule = letterhead.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert (rule.get(f"{W}color"), rule.get(f"{W}sz")) == ("8A2BE2", "10")  # 1.2 pt
    colours = {
        style.find(f"{W}name").get(f"{W}val"): style.find(f"{W}rPr/{W}color")
        for style in styles.iter(f"{W}style")
    }
    for name in ("Title", "heading 1"):
        assert colours[name] is not None and colours[name].get(f"{W}val") == "8A2BE2", name


# -- logos ---------------------------------------------------------------------------------------

LOGO_WITH_TEXT = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
    '<text x="100" y="40" text-anchor="middle" font-family="Sarabun" font-weight="bold" '
    'font-size="30">EAST ASIA</text></svg>'
)


def test_an_svg_logo_stays_svg_beside_its_png_drawn_in_sarabun(tmp_path: Path) -> None:
    """The mfa letterhead's logo, replaced by one with text in Sarabun: the DOCX keeps the SVG
    (asvg:svgBlip) and a PNG fallback whose text is drawn whole in the bundled Sarabun."""
    from PIL import Image

    workspace = tmp_path / "ws"
    shutil.copytree(SEEDS, workspace)
    folder = workspace / "templates" / "mfa"
    folder.mkdir(parents=True)
    (folder / "logo.svg").write_text(LOGO_WITH_TEXT, encoding="utf-8")
    pack = make_pack(workspace, tmp_path / "out", "--as-of", AS_OF, ministry="mfa")
    with zipfile.ZipFile(pack.docx("background-brief")) as z:
        body = z.read("word/document.xml").decode()
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{PR}Relationship")}
        svg_id = re.search(r'<asvg:svgBlip [^>]*r:embed="(\w+)"', body)
        assert svg_id, "no asvg:svgBlip in the picture"
        assert z.read(f"word/{targets[svg_id[1]]}").decode() == LOGO_WITH_TEXT
        png_id = re.search(r'<a:blip r:embed="(\w+)"', body)
        png = Image.open(io.BytesIO(z.read(f"word/{targets[png_id[1]]}"))).convert("RGBA")
    # The text's ink, measured against the same text set in Sarabun's own metrics: a fallback
    # font (DejaVu Sans Bold is some 15% wider) would run past the 200-unit box, clipped.
    ink = png.getchannel("A").point(lambda alpha: 255 if alpha > 128 else 0).getbbox()
    assert ink is not None
    left, _, right, _ = ink
    assert left > 0 and right < png.width, "the text is clipped"
    sarabun = TTFont(sarabun_dir() / "Sarabun-Bold.ttf")
    cmap, metrics = sarabun.getBestCmap(), sarabun["hmtx"]
    advance = sum(metrics[cmap[ord(c)]][0] for c in "EAST ASIA") / 1000 * 30  # in SVG units
    drawn = (right - left) / png.width * 200
    assert drawn == pytest.approx(advance, rel=0.08)


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://example.org/a.png"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<use xlink:href="other.svg#a"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(file:///x)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "x.css";</style></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
        "<svg",
    ],
)
def test_an_svg_that_refers_outside_itself_is_not_kept(svg: str) -> None:
    from briefgen.render.word.pictures import self_contained_svg

    assert not self_contained_svg(svg.encode())


def test_a_self_contained_svg_is_kept() -> None:
    from briefgen.render.word.pictures import self_contained_svg

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs>'
        '<rect style="fill: url(#g)"/><image href="data:image/png;base64,AAAA"/></svg>'
    )
    assert self_contained_svg(svg.encode())
    assert self_contained_svg(LOGO_WITH_TEXT.encode())


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # fonts-dejavu-core, 740 KB


@pytest.mark.skipif(not DEJAVU.is_file(), reason="fonts-dejavu-core is not installed")
def test_a_large_face_is_embedded_as_a_subset_of_the_text(reference: Path, tmp_path: Path) -> None:
    (tmp_path / "fonts").mkdir()
    shutil.copy(DEJAVU, tmp_path / "fonts" / DEJAVU.name)
    data, warnings = write(
        "<p>Ωmega ßharp</p>",
        reference,
        latin_font="DejaVu Sans",
        font_folders=(tmp_path / "fonts",),
    )
    assert not warnings
    package = tmp_path / "subset.docx"
    package.write_bytes(data)
    ((family, tag, font_file),) = embedded_fonts(package)
    assert (family, tag) == ("DejaVu Sans", "embedRegular")
    assert len(font_file) < DEJAVU.stat().st_size / 5
    cmap = TTFont(io.BytesIO(font_file)).getBestCmap()
    assert {ord(c) for c in "Ωmega ßharp"} <= set(cmap)
    assert ord("Ж") not in cmap  # in DejaVu Sans, not in the text
    with zipfile.ZipFile(package) as z:
        settings = etree.fromstring(z.read("word/settings.xml"))
    tags = [child.tag for child in settings]
    assert tags.index(f"{W}embedTrueTypeFonts") < tags.index(f"{W}saveSubsetFonts")
    assert len(data) < MAX_DOCX_BYTES
