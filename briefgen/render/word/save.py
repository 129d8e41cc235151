"""The DOCX file of a document: python-docx's package writer, with the embedded fonts
compressed once per process.

Most of the time of zipping a DOCX goes into deflating its embedded fonts (about 90 KB per
face, several faces per document), which are the same bytes in every document of every
pack. A part that carries its data deflated already (`deflated`, as the embedded font
parts of briefgen.render.word.fonts do) goes into the zip as that data; everything else is
written exactly as `Document.save` writes it: the same members, in the same order, each
deflated at zlib's default level, so the file differs from python-docx's only in the
members' timestamps (tests/render/test_docx_save.py compares the two).
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from typing import Any

from docx.opc.pkgwriter import PackageWriter


def docx_bytes(doc: Any) -> bytes:
    """The bytes of the .docx file of `doc`, as `doc.save` writes it (see above)."""
    package = doc.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    deflated = {id(p.blob): p for p in parts if getattr(p, "deflated", None) is not None}
    writer: Any = _Writer(out, deflated)
    # python-docx's own steps of PackageWriter.write, with this writer in place of its own.
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return out.getvalue()


class _Writer:
    """python-docx's zip writer (docx.opc.phys_pkg._ZipPkgWriter), which does not deflate
    again a part given with its data deflated already (`deflated_parts`, by the id of its
    blob)."""

    def __init__(self, out: io.BytesIO, deflated_parts: dict[int, Any]) -> None:
        self.zipf = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)
        self.deflated_parts = deflated_parts

    def close(self) -> None:
        self.zipf.close()

    def write(self, pack_uri: Any, blob: bytes) -> None:
        part = self.deflated_parts.get(id(blob))
        if part is None or part.blob is not blob:
            self.zipf.writestr(pack_uri.membername, blob)
            return
        zipf = self.zipf
        # The member as ZipFile.writestr(name, data) makes it.
        info = zipfile.ZipInfo(pack_uri.membername, time.localtime(time.time())[:6])
        info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o600 << 16
        info.file_size = len(blob)
        with zipf.open(info, mode="w") as member:
            if hasattr(member, "_compressor"):  # zipfile's deflater for this member
                member._compressor = _Deflated(blob, part.deflated)
            member.write(blob)


class _Deflated:
    """Stands in for zipfile's deflater of one member: for the very bytes it was made for
    it gives their deflated form; anything else it deflates as zipfile would (so a zipfile
    that wrote in pieces would still write a correct member)."""

    def __init__(self, data: bytes, deflated: bytes) -> None:
        self.data, self.deflated = data, deflated
        self.deflater: Any = None

    def compress(self, data: bytes) -> bytes:
        if self.deflater is None and data is self.data:
            self.data = b""  # given once
            return self.deflated
        if self.deflater is None:
            self.deflater = new_deflater()
        return bytes(self.deflater.compress(data))

    def flush(self) -> bytes:
        return bytes(self.deflater.flush()) if self.deflater is not None else b""


def new_deflater() -> Any:
    """A deflater as zipfile's for ZIP_DEFLATED at the default level."""
    return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)


def deflate(data: bytes) -> bytes:
    """`data` deflated as zipfile deflates a member."""
    deflater = new_deflater()
    return deflater.compress(data) + deflater.flush()
