"""Looking a DOCX's styles up by name, quickly.

python-docx finds a style by name with an XPath search through every style, and to give a
paragraph or a run a style it also finds the default style of that type by reading the type
of every style. With a reference of many styles, most of the time of writing a DOCX went
there; a StyleIndex reads the styles once per document.
"""

from __future__ import annotations

import weakref
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.styles import BabelFish
from docx.styles.style import StyleFactory


class StyleIndex:
    """A document's styles by name, and the default style of each type, read in one pass.

    The answers are python-docx's: the first style of a name, the last default of a type.
    No style is renamed while a document is written; a style added later (the reference
    builder adds some) is found by reading the styles again.
    """

    def __init__(self, doc: Any) -> None:
        self._styles = doc.styles.element
        self._read()

    def _read(self) -> None:
        self._by_name: dict[str, Any] = {}
        self._defaults: dict[Any, Any] = {}
        for element in self._styles.style_lst:
            self._by_name.setdefault(element.name_val, element)
            if element.default:
                self._defaults[element.type] = element

    def element(self, name: str) -> Any:
        """The `w:style` element of the style called `name` (its UI name); KeyError if none."""
        internal = BabelFish.ui2internal(name)
        if internal not in self._by_name:
            self._read()
        try:
            return self._by_name[internal]
        except KeyError:
            raise KeyError(f"no style with name '{name}'") from None

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
