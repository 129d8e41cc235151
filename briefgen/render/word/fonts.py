"""Fonts embedded in the DOCX, so that it is drawn the same on a machine without them.

This is Word's "Embed fonts in the file" (ECMA-376 Part 1 §17.8.1): `w:embedTrueTypeFonts`
in the settings, each face a part word/fonts/fontN.odttf whose first 32 bytes are XORed with
its font key (a GUID, read as 16 bytes in reverse order), and `w:embedRegular`, `w:embedBold`,
`w:embedItalic` or `w:embedBoldItalic` in the font table, naming the part and its key. Word
and LibreOffice both load such fonts. Only the faces that the document's runs use are
embedded, whole (a reader who edits the text has every glyph), from the files of `FontFiles`.
A face whose OS/2 fsType forbids installable or editable embedding is left out, with a warning;
one over MAX_WHOLE_FACE_BYTES is cut down to the characters the document draws in it.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from briefgen.render.word.fontuse import FACES, font_use
from briefgen.render.word.ooxml import w_tag
from briefgen.render.word.save import deflate

EMBED_TAGS = {face: f"embed{face}" for face in FACES.values()}
W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
# What comes before w:embedTrueTypeFonts in w:settings (CT_Settings), and the font
# element's children in order (CT_Font).
SETTINGS_BEFORE = [
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
]
PANOSE_FIELDS = ["bFamilyType", "bSerifStyle", "bWeight", "bProportion", "bContrast"]
PANOSE_FIELDS += ["bStrokeVariation", "bArmStyle", "bLetterForm", "bMidline", "bXHeight"]
FONT_CHILDREN = ["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig"]
FONT_CHILDREN += list(EMBED_TAGS.values())
# OS/2 fsType: bit 1 restricted licence (no embedding), bit 2 preview and print only (a
# document that cannot be edited), bit 9 bitmap only. Installable (0) and editable (bit 3)
# allow an editable DOCX.
FS_RESTRICTED, FS_PREVIEW_PRINT, FS_BITMAP_ONLY = 0x0002, 0x0004, 0x0200
MAX_FONT_BYTES = 32 * 1024 * 1024
# A face larger than this (a CJK font, say) is embedded as a subset of the characters drawn,
# with w:saveSubsetFonts, to keep the DOCX small; Sarabun's faces (about 90 KB) go in whole.
MAX_WHOLE_FACE_BYTES = 150_000
FONT_FILE = re.compile(r"\.(ttf|otf)$", re.IGNORECASE)


def obfuscate(data: bytes, font_key: str) -> bytes:
    """A font file's bytes, its first 32 XORed with the key (the same call undoes it)."""
    key = uuid.UUID(font_key).bytes[::-1]
    head = bytes(byte ^ key[i % 16] for i, byte in enumerate(data[:32]))
    return head + data[32:]


def font_key(family: str, face: str) -> str:
    """A font key of the form Word writes, the same for a face every time."""
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"briefgen:{family}:{face}")).upper() + "}"


@dataclass(frozen=True)
class FontFace:
    family: str
    face: str  # Regular, Bold, Italic or BoldItalic
    path: Path


