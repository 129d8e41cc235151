"""Language honesty and a desk's own settings, as a user meets them.

A small Thailand–Norway workspace, made here, plants texts that have only Thai and texts that
have only English. Every one that a pack shows in the other language is named by `make`, and
`validate --lang` lists them all, each with its file, line and column. The desk's unit comes
from briefgen.yaml and shows in the footer of both formats in both languages; a ministry's own
labels show in Thai; `templates init` copies the Thai cover note.
"""

from __future__ import annotations

import email
import email.policy
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pack_helpers import check_ran, docx_body_text, docx_margin_text, run_cli
from typer.testing import Result

from briefgen.profiles import builtin_templates

AS_OF = "2026-12-01"
STEM = "2026-12-10_NO"

TOPICS = """\
trade:
  label: {en: Trade, th: การค้า}
culture:
  label: {th: วัฒนธรรม}
fisheries:
  label: {en: Fisheries}
"""
HOME = """\
code: TH
name: {en: Thailand, th: ไทย}
"""
NORWAY = """\
code: NO
name: {en: Norway, th: นอร์เวย์}
relations:
  summary: {th: ความสัมพันธ์ไทย-นอร์เวย์ราบรื่นมาโดยตลอด}
  facts:
    - Norway is a leading Nordic investor in Thailand.
"""
HELD = """\
title: {en: Thailand–Norway Political Consultations, th: การหารือทางการเมืองไทย-นอร์เวย์}
parties: [TH, NO]
date: 2024-03-01
location: ออสโล
status: held
participants:
  - {name: {th: นายประเสริฐ ใจดี}, side: TH, role: co-chair}
  - {name: Eirik Holm, side: NO, role: co-chair}
  - {name: Kari Berg, side: NO, role: member}
topics:
  - topic: culture
    summary: {en: Agreed a cultural season in 2025., th: ตกลงจัดเทศกาลวัฒนธรรมในปี ๒๕๖๘}
  - topic: fisheries
    summary: Reviewed the fisheries cooperation programme.
commitments:
  - by: NO
    topic: fisheries
    text: Send a fisheries research vessel to the Andaman Sea.
    due: 2024-09
  - by: TH
    topic: culture
    text: {th: จัดเทศกาลภาพยนตร์ไทยที่กรุงออสโล}
    updates:
      - {date: 2024-05-01, note: The venue in Oslo is booked.}
"""
PLANNED = """\
title: {en: Thailand–Norway Political Consultations, th: การหารือทางการเมืองไทย-นอร์เวย์}
parties: [TH, NO]
date: 2026-12-10
location: {en: Bangkok, th: กรุงเทพฯ}
status: planned
objectives:
  - {th: ผลักดันความร่วมมือด้านการประมง}
  - Launch the cultural season.
"""
FILES = {
    "topics.yaml": TOPICS,
    "counterparts/TH.yaml": HOME,
    "counterparts/NO.yaml": NORWAY,
    "meetings/2024-03-01-th-no.yaml": HELD,
    "meetings/2026-12-10-th-no.yaml": PLANNED,
}


@dataclass(frozen=True)
class Planted:
    file: str
    field: str
    value: str  # the value as written, where the line and column point

    def place(self, root: Path) -> str:
        text = (root / "ws" / self.file).read_text(encoding="utf-8")
        assert text.count(self.value) >= 1, self.value
        offset = text.index(self.value)
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return f"ws/{self.file}:{line}:{column}: {self.field}"


HELD_FILE, PLANNED_FILE = "meetings/2024-03-01-th-no.yaml", "meetings/2026-12-10-th-no.yaml"
THAI_ONLY = [
    Planted("topics.yaml", "culture.label", "{th: วัฒนธรรม}"),
    Planted("counterparts/NO.yaml", "relations.summary", "{th: ความสัมพันธ์"),
    Planted(HELD_FILE, "location", "ออสโล"),
    Planted(HELD_FILE, "participants[0].name", "{th: นายประเสริฐ"),
    Planted(HELD_FILE, "commitments[1].text", "{th: จัดเทศกาล"),
    Planted(PLANNED_FILE, "objectives[0]", "{th: ผลักดัน"),
]
ENGLISH_ONLY = [
    Planted("topics.yaml", "fisheries.label", "{en: Fisheries}"),
    Planted("counterparts/NO.yaml", "relations.facts[0]", "Norway is a leading"),
    # A pack names the heads of delegation, not Kari Berg, a member: make and validate
    # --lang count the same fields.
    Planted(HELD_FILE, "participants[1].name", "Eirik Holm"),
    Planted(HELD_FILE, "topics[1].summary", "Reviewed the fisheries"),
    Planted(HELD_FILE, "commitments[0].text", "Send a fisheries"),
    Planted(HELD_FILE, "commitments[1].updates[0].note", "The venue in Oslo"),
    Planted(PLANNED_FILE, "objectives[1]", "Launch the cultural"),
]
UNIT = {"en": "Department of European Affairs", "th": "กรมยุโรป"}
SETTINGS = f"""\
unit: {{en: {UNIT["en"]}, th: {UNIT["th"]}}}
ministry: mfa
language: th
mail:
  from: Europe Desk <europe@example.go.th>
  reply_to: europe-team@example.go.th
"""
OWN_LABEL = "Outcomes of the last meeting (Europe desk)"
OWN_LABEL_TH = "ผลการประชุมครั้งก่อน (กองยุโรป)"
UNTRANSLATED = "Prepared by the Europe desk"
OWN_BRIEF = f"""\
{{% extends "layouts/brief.html.j2" %}}
{{% block outcomes %}}
<h2>{{{{ _("{OWN_LABEL}") }}}}</h2>
<p>{{{{ _("{UNTRANSLATED}") }}}}</p>
{{{{ super() }}}}
{{% endblock %}}
"""
OWN_LABELS = f"""\
- en: {OWN_LABEL}
  th: {OWN_LABEL_TH}
"""


