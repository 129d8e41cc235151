"""The reference document as briefgen copies it: only the parts it uses, each read with a
bound on its size, and nothing that would make Word reach out to the network.

A reference .docx is a zip a ministry (or anyone who can write to templates/) supplies, and
every part python-docx loads is copied into every DOCX of every pack. So the package is
rebuilt in memory before python-docx sees it:

- a part is read only if briefgen uses it: the main document and, through their
  relationships, its styles, numbering, settings, theme, font table, web settings, headers,
  footers, footnotes, endnotes and the pictures those hold, and the document properties;
  anything else in the zip (custom XML, macros, a glossary, media the body used, a
  1.5 GB part of zeros) is never read;
- each part's declared size is checked before it is read, the read itself is bounded, and
  the parts together are bounded too;
- every relationship to something outside the package (TargetMode="External": a hyperlink,
  an attached template, a mail-merge source, a linked picture) is dropped, with what refers
  to it, and settings lose w:attachedTemplate and w:mailMerge, so no DOCX briefgen writes
  makes Word fetch anything.
"""

from __future__ import annotations

import functools
import io
import os
import posixpath
import stat
import zipfile
from pathlib import Path

from lxml import etree

from briefgen.boundedread import NotRegularFile, TooLarge, read_at_most
from briefgen.errors import RenderError, display_path

MAX_REFERENCE_BYTES = 20 * 1024 * 1024  # the .docx file itself
MAX_PART_BYTES = 16 * 1024 * 1024  # one part, uncompressed
MAX_PARTS_BYTES = 48 * 1024 * 1024  # the parts kept, together, uncompressed

_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Relationship types followed, by the kind of part they leave from ("" is the package).
_ROOT_KINDS = {"officeDocument", "core-properties", "extended-properties"}
_DOCUMENT_KINDS = {
    "styles",
    "numbering",
    "settings",
    "theme",
    "fontTable",
    "webSettings",
    "header",
    "footer",
    "footnotes",
    "endnotes",
}
_PICTURE_KINDS = {"image"}
# Elements that exist only to point at a relationship: dropped with it.
_POINTERS = {
    f"{{{_W}}}{name}"
    for name in (
        "headerReference",
        "footerReference",
        "embedRegular",
        "embedBold",
        "embedItalic",
        "embedBoldItalic",
        "attachedTemplate",
        "mailMerge",
    )
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def clean_reference(path: Path) -> io.BytesIO:
    """The reference .docx at `path`, rebuilt with only the parts briefgen uses, as a file
    python-docx can open; RenderError naming the file and the part when it cannot be.

    A pack's three documents, and every pack of a batch, start from the same reference:
    it is rebuilt once per process for a file as long as the file is not changed (same
    inode, size, modification and change times)."""
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        return io.BytesIO(_rebuilt(path))  # refused there, with the reason
    identity = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    return io.BytesIO(_rebuilt_once(path, identity))


@functools.lru_cache(maxsize=8)
def _rebuilt_once(path: Path, identity: tuple[int, ...]) -> bytes:
    return _rebuilt(path)


def _rebuilt(path: Path) -> bytes:
    name = f"reference .docx {display_path(path)}"
    try:
        data = read_at_most(path, MAX_REFERENCE_BYTES)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return _Rebuild(package, path).run()
    except NotRegularFile:
        raise RenderError(f"{name} is not a regular file") from None
    except TooLarge as exc:
        raise RenderError(
            f"{name} is {exc.size / 1_048_576:.1f} MB;"
            f" it may be at most {MAX_REFERENCE_BYTES // 1_048_576} MB"
        ) from None
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError) as exc:
        raise RenderError(f"cannot open {name}: {exc}") from exc


