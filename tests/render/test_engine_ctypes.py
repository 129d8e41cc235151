"""WeasyPrint as render/engine.py loads it: its C types parsed once, the font subsetter's arrays
of any length made without running pycparser again (the same types cffi itself would make),
and, in the command-line process only, what is alive then frozen out of the collector."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import cffi.cparser
import pytest
from support import REPO

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


@pytest.mark.parametrize("short_lived", [False, True])
def test_only_the_command_line_freezes_what_is_alive_at_weasyprints_import(
    short_lived: bool,
) -> None:
    """As store/loading.py: frozen objects' cyclic garbage is never freed, so only the
    command-line process, which soon ends, freezes (and then the collections skip it all)."""
    code = (
        "import gc, briefgen\n"
        f"briefgen.SHORT_LIVED_PROCESS = {short_lived}\n"
        "from briefgen.render.engine import import_weasyprint\n"
        "import_weasyprint()\n"
        "print(gc.get_freeze_count())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    frozen = int(out.stdout.split()[-1])
    assert (frozen > 10_000) if short_lived else (frozen == 0)
