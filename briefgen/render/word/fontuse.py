"""Which fonts, faces and characters a DOCX's runs use: what briefgen.render.word.fonts embeds.

The runs of the body, headers and footers are read as Word draws them: the Latin font for text
that is not Thai, the complex-script font for Thai; bold and italic from the run, its
character style and its paragraph's style (following basedOn). A list's markers are drawn in
their numbering level's font.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from briefgen.render.word.ooxml import THAI_RE, w_tag

FACES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}
FACES[True, True] = "BoldItalic"
LIST_MARKERS = (
    "\u2022\u25e6\u25aa0123456789.)\u0e50\u0e51\u0e52\u0e53\u0e54\u0e55\u0e56\u0e57\u0e58\u0e59"
)


@dataclass
class FontUse:
    faces: set[str] = field(default_factory=set)  # Regular, Bold, Italic, BoldItalic
    text: set[str] = field(default_factory=set)  # the characters drawn in the font


def faces_used(doc: Any) -> dict[str, set[str]]:
    """Family -> the faces (Regular, Bold, Italic, BoldItalic) the document draws text in."""
    return {family: use.faces for family, use in font_use(doc).items()}


def font_use(doc: Any) -> dict[str, FontUse]:
    """Family -> the faces and the characters the document's runs draw in it."""
    styles = _StyleFlags(doc.styles.element)
    used: dict[str, FontUse] = {}
    for root in _story_roots(doc):
        for paragraph in root.iter(w_tag("p")):
            style_id = _first_val(paragraph, "pPr", "pStyle") or styles.default
            for run in paragraph.iter(w_tag("r")):
                text = "".join(t.text or "" for t in run.iter(w_tag("t")))
                if not text.strip():
                    continue
                rpr = run.find(w_tag("rPr"))
                char_style = _first_val(rpr, None, "rStyle") if rpr is not None else ""
                bold = _flag(rpr, "b") or styles.flag(char_style, "b")
                bold = bold or styles.flag(style_id, "b")
                italic = _flag(rpr, "i") or styles.flag(char_style, "i")
                italic = italic or styles.flag(style_id, "i")
                face = FACES[bool(bold), bool(italic)]
                for family, drawn in _families(rpr, text, styles, (char_style, style_id)):
                    use = used.setdefault(family, FontUse())
                    use.faces.add(face)
                    use.text.update(drawn)
    for family in _marker_fonts(doc):
        use = used.setdefault(family, FontUse())
        use.faces.add("Regular")
        use.text.update(LIST_MARKERS)
    return used


def _marker_fonts(doc: Any) -> set[str]:
    """The fonts of the numbering levels, when the body has a list paragraph."""
    body = doc.element.body
    if not body.xpath(".//w:pPr/w:numPr | .//w:pPr/w:pStyle[starts-with(@w:val, 'List')]"):
        return set()
    try:
        numbering = doc.part.numbering_part.element
    except NotImplementedError:  # python-docx: a document without numbering
        return set()
    return {
        name for fonts in numbering.iter(w_tag("rFonts")) if (name := fonts.get(w_tag("ascii")))
    }


def _story_roots(doc: Any) -> Iterable[Any]:
    yield doc.element.body
    for part in doc.part.package.iter_parts():
        if part.partname.startswith(("/word/header", "/word/footer")):
            yield part.element


def _first_val(element: Any, middle: str | None, tag: str) -> str:
    """XPath's string(./middle/tag/@w:val) of `element` (without `middle`: ./tag/@w:val):
    the first such attribute in document order, "" if there is none. The same answer as the
    XPath, without compiling and running one for every paragraph and run."""
    parents = element.iterchildren(w_tag(middle)) if middle else (element,)
    for parent in parents:
        for found in parent.iterchildren(w_tag(tag)):
            value = found.get(w_tag("val"))
            if value is not None:
                return str(value)
    return ""


def _flag(rpr: Any, tag: str) -> bool | None:
    """A toggle property of a `w:rPr`: True, False, or None where it is not set."""
    found = rpr.find(w_tag(tag)) if rpr is not None else None
    if found is None:
        return None
    return found.get(w_tag("val"), "true").lower() not in ("0", "false", "off")


def _families(
    rpr: Any, text: str, styles: _StyleFlags, style_ids: Iterable[str]
) -> list[tuple[str, str]]:
    """(family, the characters drawn in it) for a run's text: Thai in the complex-script
    font, the rest in the Latin font."""
    thai = "".join(THAI_RE.findall(text))
    other = THAI_RE.sub("", text)
    found = []
    for attribute, drawn in (("cs", thai), ("ascii", other)):
        if not drawn.strip():
            continue
        name = _font_name(rpr, attribute)
        for style_id in style_ids:
            name = name or styles.font(style_id, attribute)
        name = name or styles.font("", attribute)
        if name:
            found.append((name, drawn))
    return found


def _font_name(rpr: Any, attribute: str) -> str | None:
    fonts = rpr.find(w_tag("rFonts")) if rpr is not None else None
    return fonts.get(w_tag(attribute)) if fonts is not None else None


class _StyleFlags:
    """Bold, italic and fonts of styles, following basedOn; "" is the document defaults."""

    def __init__(self, styles: Any) -> None:
        self.by_id = {s.get(w_tag("styleId")): s for s in styles.iter(w_tag("style"))}
        self.default = next(
            (
                s.get(w_tag("styleId"))
                for s in self.by_id.values()
                if s.get(w_tag("type")) == "paragraph" and s.get(w_tag("default")) in ("1", "true")
            ),
            "",
        )
        self.defaults = styles.find(f"{w_tag('docDefaults')}/{w_tag('rPrDefault')}/{w_tag('rPr')}")
        # Every run asks about its styles again; the styles do not change meanwhile.
        self.flags: dict[tuple[str, str], bool] = {}
        self.fonts: dict[tuple[str, str], str | None] = {}

    def _chain(self, style_id: str) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style.find(w_tag("rPr"))
            style_id = style.xpath("string(./w:basedOn/@w:val)")

    def flag(self, style_id: str, tag: str) -> bool:
        if (style_id, tag) not in self.flags:
            self.flags[style_id, tag] = self._read_flag(style_id, tag)
        return self.flags[style_id, tag]

    def font(self, style_id: str, attribute: str) -> str | None:
        if (style_id, attribute) not in self.fonts:
            self.fonts[style_id, attribute] = self._read_font(style_id, attribute)
        return self.fonts[style_id, attribute]

    def _read_flag(self, style_id: str, tag: str) -> bool:
        for rpr in self._chain(style_id):
            found = _flag(rpr, tag)
            if found is not None:
                return found
        return False

    def _read_font(self, style_id: str, attribute: str) -> str | None:
        for rpr in self._chain(style_id):
            name = _font_name(rpr, attribute)
            if name:
                return name
        return _font_name(self.defaults, attribute) if not style_id else None
