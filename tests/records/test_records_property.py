"""Any text in any text field either loads as written or is refused with a clear message.

Thai, emoji, right-to-left text and bidi controls, combining marks, control characters, words
of 10,000 characters, strings that YAML would read as something else (NO, null, 2024-02-30,
&anchor): written with ruamel's dumper so that every string is representable, loaded through
load_workspace(). The only exception allowed out is briefgen's DataError, and each of its
problems is `path:line:column: field: message` at the field that holds the text.
"""

from __future__ import annotations

import copy
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from support import TESTS

from briefgen.errors import DataError, display_path
from briefgen.records import PlannedPoint
from briefgen.store import load_workspace
from briefgen.textvalue import LocalText

SPEC = TESTS / "fixtures" / "spec"

MEETING: dict[str, Any] = {
    "title": "Talks",
    "parties": ["TH", "US"],
    "date": "2024-02-28",
    "status": "planned",
    "location": "Bangkok",
    "summary": "Summary.",
    "date_note": "Date note.",
    "series": "Series",
    "participants": [{"name": "Somchai", "title": "Director", "side": "TH"}],
    "topics": [{"topic": "defence", "summary": "Summary.", "points": ["Point."]}],
    "commitments": [
        {
            "by": "TH",
            "text": "Host the dialogue.",
            "quote": "We will host it.",
            "updates": [{"date": "2024-04-30", "note": "Held."}],
        }
    ],
    "sources": [{"path": "sources/000_ce9630ee43b4428e.txt", "note": "Press release."}],
    "objectives": ["Agree a date."],
    "agenda": ["defence"],
    "talking_points": {"defence": ["Welcome the grant."]},
    "if_raised": [{"topic": "defence", "text": "Thailand decides by its own needs."}],
}

# Where text may go: the key path in the meeting, and whether the field takes {en, th} too.
TEXT_FIELDS: list[tuple[tuple[str | int, ...], bool]] = [
    (("title",), True),
    (("location",), True),
    (("summary",), True),
    (("date_note",), True),
    (("series",), False),
    (("participants", 0, "name"), True),
    (("participants", 0, "title"), True),
    (("topics", 0, "summary"), True),
    (("topics", 0, "points", 0), True),
    (("commitments", 0, "text"), True),
    (("commitments", 0, "quote"), False),
    (("commitments", 0, "updates", 0, "note"), True),
    (("sources", 0, "note"), True),
    (("objectives", 0), True),
    (("talking_points", "defence", 0), True),
    (("if_raised", 0, "text"), True),
]

# The only reasons a text may be refused.
REFUSALS = re.compile(
    r"text is empty"
    r"|text holds the control character U\+[0-9A-F]{4} \([A-Za-z0-9 -]+\), which documents "
    r"cannot carry"
    r"|text is [\d,]+ characters long; a field may hold at most 20,000"
)

THAI = st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B)
RTL = st.sampled_from(
    list("אבגדהוזחטיכלמנסעפצקרשתابتثجحخدذرزسشصضطظعغفقكلمنهوي\u200f\u202b\u202e\u2067\u2069")
)
COMBINING = st.characters(min_codepoint=0x0300, max_codepoint=0x036F)
EMOJI = st.sampled_from(["😀", "🇹🇭", "👨‍👩‍👧", "🏳️‍🌈", "👍🏽", "\u200d", "\ufe0f", "🦀"])
CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp"])
YAML_LOOKALIKES = st.sampled_from(
    [
        "NO",
        "ON",
        "no",
        "yes",
        "true",
        "null",
        "~",
        "- item",
        "key: value",
        "#comment",
        "'",
        '"',
        "&anchor",
        "*alias",
        "!tag",
        "%YAML 1.1",
        "---",
        "...",
        "{a: b}",
        "[x]",
        "2024-02-30",
        "2567-02-28",
        "1e400",
        "0x1F",
        ".inf",
        " leading",
        "trailing ",
        "\t",
        "\n",
        "\r\n",
        "a\rb",
        "\ufeffBOM",
        "\x85",
        "\u2028",
        "|",
        ">",
        "@",
        "`",
        "<<",
    ]
)
# Emoji sequences are several code points: lists of pieces, joined.
MIXED = st.lists(
    st.one_of(THAI, RTL, COMBINING, EMOJI, CONTROL, st.characters(codec="utf-8")), max_size=40
).map("".join)
LONG_WORDS = st.builds(
    lambda unit, size: (unit * size)[:size],
    st.lists(st.one_of(THAI, EMOJI, st.characters(codec="utf-8")), min_size=1, max_size=3).map(
        "".join
    ),
    st.sampled_from([10_000, 20_000, 20_001]),
)
TEXTS = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8")),
    MIXED,
    YAML_LOOKALIKES,
    st.lists(st.one_of(YAML_LOOKALIKES, MIXED), max_size=4).map("".join),
    LONG_WORDS,
)


