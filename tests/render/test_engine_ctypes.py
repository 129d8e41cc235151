"""WeasyPrint's C types (render/engine.py): parsed once, and the font subsetter's arrays of any
length made without running pycparser again, as the same types cffi itself would make."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cffi.cparser
import pytest

from briefgen.render.engine import import_weasyprint
from briefgen.render.pdf import ResourcePolicy, pdf_fonts, render_pdf


def weasyprint_ffi() -> Any:
    import_weasyprint()
    from weasyprint.text.ffi import ffi

    return ffi


def test_a_sized_array_is_the_type_cffi_would_parse() -> None:
    ffi = weasyprint_ffi()
    made = ffi.typeof("hb_codepoint_t[4321]")
    with ffi._lock:  # cffi's own path: a spelling the shortcut does not take
        parsed = ffi._typeof_locked("hb_codepoint_t [ 4321 ]")[0]
    assert made is parsed
    assert made.kind == "array" and made.length == 4321
    assert made.item is ffi.typeof("hb_codepoint_t")
    assert list(ffi.new("hb_codepoint_t[3]", [7, 8, 9])) == [7, 8, 9]


def test_other_types_are_still_parsed_by_cffi() -> None:
    ffi = weasyprint_ffi()
    assert ffi.typeof("unsigned short[12]").length == 12
    assert ffi.typeof("PangoRectangle *").kind == "pointer"
    with pytest.raises(cffi.CDefError):
        ffi.typeof("no_such_type_t[3]")


def page(text: str) -> str:
    return f'<html lang="en"><body><p style="font-family: DejaVu Sans">{text}</p></body></html>'


def test_documents_are_drawn_without_parsing_c_types(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = ResourcePolicy(roots=[tmp_path])
    render_pdf(page("A first document."), base_url=tmp_path, policy=policy).write()
    parses: list[str] = []
    parse = cffi.cparser.Parser._parse

    def counted(self: Any, csource: str) -> Any:
        parses.append(csource)
        return parse(self, csource)

    monkeypatch.setattr(cffi.cparser.Parser, "_parse", counted)
    # Other letters: the subset has a length the first document's did not.
    pdf = render_pdf(
        page("Quite another text, with ÀÉÎÕÜ and more glyphs: 0123456789 qwxz."),
        base_url=tmp_path,
        policy=policy,
    ).write()
    assert parses == []
    assert all(pdf_fonts(pdf).values())
