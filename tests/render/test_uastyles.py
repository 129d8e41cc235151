"""The lighter user-agent stylesheet (render/uastyles.py): a document gets it only when its
pages come out the same as with WeasyPrint's own, and they do. Real rendering; pages compared
by their drawing instructions (each page's content stream)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.render import uastyles
from briefgen.render.engine import import_weasyprint
from briefgen.render.pdf import ResourcePolicy, _html_class, render_pdf
from briefgen.render.uastyles import lighter_sheet, lighter_sheet_suits

ORDINARY = """<!DOCTYPE html><html lang="en"><head><style>
body { font-family: sans-serif; } table { border-collapse: collapse; }
th, td { border: 0.5pt solid #888; } li::marker { color: #a00; }
</style></head><body>
<h1>Title</h1><h2>Section</h2><h3>Part</h3><h4>Four</h4>
<p>Text with <strong>strong</strong>, <em>em</em>, <b>b</b>, <i>i</i>, <a href="#x">a link</a>,
<small>small</small>, H<sub>2</sub>O, x<sup>2</sup>, <code>code</code>, <q>quoted</q>,
<mark>mark</mark>, <u>u</u>, <s>s</s><br>after a break.</p>
<ul><li>one<ul><li>nested<ul><li>deeper</li></ul></li></ul></li><li>two</li></ul>
<ol><li>first</li><li>second<ol><li>inner</li></ol></li></ol>
<ol style="list-style-type: lower-roman"><li>roman</li><li>numerals</li></ol>
<dl><dt>term</dt><dd>definition</dd></dl>
<blockquote>A quotation.</blockquote><pre>pre  formatted</pre><hr>
<table><thead><tr><th>A</th><th>B</th></tr></thead>
<tbody><tr><td>1</td><td>2</td></tr></tbody></table>
<section><header>Header</header><article id="x">Article</article><footer>F</footer></section>
<details><summary>Summary</summary>Details</details>
<figure><figcaption>Caption</figcaption></figure>
<form><input value="typed"><input type="checkbox" checked><button>Go</button>
<select><option>one</option><option selected>two</option></select>
<textarea>text</textarea><fieldset>set</fieldset></form>
</body></html>"""


def page_streams(pdf: bytes) -> list[bytes]:
    return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages]


def rendered(html: str, tmp_path: Path) -> bytes:
    return render_pdf(html, base_url=tmp_path, policy=ResourcePolicy(roots=[tmp_path])).write()


def suits(html: str, tmp_path: Path) -> bool:
    import_weasyprint()
    parsed = _html_class()(string=html, base_url=tmp_path.as_uri() + "/")
    return lighter_sheet_suits(parsed, ResourcePolicy(roots=[tmp_path]))


def with_weasyprints_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uastyles, "lighter_sheet_suits", lambda html, policy: False)


def test_the_lighter_sheet_is_derived_from_the_installed_weasyprint() -> None:
    import_weasyprint()
    from weasyprint.html import UA_STYLESHEET

    sheet = lighter_sheet()
    assert sheet is not None
    # WeasyPrint's own is left as it was: six universal pseudo-element rules.
    assert len([entry for entry in UA_STYLESHEET.matcher.other_selectors if entry[3]]) == 6
    assert not [entry for entry in sheet.matcher.other_selectors if entry[3]]
    assert [e[3] for e in sheet.matcher.lower_local_name_selectors["li"] if e[3]] == ["marker"]


def test_ordinary_html_gets_the_lighter_sheet_and_the_same_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert suits(ORDINARY, tmp_path)
    lighter = rendered(ORDINARY, tmp_path)
    with_weasyprints_sheet(monkeypatch)
    assert page_streams(lighter) == page_streams(rendered(ORDINARY, tmp_path))


@pytest.mark.parametrize(
    "html",
    [
        '<ol><li>one</li></ol><div style="display: list-item">item</div>',
        "<style>p { display: LIST-ITEM }</style><p>item</p>",
        r"<style>p { display: list\-item }</style><p>item</p>",  # an escape, read as CSS does
        "<style>@media print { p { display: list-item } }</style><p>item</p>",
        "<style>:root { --shown: list-item } p { display: var(--shown) }</style><p>item</p>",
        '<p>text<span style="float: footnote">a footnote</span></p>',
        "<style>span { position: note(side) }</style><p>text<span>a note</span></p>",
        '<style>@import url("other.css");</style><p>x</p>',
    ],
)
def test_what_the_lighter_sheet_would_change_gets_weasyprints(html: str, tmp_path: Path) -> None:
    assert not suits(html, tmp_path)


@pytest.mark.parametrize(
    "html",
    [
        '<style>p::after { content: "list-item footnote note(" }</style><p>x</p>',
        "<style>/* display: list-item */ ol { list-style-type: thai }</style><p>a note</p>",
        '<p title="list-item">footnote, note(1)</p>',
    ],
)
def test_words_in_strings_comments_and_text_do_not_count(html: str, tmp_path: Path) -> None:
    assert suits(html, tmp_path)


def test_linked_stylesheets_are_read_as_weasyprint_would(tmp_path: Path) -> None:
    (tmp_path / "plain.css").write_text("p { color: red }", encoding="utf-8")
    (tmp_path / "items.css").write_text("p { display: list-item }", encoding="utf-8")
    (tmp_path / "latin1.css").write_bytes("p { content: '\xe9' }".encode("latin-1"))
    assert suits('<link rel="stylesheet" href="plain.css"><p>x</p>', tmp_path)
    assert not suits('<link rel="stylesheet" href="items.css"><p>x</p>', tmp_path)
    assert not suits('<link rel="stylesheet" href="latin1.css"><p>x</p>', tmp_path)
    assert not suits('<link rel="stylesheet" href="missing.css"><p>x</p>', tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.css"
    outside.write_text("p { color: red }", encoding="utf-8")
    assert not suits(f'<link rel="stylesheet" href="{outside.as_uri()}"><p>x</p>', tmp_path)
    assert not suits('<link rel="stylesheet" href="data:text/css,p{}"><p>x</p>', tmp_path)
    # A stylesheet changed on disk is read again.
    (tmp_path / "plain.css").write_text("p { float: footnote }", encoding="utf-8")
    assert not suits('<link rel="stylesheet" href="plain.css"><p>x</p>', tmp_path)


@pytest.mark.parametrize(
    "html",
    [
        # WeasyPrint's ::marker keeps a marker's letters as they are (text-transform: none).
        "<style>p { display: list-item; list-style: lower-alpha inside; "
        "text-transform: uppercase }</style><p>item</p>",
        '<p>text<span style="float: footnote">a footnote</span></p>',
    ],
)
def test_the_guard_matters_the_lighter_sheet_would_draw_these_otherwise(
    html: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the lighter sheet given to these documents, their pages would not be the same
    (or would not lay out): that is what the checks above keep it from."""
    expected = page_streams(rendered(html, tmp_path))
    monkeypatch.setattr(uastyles, "lighter_sheet_suits", lambda html, policy: True)
    try:
        lighter = page_streams(rendered(html, tmp_path))
    except Exception:  # WeasyPrint cannot draw a footnote call without its style
        return
    assert lighter != expected