@dataclass
class Run:
    out: Path
    result: Result

    def file(self, document: str, ext: str, lang: str) -> Path:
        suffix = "" if lang == "en" else f"_{lang}"
        return self.out / f"{STEM}_{document}{suffix}.{ext}"

    def pdf_text(self, lang: str) -> str:
        pack = self.file("briefing-pack", "pdf", lang)
        return subprocess.run(
            ["pdftotext", "-raw", str(pack), "-"], capture_output=True, text=True, check=True
        ).stdout

    def docx_text(self, lang: str) -> str:
        texts = []
        for document in ("background-brief", "talking-points", "commitments-annex"):
            path = self.file(document, "docx", lang)
            texts += [docx_body_text(path), docx_margin_text(path)]
        return "\n".join(texts)

    def fallbacks(self) -> list[str]:
        return [line for line in self.result.stderr.splitlines() if " text; shown in " in line]


@dataclass
class Desk:
    root: Path
    without_settings: Run  # English, mfa, no briefgen.yaml
    english: Run  # briefgen.yaml with a unit; --lang en
    thai: Run  # briefgen.yaml: Thai and mfa by default
    own_profile: Run  # Thai, the desk's own profile x, made with templates init
    init: Result
    check: Result


def make(out: str, *options: str) -> Run:
    args = ["make", "-c", "NO", "--data", "ws", "--as-of", AS_OF, "--out", out, *options]
    return Run(Path(out), check_ran(run_cli(*args)))


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    root = tmp_path_factory.mktemp("desk")
    for name, text in FILES.items():
        (root / "ws" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "ws" / name).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        without = make("out-plain", "--ministry", "mfa")
        (root / "ws" / "briefgen.yaml").write_text(SETTINGS, encoding="utf-8")
        english = make("out-en", "--lang", "en")
        thai = make("out-th")
        init = check_ran(run_cli("templates", "init", "x", "--from", "mfa", "--data", "ws"))
        (root / "ws/templates/x/brief.html.j2").write_text(OWN_BRIEF, encoding="utf-8")
        (root / "ws/templates/x/labels.yaml").write_text(OWN_LABELS, encoding="utf-8")
        own = make("out-x", "--ministry", "x")
        check = run_cli("templates", "check", "x", "--lang", "th", "--data", "ws", "--as-of", AS_OF)
        yield Desk(root, without, english, thai, own, init, check)


# -- every fallback reported with its place ------------------------------------------------------


def expected(planted: list[Planted], root: Path, wanted: str, shown: str) -> list[str]:
    """The warnings, in file order: by file, then line and column."""
    lines = [f"{p.place(root)}: no {wanted} text; shown in {shown}" for p in planted]

    def order(line: str) -> tuple[str, int, int]:
        path, row, column, _ = line.split(":", 3)
        return path, int(row), int(column)

    return sorted(lines, key=order)


@pytest.mark.slow
def test_english_pack_names_every_thai_only_field_at_its_place(desk: Desk) -> None:
    want = expected(THAI_ONLY, desk.root, "English", "Thai")
    for run in (desk.without_settings, desk.english):
        assert [line.removeprefix("warning: ") for line in run.fallbacks()] == want
        assert len(run.fallbacks()) == len(THAI_ONLY)


@pytest.mark.slow
def test_thai_pack_names_every_english_only_field_at_its_place(desk: Desk) -> None:
    want = expected(ENGLISH_ONLY, desk.root, "Thai", "English")
    got = [line.removeprefix("warning: ") for line in desk.thai.fallbacks()]
    assert got == want
    assert len(got) == len(ENGLISH_ONLY)