def dump_yaml(data: Any) -> str:
    yaml = YAML()
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def representable(text: str) -> str:
    # ruamel's emitter writes NEXT LINE (U+0085) raw inside single quotes, where its own
    # scanner (and libyaml) read it as a line break and fold it to a space. Escaped in double
    # quotes it survives; that is how a user would have to write it.
    return DoubleQuotedScalarString(text) if "\x85" in text else text


def put(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = (
            getattr(data, part)
            if isinstance(part, str) and not isinstance(data, dict)
            else data[part]
        )
    return data


def field_path(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("property") / "ws"
    shutil.copytree(SPEC, root)
    yield root


def write(root: Path, path: tuple[str | int, ...], value: str | dict[str, str]) -> str:
    """Write a meeting with value at path as meetings/x.yaml; return the file's text."""
    meeting = copy.deepcopy(MEETING)
    written = (
        {lang: representable(text) for lang, text in value.items()}
        if isinstance(value, dict)
        else representable(value)
    )
    put(meeting, path, written)
    text = dump_yaml(meeting)
    (root / "meetings" / "x.yaml").write_text(text, encoding="utf-8")
    return text


def check(
    root: Path, field: tuple[tuple[str | int, ...], bool], value: str | dict[str, str]
) -> DataError | None:
    """Load value in field: it round-trips, or every problem is a clear one about that field."""
    path, _ = field
    text = write(root, path, value)
    try:
        workspace = load_workspace(root)
    except DataError as error:
        line_count = text.count("\n") + 1
        for problem in error.problems:
            assert problem.path == display_path(root / "meetings" / "x.yaml")
            assert problem.field == field_path(path), str(problem)
            assert problem.line is not None and 1 <= problem.line <= line_count
            assert problem.column is not None and problem.column >= 1
            assert REFUSALS.fullmatch(problem.message), problem.message
            assert str(problem) == (
                f"{problem.path}:{problem.line}:{problem.column}: {problem.field}: "
                f"{problem.message}"
            )
        return error
    loaded = workspace.meeting("x")
    assert loaded is not None
    got = get(loaded, path)
    if isinstance(got, PlannedPoint):  # a talking point given as plain text
        got = got.text
    assert (got.dump() if isinstance(got, LocalText) else got) == value
    return None


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(TEXT_FIELDS), value=TEXTS)
def test_any_text_in_any_field_loads_or_is_refused_clearly(
    root: Path, field: tuple[tuple[str | int, ...], bool], value: str
) -> None:
    check(root, field, value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from([f for f in TEXT_FIELDS if f[1]]),
    english=TEXTS,
    thai=st.one_of(st.text(alphabet=THAI, min_size=1), TEXTS),
)
def test_any_text_in_each_language(
    root: Path, field: tuple[tuple[str | int, ...], bool], english: str, thai: str
) -> None:
    check(root, field, {"en": english, "th": thai})


@pytest.mark.parametrize(
    "value",
    [
        "การประชุมหารือเชิงยุทธศาสตร์ ครั้งที่ ๒",
        "👨‍👩‍👧 🇹🇭",
        "\u202eمرحبا\u202c שלום",
        "Z̵̧̛a̷͎͗l̶̢̛g̸̱̈́o̵͚͝",
        "NO",
        "2024-02-30",
        "&anchor *alias",
        "a" * 10_000,
        "x\x85y",
    ],
)
@pytest.mark.parametrize("field", TEXT_FIELDS, ids=lambda f: field_path(f[0]))
def test_examples_round_trip(
    root: Path, field: tuple[tuple[str | int, ...], bool], value: str
) -> None:
    check(root, field, value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "text is empty"),
        (" \n\t", "text is empty"),
        (
            "bell\x07",
            "text holds the control character U+0007 (control), which documents cannot carry",
        ),
        ("a" * 20_001, "text is 20,001 characters long; a field may hold at most 20,000"),
    ],
)
@pytest.mark.parametrize("field", TEXT_FIELDS, ids=lambda f: field_path(f[0]))
def test_examples_refused(
    root: Path, field: tuple[tuple[str | int, ...], bool], value: str, message: str
) -> None:
    error = check(root, field, value)
    assert error is not None
    assert [(p.field, p.message) for p in error.problems] == [(field_path(field[0]), message)]
