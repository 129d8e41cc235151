"""Looking a DOCX's styles up by name, quickly.

python-docx finds a style by name with an XPath search through every style, and to give a
paragraph or a run a style it also finds the default style of that type by reading the type
of every style. With a reference of many styles, most of the time of writing a DOCX went
there; a StyleIndex reads the styles once per document.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

from briefgen.errors import StyleError, display_path

P, C, T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE


class StyleIndex:
    """A document's styles by name, and the default style of each type, read in one pass.

    The answers are python-docx's: the first style of a name, else the style of that id (as
    `doc.styles[key]` falls back to, deprecated), and the last default of a type. A style
    added later (the reference builder adds some) is found by reading the styles again; one
    removed, renamed or made the default after the first look-up is not seen, and neither
    briefgen nor python-docx does that while a document is written.
    """

    def __init__(self, doc: Any) -> None:
        self._styles = doc.styles.element
        self._read()

    def _read(self) -> None:
        self._by_name: dict[str, Any] = {}
        self._by_id: dict[str, Any] = {}
        self._defaults: dict[Any, Any] = {}
        for element in self._styles.style_lst:
            self._by_name.setdefault(element.name_val, element)
            self._by_id.setdefault(element.styleId, element)
            if element.default:
                self._defaults[element.type] = element

    def element(self, name: str) -> Any:
        """The `w:style` element of the style called `name` (its UI name); KeyError if none."""
        internal = BabelFish.ui2internal(name)
        if internal not in self._by_name and name not in self._by_id:
            self._read()
        found = self._by_name.get(internal)
        if found is None:
            found = self._by_id.get(name)
        if found is None:
            raise KeyError(f"no style with name '{name}'")
        return found

    def style(self, name: str) -> Any:
        """The python-docx style object of the style called `name`; KeyError if none."""
        return StyleFactory(self.element(name))

    def style_id(self, name: str, style_type: WD_STYLE_TYPE) -> str | None:
        """What python-docx's `get_style_id` gives for a name: None for the default style."""
        element = self.element(name)
        if element.type != style_type:
            raise ValueError(f"assigned style is type {element.type}, need type {style_type}")
        return None if element is self._defaults.get(style_type) else element.styleId


_STYLE_INDEXES: weakref.WeakKeyDictionary[Any, StyleIndex] = weakref.WeakKeyDictionary()


def styles_of(doc: Any) -> StyleIndex:
    """The StyleIndex of `doc`, made on first use (kept by its document part: a Document
    object cannot be a dictionary key)."""
    part = doc.part
    if part not in _STYLE_INDEXES:
        _STYLE_INDEXES[part] = StyleIndex(doc)
    return _STYLE_INDEXES[part]


def find_style(doc: Any, name: str) -> Any:
    """`doc.styles[name]`, through the document's StyleIndex."""
    return styles_of(doc).style(name)


def trim_reference(doc: Any, names: Iterable[str]) -> None:
    """Leave out of a reference document what briefgen does not use.

    python-docx's template defines some 160 styles, in 780 KB of XML with their Word 2010
    copy (stylesWithEffects.xml), that every DOCX made from the reference would carry, and
    that each one read, wrote and compressed again: a third of the time of making one.
    Kept: the styles named, each type's default, the styles the numbering definitions link
    to, and the styles all of those are based on, followed by or linked to. Word and
    LibreOffice still offer their built-in styles (the latent styles stay). Also dropped:
    the template's thumbnail, a picture of python-docx's sample document.
    """
    styles = doc.styles.element
    by_id = {element.styleId: element for element in styles.style_lst}
    wanted = {BabelFish.ui2internal(name) for name in names}
    pending = [e.styleId for e in styles.style_lst if e.name_val in wanted or e.default]
    numbering = doc.part.numbering_part.element
    pending += [found.get(qn("w:val")) for found in numbering.iter(qn("w:pStyle"))]
    kept: set[str] = set()
    while pending:
        style_id = pending.pop()
        if style_id in kept or style_id not in by_id:
            continue
        kept.add(style_id)
        for tag in ("w:basedOn", "w:next", "w:link"):
            found = by_id[style_id].find(qn(tag))
            if found is not None:
                pending.append(found.get(qn("w:val")))
    for element in list(styles.style_lst):
        if element.styleId not in kept:
            styles.remove(element)
    for owner in (doc.part, doc.part.package):  # no XML refers to these relationships
        for rel_id, rel in list(owner.rels.items()):
            if rel.reltype.endswith(("/stylesWithEffects", "/thumbnail")):
                del owner.rels[rel_id]


def style_size(doc: Any, name: str, default: float) -> float:
    """The Latin size of a style in points, following its base styles."""
    found = find_style(doc, name)
    while found is not None and found.font.size is None:
        found = found.base_style
    return found.font.size.pt if found is not None else default


def check_styles(doc: Any, needed: dict[str, WD_STYLE_TYPE], reference: Path) -> None:
    """Raise StyleError naming every style the reference lacks (or has of the wrong kind)."""
    missing = []
    for name, kind in needed.items():
        try:
            found = find_style(doc, name)
        except KeyError:
            found = None
        if found is None or found.type != kind:
            missing.append(f'"{name}" ({kind.name.lower()} style)')
    if missing:
        raise StyleError(
            f"{display_path(reference)} lacks the Word style"
            f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}: add "
            f"{'them' if len(missing) > 1 else 'it'} in Word, or start again from the "
            "built-in one with `briefgen templates init`"
        )
