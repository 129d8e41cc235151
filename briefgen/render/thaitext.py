"""Thai text that can be copied out of a PDF: a finisher for WeasyPrint's write_pdf.

A PDF maps each glyph code to text through the font's ToUnicode CMap: one glyph, one string.
HarfBuzz shapes SARA AM (U+0E33) as NIKHAHIT + SARA AA, moving NIKHAHIT before any tone mark
(Sarabun then ligates NIKHAHIT with the tone), and merges them into one cluster. WeasyPrint
maps each glyph to the text of the cluster it was first seen in, so "สำคัญ" is extracted as
"สาคัญ" and "น้ำ" as "นา". The finisher below gives the glyphs of every SARA AM their own
codes (extra CIDs mapped to the same glyphs through a CIDToGIDMap): the NIKHAHIT part maps to
the tone it carries (or nothing) and the SARA AA part to "ำ". It also maps every other Thai
glyph to the characters it draws, whatever cluster it was first seen in.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from typing import Any

NIKHAHIT, SARA_AA, SARA_AM = "\u0e4d", "\u0e32", "\u0e33"
TONES = set("\u0e48\u0e49\u0e4a\u0e4b")
_TF = re.compile(rb"^/(\w+) [-\d.]+ Tf$")
_HEX = re.compile(rb"<([0-9a-fA-F]*)>")
_BFCHAR = re.compile(rb"^<([0-9a-fA-F]+)> <([0-9a-fA-F]*)>$")


def repair_thai_text(document: Any, pdf: Any) -> None:
    try:
        _ThaiRepair(document, pdf).run()
    except Exception:  # never lose a PDF over text extraction; the tests catch regressions
        logging.getLogger("briefgen").debug("Thai text repair skipped", exc_info=True)


class _ThaiRepair:
    """Plans every change first and applies them only when all are known: a failure half-way
    leaves the PDF as WeasyPrint made it."""

    def __init__(self, document: Any, pdf: Any) -> None:
        self.pdf, self.objects = pdf, pdf.objects
        self.fonts = {font.hash: font for font in document.fonts.values()}
        self.targets: dict[str, dict[str, Any]] = {}
        self._nikhahit_codes: set[bytes] | None = None

    def deref(self, value: Any) -> Any:
        if isinstance(value, bytes) and value.endswith(b" R"):
            return self.objects[int(value.split()[0])]
        return value

    def run(self) -> None:
        import pydyf

        for obj in self.objects:
            if isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/Type0":
                self._add_target(obj)
        if not self.targets:
            return
        edits = [
            edit
            for obj in self.objects
            if isinstance(obj, pydyf.Stream)
            for edit in self._stream_edits(obj.stream)
        ]
        fonts = [self._font_edits(target) for target in self.targets.values()]
        for lines, index, line in edits:
            lines[index] = line
        for apply in fonts:
            apply()

    def _add_target(self, type0: Any) -> None:
        font = self.fonts.get(bytes(type0["BaseFont"]).decode()[1:].split("+")[0])
        if font is None or font.missing or font.bitmap or type0.get("Encoding") != "/Identity-H":
            return
        cid_font = self.deref(type0["DescendantFonts"][0])
        descriptor = self.deref(cid_font["FontDescriptor"])
        if cid_font.get("CIDToGIDMap") != "/Identity" or "CIDSet" in descriptor:
            return
        meanings = _thai_glyph_meanings(font)
        if meanings:
            self.targets[font.hash] = {
                "font": font,
                "cid": cid_font,
                "meanings": meanings,
                "unicode": self.deref(type0["ToUnicode"]),
                "virtual": {},  # (glyph id, text) -> extra code
            }

    def _may_draw_nikhahit(self, lines: list[Any]) -> bool:
        """Whether the stream holds the hex code of a glyph that draws NIKHAHIT in a target
        font: no edit is ever made to a stream that holds none (a quick check; a code found
        across two glyphs only means the full scan)."""
        if self._nikhahit_codes is None:
            self._nikhahit_codes = {
                form
                for target in self.targets.values()
                for code, meaning in target["meanings"].items()
                if NIKHAHIT in meaning
                for form in (b"%04x" % code, b"%04X" % code)
            }
        text = b"\n".join(line for line in lines if isinstance(line, bytes))
        return any(code in text for code in self._nikhahit_codes)

    def _stream_edits(self, lines: list[Any]) -> list[tuple[list[Any], int, bytes]]:
        """(lines, index, new line) for every TJ line drawing a SARA AM in a target font."""
        if not self._may_draw_nikhahit(lines):
            return []  # most streams, and every one of an English document
        glyphs: list[tuple[Any, int, int, int, int]] = []  # font, line, chunk, offset, code
        target = None
        for index, line in enumerate(lines):
            if not isinstance(line, bytes):
                continue
            if match := _TF.match(line):
                target = self.targets.get(match[1].decode())
            elif target is not None and line.endswith(b"TJ"):
                for chunk_index, chunk in enumerate(_HEX.findall(line)):
                    for offset in range(0, len(chunk) - 3, 4):
                        code = int(chunk[offset : offset + 4], 16)
                        glyphs.append((target, index, chunk_index, offset, code))
        changes: dict[int, dict[tuple[int, int], int]] = {}  # line -> (chunk, offset) -> code
        for i, (target, index, chunk_index, offset, code) in enumerate(glyphs):
            meaning = target["meanings"].get(code, "")
            if NIKHAHIT not in meaning:  # NIKHAHIT, or a ligature of it with a tone mark
                continue
            j = i + 1
            while j < len(glyphs) and target["meanings"].get(glyphs[j][4]) in TONES:
                j += 1
            if j == len(glyphs) or glyphs[j][0] is not target:
                continue
            _, aa_index, aa_chunk, aa_offset, aa_code = glyphs[j]
            if target["meanings"].get(aa_code) == SARA_AA:
                mark = self._virtual(target, code, meaning.replace(NIKHAHIT, ""))
                changes.setdefault(index, {})[(chunk_index, offset)] = mark
                aa = self._virtual(target, aa_code, SARA_AM)
                changes.setdefault(aa_index, {})[(aa_chunk, aa_offset)] = aa
        edits = []
        for index, line_changes in changes.items():
            parts = _HEX.split(lines[index])  # text, chunk, text, chunk, ..., text
            for chunk_index in range(len(parts) // 2):
                chunk = bytearray(parts[2 * chunk_index + 1])
                for (changed_chunk, offset), code in line_changes.items():
                    if changed_chunk == chunk_index:
                        chunk[offset : offset + 4] = b"%04x" % code
                parts[2 * chunk_index + 1] = b"<" + bytes(chunk) + b">"
            edits.append((lines, index, b"".join(parts)))
        return edits

    def _virtual(self, target: dict[str, Any], gid: int, text: str) -> int:
        virtual = target["virtual"]
        if (gid, text) not in virtual:
            font = target["font"]
            code = max(font.glyph_count, *font.to_unicode, 0) + 1 + len(virtual)
            if code > 0xFFFF:
                raise ValueError(f"no free glyph code in {font.family}")
            virtual[(gid, text)] = code
        return int(virtual[(gid, text)])

    def _font_edits(self, target: dict[str, Any]) -> Any:
        """A function that writes the target font's new ToUnicode, widths and CIDToGIDMap."""
        import pydyf

        unicode_stream, meanings = target["unicode"], target["meanings"]
        mapping: dict[int, str] = {}
        head: list[bytes] = []
        tail: list[bytes] = []
        for line in unicode_stream.stream:
            if match := _BFCHAR.match(line):
                mapping[int(match[1], 16)] = bytes.fromhex(match[2].decode()).decode("utf-16-be")
            elif not line.endswith(b"bfchar"):
                (tail if mapping or line.startswith(b"endcmap") else head).append(line)
        mapping.update({gid: meanings[gid] for gid in mapping if gid in meanings})
        virtual = target["virtual"]
        mapping.update({code: text for (_, text), code in virtual.items()})
        items = sorted(mapping.items())
        body: list[bytes] = []
        for start in range(0, len(items), 100):
            batch = items[start : start + 100]
            body.append(f"{len(batch)} beginbfchar".encode())
            body += [
                f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>".encode() for gid, text in batch
            ]
            body.append(b"endbfchar")
        cid_font, font = target["cid"], target["font"]
        widths: dict[int, Any] = {}
        w_array = list(cid_font["W"])
        for first, values in zip(w_array[::2], w_array[1::2], strict=True):
            widths.update({first + i: width for i, width in enumerate(values)})
        extra_widths = [
            item
            for (gid, _), code in sorted(virtual.items(), key=lambda item: item[1])
            for item in (code, pydyf.Array([widths.get(gid, 0)]))
        ]
        gids = [
            g if g < font.glyph_count else 0 for g in range(max(virtual.values(), default=0) + 1)
        ]
        for (gid, _), code in virtual.items():
            gids[code] = gid
        cid_to_gid = pydyf.Stream([b"".join(g.to_bytes(2, "big") for g in gids)], compress=True)

        def apply() -> None:
            unicode_stream.stream = head + body + tail
            if virtual:
                cid_font["W"].extend(extra_widths)
                self.pdf.add_object(cid_to_gid)
                cid_font["CIDToGIDMap"] = cid_to_gid.reference

        return apply


