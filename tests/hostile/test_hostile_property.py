"""Arbitrary Unicode in every text field of a meeting: control characters, right-to-left text,
combining marks, emoji, 10,000-character words. Each pack either fails with a clear
validation error naming file, line and column, or is made, and then every PDF opens with
pypdf and every DOCX with python-docx (whose XML parser refuses characters XML cannot hold).

Each example makes a whole pack (a few seconds), so the examples are few.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support import TESTS

from briefgen.build import MakeOptions, build
from briefgen.errors import BriefgenError, DataError

SPEC = TESTS / "fixtures" / "spec"
PLACE = re.compile(r"^ws/meetings/hostile\.yaml:\d+:\d+: \S")

RTL = ["שלום עולם", "مرحبا بالعالم", "\u202eevil\u202c", "\u200fRTL\u200e", "ܫܠܡܐ"]
EMOJI = ["🇹🇭🤝🇺🇸", "👩🏽‍💻", "🏳️‍🌈", "❤️‍🔥", "🧑‍🤝‍🧑"]
COMBINING = ["Z̸̢͚a̷l̴g̵o̶", "e\u0301\u0302\u0303\u0304", "ก้้้้้้้้้", "\u0e33\u0e33"]
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\ufffe\uffff\ud800\udfff"


def _word(char: str, length: int) -> str:
    return char * length


LEGAL_CHARS = st.characters(
    exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff", include_characters="\t\n"
)
#: Text a record may hold: any Unicode but what XML cannot carry, and not only blanks.
LEGAL = st.one_of(
    st.text(LEGAL_CHARS, min_size=1, max_size=80),
    st.sampled_from(RTL + EMOJI + COMBINING),
    st.lists(st.sampled_from(RTL + EMOJI + COMBINING), min_size=2, max_size=5).map(" ".join),
).filter(lambda text: text.strip() != "")
#: One word of 10,000 characters (one field per example: WeasyPrint's line breaking is slow on
#: them, quadratic in a table cell, and each example must stay a few seconds).
LONG_WORD = st.builds(_word, st.characters(exclude_categories=("Cs", "Cc", "Z")), st.just(10_000))
#: Text that may hold anything at all: control characters, lone surrogates, blanks.
ANY = st.one_of(
    st.text(min_size=0, max_size=40),
    st.text(alphabet=st.sampled_from(CONTROLS + "ab \t\n"), min_size=1, max_size=20),
)

#: The text fields of a meeting, held and planned, and where each text goes.
FIELD_COUNT = 17


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar holding text exactly, whatever it holds: characters YAML
    may not carry raw are escaped, so the loader (not this test) judges them."""
    out = []
    for char in text:
        code = ord(char)
        if char in '\\"':
            out.append("\\" + char)
        elif (
            code < 0x20
            or 0x7F <= code <= 0x9F
            or 0xD800 <= code <= 0xDFFF
            or char in "\u2028\u2029\ufeff\ufffe\uffff"
        ):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def meeting_yaml(texts: list[str]) -> str:
    q = [yaml_quote(t) for t in texts]
    return f"""\
id: hostile
title: {{en: {q[0]}, th: {q[1]}}}
parties: [TH, US]
date: 2026-12-10
date_note: {q[2]}
location: {q[3]}
status: planned
series: {q[4]}
summary: {q[5]}
participants:
  - {{name: {q[6]}, title: {q[7]}, side: US, role: co-chair}}
topics:
  - {{topic: defence, summary: {q[8]}, points: [{q[9]}]}}
commitments:
  - by: US
    text: {q[10]}
    quote: {q[11]}
    topic: defence
    due: 2026-01
    updates:
      - {{date: 2026-02-01, note: {q[12]}}}
objectives: [{q[13]}]
agenda: [defence, energy]
talking_points:
  defence: [{q[14]}]
if_raised:
  - {{topic: energy, text: {q[15]}}}
sources:
  - {{path: sources/000_ce9630ee43b4428e.txt, note: {q[16]}}}
"""


def check_outputs(out: Path) -> None:
    from docx import Document
    from pypdf import PdfReader

    pdfs = sorted(out.glob("*.pdf"))
    docxs = sorted(out.glob("*.docx"))
    assert len(pdfs) == 4 and len(docxs) == 3, sorted(p.name for p in out.iterdir())
    for pdf in pdfs:
        reader = PdfReader(io.BytesIO(pdf.read_bytes()))
        assert len(reader.pages) >= 1
        for page in reader.pages:
            page.extract_text()
    for path in docxs:
        document = Document(str(path))  # lxml refuses XML-illegal characters
        assert document.paragraphs


def make_pack(texts: list[str], root: Path) -> BriefgenError | None:
    """Make the pack of a meeting holding texts, in root; the error if it is refused."""
    shutil.copytree(SPEC, root / "ws")
    (root / "ws" / "meetings" / "2026-12-10-th-us-2plus2.yaml").unlink()
    hostile = root / "ws" / "meetings" / "hostile.yaml"
    hostile.write_text(meeting_yaml(texts), encoding="utf-8")
    options = MakeOptions(
        counterpart="US",
        data=Path("ws"),
        out=Path("out"),
        as_of=date(2026, 6, 1),
        meeting="hostile",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        try:
            build(options)
        except BriefgenError as error:
            return error
    return None


@pytest.mark.slow
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    texts=st.lists(LEGAL, min_size=FIELD_COUNT, max_size=FIELD_COUNT),
    long=st.none() | st.tuples(st.integers(0, FIELD_COUNT - 1), LONG_WORD),
    wild=st.none() | st.tuples(st.integers(0, FIELD_COUNT - 1), ANY),
)
def test_any_text_in_any_field(
    texts: list[str], long: tuple[int, str] | None, wild: tuple[int, str] | None
) -> None:
    """Legal text in every field; in about half the examples a 10,000-character word in one
    of them, and in about half anything at all (control characters too) in one of them."""
    for replacement in (long, wild):
        if replacement is not None:
            index, text = replacement
            texts = [*texts[:index], text, *texts[index + 1 :]]
    with tempfile.TemporaryDirectory() as folder:
        error = make_pack(texts, Path(folder))
        event("refused" if error is not None else "made")
        if isinstance(error, DataError):  # every problem names file, line and column
            assert error.problems
            for problem in error.problems:
                assert PLACE.match(str(problem)), str(problem)
        elif error is not None:
            # A title or place of thousands of characters that wrap: the brief cannot be
            # fitted to its one page, which is said as such.
            assert "does not fit on one page" in error.message, error.message
        else:
            check_outputs(Path(folder) / "out")


def test_hard_text_renders(tmp_path: Path) -> None:
    """Text that validates does render: right-to-left, combining marks, emoji and a
    10,000-character word in every field, every time (not only when Hypothesis draws it)."""
    texts = [RTL[0], COMBINING[2], EMOJI[0], RTL[2], COMBINING[0], "x" * 10_000] * 3
    assert make_pack(texts[:FIELD_COUNT], tmp_path) is None
    check_outputs(tmp_path / "out")


def test_illegal_characters_are_refused_with_their_place(tmp_path: Path) -> None:
    texts = ["fine"] * FIELD_COUNT
    texts[10] = "bell \x07 and \ufffe"
    error = make_pack(texts, tmp_path)
    assert isinstance(error, DataError)
    assert [str(p) for p in error.problems] == [
        "ws/meetings/hostile.yaml:16:11: commitments[0].text: text holds the control "
        "character U+0007 (control), which documents cannot carry"
    ]