class _Rebuild:
    def __init__(self, package: zipfile.ZipFile, path: Path) -> None:
        self.package, self.path = package, path
        self.members = {info.filename: info for info in package.infolist()}
        self.parts: dict[str, bytes] = {}  # part name (no leading /) -> content
        self.total = 0

    def run(self) -> bytes:
        self._follow("", _ROOT_KINDS)
        if "word/settings.xml" in self.parts:
            self.parts["word/settings.xml"] = _without_pointers(
                self.parts["word/settings.xml"], set()
            )
        types = etree.fromstring(self._read("[Content_Types].xml"), _PARSER)
        for override in types.findall(f"{{{_CONTENT_TYPES}}}Override"):
            if override.get("PartName", "").lstrip("/") not in self.parts:
                types.remove(override)
        out = io.BytesIO()
        # Stored, not deflated: only python-docx reads it, and sooner so.
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:
            clean.writestr("[Content_Types].xml", etree.tostring(types, xml_declaration=True))
            for name, data in self.parts.items():
                clean.writestr(name, data)
        return out.getvalue()

    def _follow(self, source: str, kinds: set[str]) -> None:
        """Keep the parts `source` relates to by one of `kinds`, and theirs in turn; drop
        every other relationship, and what in `source` points at a dropped one."""
        folder, name = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels_name not in self.members:
            return
        rels = etree.fromstring(self._read(rels_name), _PARSER)
        dropped: set[str] = set()
        for rel in list(rels):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = _target(folder, rel.get("Target", ""))
            external = rel.get("TargetMode") == "External"
            if external or kind not in kinds or target is None or target not in self.members:
                dropped.add(rel.get("Id", ""))
                rels.remove(rel)
                continue
            if target in self.parts:
                continue
            self.parts[target] = self._read(target)
            # Every kept part's own relationships are looked at: those not followed (a font
            # table's embedded fonts, a theme's picture) are dropped with what points at them.
            if kind == "officeDocument":
                self._follow(target, _DOCUMENT_KINDS)
            elif kind in ("header", "footer", "footnotes", "endnotes", "numbering"):
                self._follow(target, _PICTURE_KINDS)
            elif target.endswith(".xml"):
                self._follow(target, set())
        self.parts[rels_name] = etree.tostring(rels, xml_declaration=True)
        if dropped and source and source.endswith(".xml"):
            self.parts[source] = _without_pointers(self.parts[source], dropped)

    def _read(self, name: str) -> bytes:
        info = self.members.get(name)
        if info is None:
            raise KeyError(f"it has no part {name}")
        if info.file_size > MAX_PART_BYTES:
            raise self._too_large(name, info.file_size)
        with self.package.open(info) as stream:
            data = stream.read(MAX_PART_BYTES + 1)
        if len(data) > MAX_PART_BYTES:
            raise self._too_large(name, len(data))
        self.total += len(data)
        if self.total > MAX_PARTS_BYTES:
            raise RenderError(
                f"reference .docx {display_path(self.path)}: the parts briefgen uses pass "
                f"{MAX_PARTS_BYTES // 1_048_576} MB together"
            )
        return data

    def _too_large(self, name: str, size: int) -> RenderError:
        return RenderError(
            f"reference .docx {display_path(self.path)}: part {name} is "
            f"{size / 1_048_576:.1f} MB uncompressed; a part may be at most "
            f"{MAX_PART_BYTES // 1_048_576} MB"
        )


def _target(folder: str, target: str) -> str | None:
    """The part name a relationship's target means, or None if it leaves the package."""
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    name = posixpath.normpath(joined)
    if name.startswith(("../", "/")) or name in (".", ".."):
        return None
    return name


def _without_pointers(xml: bytes, dropped: set[str]) -> bytes:
    """The part without the elements that point at a dropped relationship (or, for an
    element that has other work, such as a hyperlink's runs, without the pointer), and
    without an attached template or mail merge in any case."""
    root = etree.fromstring(xml, _PARSER)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        pointers = [
            key
            for key, value in element.attrib.items()
            if key.startswith(f"{{{_OFFICE_RELS}}}") and value in dropped
        ]
        parent = element.getparent()
        if element.tag in (f"{{{_W}}}attachedTemplate", f"{{{_W}}}mailMerge") or (
            pointers and element.tag in _POINTERS
        ):
            if parent is not None:
                parent.remove(element)
            continue
        for key in pointers:
            del element.attrib[key]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