_MEANINGS: dict[bytes, dict[int, str]] = {}


def _thai_glyph_meanings(font: Any) -> dict[int, str]:
    """Glyph id -> the Thai characters it draws, through the cmap and GSUB substitutions."""
    from fontTools.ttLib import TTFont
    from weasyprint.text.fonts import get_hb_object_data

    data = get_hb_object_data(font.hb_face)
    key = hashlib.sha1(data, usedforsecurity=False).digest()
    if key in _MEANINGS:
        return _MEANINGS[key]
    tt = TTFont(io.BytesIO(data), fontNumber=font.index, lazy=True)
    names: dict[str, str] = {}
    for codepoint, name in tt.getBestCmap().items():
        if 0x0E00 <= codepoint <= 0x0E7F:
            names.setdefault(name, chr(codepoint))
    if NIKHAHIT not in names.values() or SARA_AA not in names.values():
        _MEANINGS[key] = {}
        return {}
    tables = []
    if "GSUB" in tt and tt["GSUB"].table.LookupList:
        for lookup in tt["GSUB"].table.LookupList.Lookup:
            for table in lookup.SubTable:
                tables.append(table.ExtSubTable if lookup.LookupType == 7 else table)
    for _ in range(3):  # substitutions of substitutions
        for table in tables:
            for source, target in (getattr(table, "mapping", None) or {}).items():
                if source in names and isinstance(target, str):  # not multiple substitution
                    names.setdefault(target, names[source])
            for source, outs in (getattr(table, "alternates", None) or {}).items():
                for out in outs if source in names else ():
                    names.setdefault(out, names[source])
            for first, ligatures in (getattr(table, "ligatures", None) or {}).items():
                for lig in ligatures:
                    parts = [first, *lig.Component]
                    if all(part in names for part in parts):
                        names.setdefault(lig.LigGlyph, "".join(names[p] for p in parts))
    order = {name: gid for gid, name in enumerate(tt.getGlyphOrder())}
    _MEANINGS[key] = {order[name]: text for name, text in names.items() if name in order}
    return _MEANINGS[key]