@functools.cache
def _read_face(path: Path) -> tuple[str, str, int] | None:
    """(family, face, fsType) of a font file, None if fontTools cannot read it."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            names, os2 = font["name"], font["OS/2"]
            family = names.getDebugName(16) or names.getDebugName(1) or ""
            bold = bool(os2.fsSelection & 0x20) or os2.usWeightClass >= 600
            italic = bool(os2.fsSelection & 0x01)
            return family, FACES[bold, italic], int(os2.fsType)
    except (OSError, TTLibError, KeyError, AttributeError, struct.error):
        return None


@dataclass
class FontFiles:
    """Where the font files of a DOCX come from: the bundled families (family -> folder of
    `Family-Face.ttf` files) and a profile's own font folders, whose files are recognised by
    the names inside them."""

    bundled: dict[str, Path] = field(default_factory=lambda: bundled_fonts())
    folders: tuple[Path, ...] = ()

    def find(self, family: str, face: str) -> FontFace | None:
        folder = self.bundled.get(family)
        if folder is not None and (folder / f"{family}-{face}.ttf").is_file():
            return FontFace(family, face, folder / f"{family}-{face}.ttf")
        for path in self._own_files():
            read = _read_face(path)
            if read and read[0].lower() == family.lower() and read[1] == face:
                return FontFace(family, face, path)
        return None

    def _own_files(self) -> Iterator[Path]:
        """The font files of the folders: no link out of its folder, none over MAX_FONT_BYTES."""
        for folder in self.folders:
            if not folder.is_dir():
                continue
            real = folder.resolve()
            for path in sorted(folder.iterdir()):
                if not FONT_FILE.search(path.name) or not path.is_file():
                    continue
                if path.resolve().is_relative_to(real) and path.stat().st_size <= MAX_FONT_BYTES:
                    yield path


def bundled_fonts() -> dict[str, Path]:
    """The families briefgen ships, as the PDF draws them: Sarabun (fontpkg-sarabun)."""
    from briefgen.render.page import sarabun_dir

    return {"Sarabun": sarabun_dir()}


def embedding_refused(path: Path) -> str | None:
    """Why the font's licence bits (OS/2 fsType) forbid embedding it in an editable document,
    or None if they allow it."""
    read = _read_face(path)
    if read is None:
        return "fontTools cannot read the file"
    fs_type = read[2]
    if fs_type & FS_BITMAP_ONLY:
        return "its licence allows embedding bitmaps only (OS/2 fsType)"
    if fs_type & 0x000E == FS_RESTRICTED:
        return "its licence forbids embedding (OS/2 fsType: restricted)"
    if fs_type & 0x000E == FS_PREVIEW_PRINT:
        return "its licence allows embedding for preview and print only (OS/2 fsType)"
    return None


def embed_fonts(doc: Any, files: FontFiles, warn: Callable[[str], None]) -> None:
    """Embed every face the document's runs use that `files` has and may be embedded; warn,
    naming the font, about a face that is missing or whose licence forbids it."""
    embedded: list[FontFace] = []
    used = font_use(doc)
    for family, use in sorted(used.items()):
        missing, refused = [], {}
        for face in sorted(use.faces, key=list(FACES.values()).index):  # Regular first
            found = files.find(family, face)
            reason = embedding_refused(found.path) if found else None
            if found is None:
                missing.append(face)
            elif reason:
                refused[face] = reason
            else:
                embedded.append(found)
        if missing:
            warn(
                f"DOCX: the font {family} ({', '.join(missing)}) is not embedded: briefgen "
                "has no file of it (put its .ttf files in the profile's fonts/ folder); a "
                "reader without it sees a substitute"
            )
        for reason in sorted(set(refused.values())):
            named = ", ".join(face for face in refused if refused[face] == reason)
            warn(f"DOCX: the font {family} ({named}) is not embedded: {reason}")
    if embedded:
        _write_embedded(doc, embedded, {family: "".join(use.text) for family, use in used.items()})


def _write_embedded(doc: Any, faces: list[FontFace], texts: dict[str, str]) -> None:
    table_part = _font_table_part(doc)
    fonts = etree.fromstring(table_part.blob)
    subset = False
    for number, face in enumerate(faces, start=1):
        key = font_key(face.family, face.face)
        partname = PackURI(f"/word/fonts/font{number}.odttf")
        whole = _whole_face(face.path, key)
        if whole is None:
            data = subset_face(face.path.read_bytes(), texts.get(face.family, ""))
            part = Part(partname, OBFUSCATED_FONT, obfuscate(data, key))
            subset = True
        else:
            part = EmbeddedFontPart(partname, *whole)
        rel_id = table_part.relate_to(part, RT.FONT)
        entry = _font_entry(fonts, face.family, face.path)
        embed = _ordered_child(entry, EMBED_TAGS[face.face], FONT_CHILDREN)
        embed.set(qn("r:id"), rel_id)
        embed.set(w_tag("fontKey"), key)
    table_part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8")
    settings = doc.settings.element
    order = [*SETTINGS_BEFORE, "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts"]
    for tag in ("embedTrueTypeFonts", *(["saveSubsetFonts"] if subset else [])):
        if settings.find(w_tag(tag)) is None:
            _ordered_child(settings, tag, order)


class EmbeddedFontPart(Part):
    """A whole embedded face, with its data deflated as the zip will hold it (`deflated`):
    see briefgen.render.word.save."""

    def __init__(self, partname: PackURI, data: bytes, deflated: bytes) -> None:
        super().__init__(partname, OBFUSCATED_FONT, data)
        self.deflated = deflated


def _whole_face(path: Path, key: str) -> tuple[bytes, bytes] | None:
    """(the part's data, the same deflated) for a face embedded whole, None for a face
    over MAX_WHOLE_FACE_BYTES (embedded as a subset of each document's text)."""
    stat = path.stat()
    return _read_whole_face(path, key, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _read_whole_face(path: Path, key: str, mtime_ns: int, size: int) -> tuple[bytes, bytes] | None:
    """_whole_face, once per process for a file (as long as it is not changed): every
    document of every pack embeds the same faces, and deflating them took a quarter of the
    time of making a DOCX. At most 16 faces of at most MAX_WHOLE_FACE_BYTES are kept."""
    data = path.read_bytes()
    if len(data) > MAX_WHOLE_FACE_BYTES:
        return None
    data = obfuscate(data, key)
    return data, deflate(data)


def subset_face(data: bytes, text: str) -> bytes:
    """A font file cut down to the glyphs of `text` and printable ASCII, with every layout
    feature (Thai marks are placed by GPOS, some letters formed by GSUB)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.legacy_kern = True
    font = TTFont(io.BytesIO(data))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + "".join(chr(c) for c in range(0x20, 0x7F)))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _font_table_part(doc: Any) -> Any:
    for rel in doc.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            return rel.target_part
    xml = f'<w:fonts xmlns:w="{W_NAMESPACE}"/>'.encode()
    part = Part(
        PackURI("/word/fontTable.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
        xml,
    )
    doc.part.relate_to(part, RT.FONT_TABLE)
    return part


def _font_entry(fonts: Any, family: str, path: Path) -> Any:
    """The font table's entry for `family`; a new one describes the font as Word does (panose,
    pitch, and the Unicode and code-page ranges it covers, from its OS/2 table), which Word
    reads to choose a substitute where it cannot use the embedded font."""
    for entry in fonts.iter(w_tag("font")):
        if entry.get(w_tag("name")) == family:
            return entry
    entry = etree.SubElement(fonts, w_tag("font"))
    entry.set(w_tag("name"), family)
    stat = path.stat()
    digits, ranges = _os2_description(path, stat.st_mtime_ns, stat.st_size)
    values = {
        "panose1": "".join(f"{digit:02X}" for digit in digits),
        "charset": "00",
        "family": "auto",
        "pitch": "variable",
    }
    for tag, value in values.items():
        etree.SubElement(entry, w_tag(tag)).set(w_tag("val"), value)
    sig = etree.SubElement(entry, w_tag("sig"))
    for name, bits in zip(("usb0", "usb1", "usb2", "usb3", "csb0", "csb1"), ranges, strict=True):
        sig.set(w_tag(name), f"{bits:08X}")
    return entry


@functools.lru_cache(maxsize=16)
def _os2_description(path: Path, mtime_ns: int, size: int) -> tuple[list[int], list[int]]:
    """The panose digits and the Unicode and code-page ranges of a font file's OS/2 table,
    read once per process for a file (as long as it is not changed)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        os2 = font["OS/2"]
        panose = os2.panose
        digits = [getattr(panose, name) for name in PANOSE_FIELDS]
        ranges = [os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3]
        ranges += [os2.ulUnicodeRange4, os2.ulCodePageRange1, os2.ulCodePageRange2]
    return digits, ranges


def _ordered_child(parent: Any, tag: str, order: list[str]) -> Any:
    """A new `w:<tag>` child of parent placed after the children `order` puts before it (the
    rest of the schema's order is after it)."""
    before = {w_tag(name) for name in order[: order.index(tag)]}
    element = parent.makeelement(w_tag(tag), {})
    last = None
    for existing in parent:
        if existing.tag in before:
            last = existing
    if last is None:
        parent.insert(0, element)
    else:
        last.addnext(element)
    return element
