"""A desk's settings (briefgen.yaml), a ministry's own unit and labels, and how many
fallbacks `make` names: the quick checks, on the Thailand–Norway workspace of
test_languages.py, without rendering a pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from pack_helpers import check_ran, run_cli
from test_languages import AS_OF, FILES, HOME, PLANNED, PLANNED_FILE, THAI_ONLY

from briefgen.compose.common import footer_line
from briefgen.compose.localize import Localizer
from briefgen.fallbacks import stamp_records
from briefgen.profiles import load_profile
from briefgen.store import load_workspace


def write_workspace(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / "ws" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "ws" / name).write_text(text, encoding="utf-8")


def test_make_names_ten_fields_then_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ten fields the warning counts the rest and says where they are listed."""
    objectives = "".join(f"  - Objective number {n} in English.\n" for n in range(23))
    write_workspace(tmp_path, {**FILES, PLANNED_FILE: PLANNED + objectives})
    monkeypatch.chdir(tmp_path)
    workspace = load_workspace(Path("ws"))
    stamp_records(workspace)
    loc = Localizer("th", load_profile("default", Path("ws")))
    meeting = workspace.meetings[-1]
    for i, objective in enumerate(meeting.objectives):
        loc.text(objective, f"objectives[{i}]", meeting.file)
    lines = loc.warnings()
    assert len(lines) == 11
    assert lines[0] == (f"ws/{PLANNED_FILE}:8:5: objectives[1]: no Thai text; shown in English")
    assert lines[-1] == (
        "… and 14 more fields without Thai text; `briefgen validate --lang th` lists them"
    )


# -- briefgen.yaml is checked like the records ---------------------------------------------


def test_briefgen_yaml_with_an_unknown_key_is_refused_with_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_workspace(tmp_path, {**FILES, "briefgen.yaml": "ministry: mfa\nlanguge: th\n"})
    monkeypatch.chdir(tmp_path)
    result = run_cli("make", "-c", "NO", "--data", "ws", "--out", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "ws/briefgen.yaml:2:1: languge: unknown field 'languge'; did you mean 'language'?"
    ]


def test_validate_covers_the_desks_settings_and_its_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = {
        "briefgen.yaml": "unit: {th: กรมยุโรป}\n",
        "templates/y/profile.yaml": "name: {th: กระทรวงกลาโหม}\n",
    }
    write_workspace(tmp_path, {**FILES, **extra})
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "--data", "ws", "--as-of", AS_OF, "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "warning: ws/briefgen.yaml:1:7: unit: no English text; shown in Thai" in lines
    assert "warning: ws/templates/y/profile.yaml:1:7: name: no English text; shown in Thai" in lines
    assert len(lines) == len(THAI_ONLY) + 2


def test_a_profile_may_fix_a_unit_and_the_desks_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    check_ran(run_cli("templates", "init", "eu", "--from", "mfa", "--data", "ws"))
    profile_file = tmp_path / "ws/templates/eu/profile.yaml"
    fixed = "unit: {en: Department of Europe, th: กรมยุโรป}\n"
    profile_file.write_text(profile_file.read_text(encoding="utf-8") + fixed, encoding="utf-8")
    for lang, unit in (("en", "Department of Europe"), ("th", "กรมยุโรป")):
        loc = Localizer(lang, load_profile("eu", Path("ws")))
        ministry = loc.text(loc.profile.name, "name")
        assert footer_line(loc) == f"{ministry} · {unit}"
    (tmp_path / "ws/briefgen.yaml").write_text("unit: Nordic Desk\n", encoding="utf-8")
    loc = Localizer("en", load_profile("eu", Path("ws")))
    assert footer_line(loc) == "Ministry of Foreign Affairs of Thailand · Nordic Desk"
    assert footer_line(Localizer("en", load_profile("mfa", Path("ws")))).endswith("Nordic Desk")


def test_a_broken_labels_file_is_refused_with_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = "- en: Desk notes\n  th: บันทึก\n- {th: ไม่มีต้นฉบับ}\n- en: Other\n  t h: x\n"
    files = {**FILES, "templates/eu/profile.yaml": HOME.replace("code: TH\n", "")}
    files["templates/eu/labels.yaml"] = labels
    write_workspace(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    result = run_cli("make", "-c", "NO", "--data", "ws", "--lang", "th", "--ministry", "eu")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "ws/templates/eu/labels.yaml:3:3: [1]: expected a label {en: …, th: …}, with the "
        "English as the template writes it",
        "ws/templates/eu/labels.yaml:4:3: [2]: 't h' is not a language code; use codes such "
        "as en or th",
    ]
