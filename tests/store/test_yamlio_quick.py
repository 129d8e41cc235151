"""The quick YAML path gives exactly what the safe loader gives, or leaves the file to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import REPO

from briefgen import yamlio
from briefgen.yamlio import quick as quick_path
from briefgen.yamlio import safe

ROOT = REPO

CASES = [
    "a: 1",
    "a: 0o17",
    "a: 0x1F",
    "a: -_3",
    "a: +",
    "a: 012",
    "a: 08",
    "a: 1_000",
    "a: -0",
    "a: 0b101",
    "a: 0",
    "a: 00",
    "a: 0o",
    "a: 0x",
    "a: true",
    "a: True",
    "a: TRUE",
    "a: yes",
    "a: no",
    "NO: x",
    "ON: x",
    "a: ~",
    "a:",
    "a: null",
    "a: NULL",
    "a: 2024-02-28",
    "a: 2024-02",
    "a: 2024-02-28T10:00:00Z",
    "a: 2024-13-45",
    "a: 12:30",
    "a: 1.5",
    "a: .inf",
    "a: 1e5",
    "1: x",
    "true: x",
    "null: x",
    "2024-01-01: x",
    "a: 'x'",
    'a: "1"',
    "a: !!str 1",
    "a: !!int '7'",
    "a: [1, b, {c: d}]",
    "- a\n- b",
    "a: b\na: c",
    "1: a\n'1': b",
    "? [a]\n: b",
    "<<: {a: 1}",
    "a: =",
    "%YAML 1.1\n---\na: no",
    "a: |\n  x\n  y\n",
    "a: >-\n  x\n  y\n",
    "x: 'it''s'",
    "a: b: c",
    "a: [",
    "",
    "# only",
    "---\n...",
    "- - - - x",
    "a: '2024-01-01'",
    'a: "\\u0e01"',
    "a:\n  - b: 1\n    c: [x, {d: ~}]",
    "tags: [NO, ON, Off, y, n]",
    "k: v # comment",
    "a: 'multi\n  line'",
]


def reference(text: str) -> object:
    try:
        with quick_path.COMPOSING:
            return safe.normalise(safe.fast_loader.load(text))
    except Exception as exc:
        return ("error", type(exc).__name__)


def quick(text: str) -> object:
    try:
        return quick_path.quick_load(text)
    except quick_path.Fallback:
        return "fallback"


@pytest.mark.parametrize("text", CASES)
def test_quick_path_agrees_with_the_safe_loader(text: str) -> None:
    found = quick(text)
    if found != "fallback":
        expected = reference(text)
        assert found == expected and repr(found) == repr(expected)


def test_records_take_the_quick_path_and_agree() -> None:
    files = sorted((ROOT / "seeds").rglob("*.yaml")) + sorted((ROOT / "templates").rglob("*.yaml"))
    quick_ones = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        found = quick(text)
        if found != "fallback":
            quick_ones += 1
            assert repr(found) == repr(reference(text)), path
    assert quick_ones >= len(files) - 3  # profiles with a decimal size take the safe loader


def test_the_node_classes_are_given_back() -> None:
    import _ruamel_yaml
    from ruamel.yaml import nodes

    quick_path.quick_load("a: [1, {b: c}]")
    with pytest.raises(quick_path.Fallback):
        quick_path.quick_load("a: [")
    assert _ruamel_yaml.ScalarNode is nodes.ScalarNode
    assert _ruamel_yaml.SequenceNode is nodes.SequenceNode
    assert _ruamel_yaml.MappingNode is nodes.MappingNode


def test_errors_are_still_the_safe_loaders(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("a: b\na: c\n", encoding="utf-8")
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.load_yaml(path)
    assert "duplicate" in caught.value.message.lower()
    assert caught.value.line == 2