@pytest.mark.slow
def test_validate_lists_every_field_and_strict_refuses_them(desk: Desk) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(desk.root)
        listed = run_cli("validate", "--data", "ws", "--as-of", AS_OF, "--lang", "th")
        strict = run_cli("validate", "--data", "ws", "--as-of", AS_OF, "--lang", "th", "--strict")
        english = run_cli("validate", "--data", "ws", "--as-of", AS_OF, "--lang", "en")
    want = expected(ENGLISH_ONLY, desk.root, "Thai", "English")
    assert listed.exit_code == 0, listed.output
    assert listed.stderr.splitlines() == [f"warning: {line}" for line in want]
    assert listed.stdout.rstrip().endswith(f"; {len(ENGLISH_ONLY)} fields without Thai text")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines() == [*want, f"{len(ENGLISH_ONLY)} problems in the records"]
    assert "Traceback" not in strict.output
    assert english.exit_code == 0
    assert english.stderr.splitlines() == [
        f"warning: {line}" for line in expected(THAI_ONLY, desk.root, "English", "Thai")
    ]


# -- the desk's unit ---------------------------------------------------------------------------


@pytest.mark.slow
def test_builtin_mfa_profile_names_no_department(desk: Desk) -> None:
    run = desk.without_settings
    for text in (run.pdf_text("en"), run.docx_text("en")):
        assert "Ministry of Foreign Affairs of Thailand" in text
        assert "Department" not in text
        assert "American" not in text


@pytest.mark.slow
def test_unit_from_briefgen_yaml_shows_in_both_formats_and_languages(desk: Desk) -> None:
    for run, lang in ((desk.english, "en"), (desk.thai, "th")):
        for text in (run.pdf_text(lang), run.docx_text(lang)):
            assert UNIT[lang] in text, (lang, text[-500:])
    footer = docx_margin_text(desk.english.file("background-brief", "docx", "en"))
    assert f"Ministry of Foreign Affairs of Thailand · {UNIT['en']}" in footer


@pytest.mark.slow
def test_defaults_come_from_briefgen_yaml(desk: Desk) -> None:
    """No --lang and no --ministry: the Thai pack of the mfa profile, as briefgen.yaml says."""
    assert desk.thai.file("briefing-pack", "pdf", "th").is_file()
    assert "กระทรวงการต่างประเทศ" in desk.thai.docx_text("th")


# -- a ministry's own labels ----------------------------------------------------------------------


@pytest.mark.slow
def test_own_label_shows_in_thai_in_both_formats(desk: Desk) -> None:
    run = desk.own_profile
    pdf, docx = run.pdf_text("th"), run.docx_text("th")
    assert OWN_LABEL_TH in docx
    assert OWN_LABEL_TH in " ".join(pdf.split())
    assert OWN_LABEL not in docx and "Outcomes of the last" not in pdf


@pytest.mark.slow
def test_templates_check_lists_the_untranslated_label(desk: Desk) -> None:
    assert desk.check.exit_code == 1, desk.check.output
    assert desk.check.stderr.splitlines() == [
        f"x: ws/templates/x/brief.html.j2:4: label '{UNTRANSLATED}' has no Thai translation; "
        "add it to ws/templates/x/labels.yaml",
        "1 problem in the templates",
    ]


# -- templates init copies every language -------------------------------------------------


@pytest.mark.slow
def test_templates_init_copies_the_thai_cover_note_and_mail_writes_it(desk: Desk) -> None:
    copied = desk.root / "ws/templates/x/mail.th.txt.j2"
    builtin = builtin_templates() / "default" / "mail.th.txt.j2"
    assert copied.read_text(encoding="utf-8") == builtin.read_text(encoding="utf-8")
    assert "created ws/templates/x/mail.th.txt.j2" in desk.init.stdout
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(desk.root)
        result = check_ran(
            run_cli(
                "mail", "-c", "NO", "--to", "oslo@example.org", "--data", "ws", "--as-of", AS_OF,
                "--out", "out-x", "--ministry", "x", "--lang", "th",
            )
        )  # fmt: skip
    assert "E-mail draft written" in result.stdout
    draft = desk.own_profile.out / f"{STEM}_briefing-pack_th.eml"
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert text.startswith("เรียน คณะผู้แทน"), text
    assert "Dear colleagues" not in text
    assert text.splitlines()[-2:] == [UNIT["th"], "กระทรวงการต่างประเทศ"]  # signed by the unit
    assert str(message["Subject"]).startswith("ชุดเอกสารประกอบการประชุม")
    assert message["From"] == "Europe Desk <europe@example.go.th>"
    assert message["Reply-To"] == "europe-team@example.go.th"
