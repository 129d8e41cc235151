"""The English briefing pack, end to end: `briefgen make --counterpart US` on the seeds, on a
workspace whose records hold markup and template syntax, and on a synthetic workspace of 60
meetings and 200 commitments. Real rendering throughout; each pack is made once per module.

What the documents must say is worked out here from the records (pack_helpers.Expected), never
copied from a rendered pack.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import zipfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import points_check
import pytest
from docx import Document
from lxml import etree
from pack_helpers import (
    DOCUMENTS,
    PACK,
    Block,
    Expected,
    Pack,
    W,
    assert_same_words,
    date_key,
    docx_blocks,
    docx_header_rows,
    docx_margin_text,
    docx_part,
    expected_commitments,
    file_names,
    items,
    last_day,
    make_pack,
    paragraph_text,
    pdf_page_bodies,
    pdf_pages,
    planned_meeting,
    sections,
    squeeze,
    starts_with_header,
)
from points_check import annex_items, check_brief_overdue, check_points, cited
from pypdf import PdfReader
from ruamel.yaml import YAML
from support import SEEDS, SPEC

from briefgen.compose.refs import MATCH_SHARE, similarity
from briefgen.compose.talking_points import KEY_REPEAT
from briefgen.compose.trimming import SINGULAR
from briefgen.partialdates import PartialDate, format_date, format_range
from briefgen.textvalue import LocalText

HOME, COUNTERPART = "TH", "US"
# Packs are made as of this date, before the planned meeting of 10 December 2026, so that they
# brief for that meeting whatever day the tests run.
AS_OF = date(2026, 11, 1)
STEM = "2026-12-10_US"
BRIEF, TALKING_POINTS, ANNEX = DOCUMENTS
STATUS_LABELS = {
    "overdue": "Overdue",
    "open": "Open",
    "in-progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}
OMITTED = re.compile(
    r"the background brief left out (?P<items>.+?) to fit one page; "
    r"the talking points and the annex still have them"
)


@pytest.fixture(scope="module")
def seed_pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """`briefgen make --counterpart US` on the bundled seeds."""
    out = tmp_path_factory.mktemp("seed-pack")
    return make_pack(SEEDS, out, "--as-of", AS_OF.isoformat())


# -- what the records say -----------------------------------------------------------------------


def reference_date(pack: Pack) -> date:
    """Overdue is computed against the date of the meeting the pack briefs for."""
    meeting = planned_meeting(pack.workspace, HOME, COUNTERPART, AS_OF)
    return meeting.date.first_day()


def expected(pack: Pack) -> list[Expected]:
    return expected_commitments(pack.workspace, HOME, COUNTERPART, reference_date(pack))


def sort_key(item: Expected) -> tuple[bool, date]:
    """The annex's order within a group: overdue first, then by due date, undated last."""
    return (not item.overdue, last_day(item.due) if item.due else date.max)


def owner_name(pack: Pack, owner: str) -> str:
    code = {"home": HOME, "counterpart": COUNTERPART}[owner]
    return pack.workspace.counterparts[code].name.get("en")[0]


# -- files --------------------------------------------------------------------------------------


def test_make_writes_six_documents_and_the_pack_and_each_opens(seed_pack: Pack) -> None:
    written = {p.name for p in seed_pack.out.iterdir()}
    assert written == file_names(STEM)
    for name in sorted(written):  # the report lists every file written
        assert name in seed_pack.result.stdout
    for document in (*DOCUMENTS, PACK):
        reader = PdfReader(seed_pack.pdf(document))
        assert len(reader.pages) >= 1
        assert squeeze(reader.pages[0].extract_text())
    for document in DOCUMENTS:
        assert_docx_opens(seed_pack.docx(document))


def assert_docx_opens(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))  # raises on malformed XML
    document = Document(str(path))
    assert any(p.text.strip() for p in document.paragraphs)


def test_brief_pdf_is_exactly_one_page(seed_pack: Pack) -> None:
    assert len(PdfReader(seed_pack.pdf(BRIEF)).pages) == 1


def test_pack_pdf_holds_every_page_of_the_three_documents(seed_pack: Pack) -> None:
    pages = [len(PdfReader(seed_pack.pdf(d)).pages) for d in DOCUMENTS]
    assert len(PdfReader(seed_pack.pdf(PACK)).pages) == sum(pages)
    assert pages[2] > 1  # the annex runs over pages, so the repeated header is exercised


# -- the commitments annex ------------------------------------------------------------------------


def annex_groups(pack: Pack) -> list[tuple[str, list[list[str]]]]:
    """(group heading, body rows) of the annex's tables, from the DOCX."""
    groups = []
    for heading, blocks in sections(docx_blocks(pack.docx(ANNEX))):
        tables = [b for b in blocks if b.kind == "table"]
        assert len(tables) == 1, f"group {heading!r} has {len(tables)} tables"
        rows = tables[0].rows or []
        assert rows[0] == [
            pack._(h)
            for h in ("No.", "Commitment", "Made at", "Due", "Status", "Latest update", "Source")
        ]
        groups.append((heading, rows[1:]))
    return groups


def check_annex(pack: Pack) -> None:
    """Every commitment between TH and US is in the annex, once, in its owner's group, with
    the status computed from its record; overdue first, then by due date."""
    wanted = expected(pack)
    assert wanted, "the workspace has no commitment to check"
    groups = annex_groups(pack)
    owners = ["counterpart", "home", "joint"]
    present = [o for o in owners if any(e.owner == o for e in wanted)]
    assert len(groups) == len(present)
    titles = {
        "counterpart": f"Owed by {owner_name(pack, 'counterpart')}",
        "home": f"Owed by {owner_name(pack, 'home')}",
        "joint": "Joint commitments",
    }
    number = 0
    for owner, (heading, rows) in zip(present, groups, strict=True):
        assert heading == titles[owner]
        mine = [e for e in wanted if e.owner == owner]
        # A commitment is known by its text and the meeting it was made at: the same words
        # may be restated at a later meeting.
        by_key: dict[tuple[str, str], list[Expected]] = {}
        for e in mine:
            by_key.setdefault((e.text("en"), made_at(e)), []).append(e)
        shown = [(" ".join(row[1].split()), row[2]) for row in rows]
        assert Counter(shown) == Counter({k: len(v) for k, v in by_key.items()}), heading
        keys = []
        for row, key in zip(rows, shown, strict=True):
            number += 1
            item = by_key[key].pop()
            assert row[0] == str(number)
            assert row[4] == STATUS_LABELS[item.status], f"status of {row[1]!r}"
            if item.due is None:
                assert row[3] == "–"
            else:  # at its own precision: "Mar 2024", "2025", "15 Jun 2025"
                assert row[3].startswith(format_date(item.due, "en", style="short"))
                if item.commitment.due and item.commitment.due != item.due:
                    first = format_date(item.commitment.due, "en", style="short")
                    assert row[3].endswith(f"(first due {first})")
            latest = max(item.commitment.updates, key=lambda u: date_key(u.date), default=None)
            if latest is None:
                assert row[5] == "–"
            else:
                assert row[5].startswith(format_date(latest.date, "en", style="short"))
                if latest.note:
                    assert row[5].endswith(latest.note.get("en")[0])
            sources = [
                s.note.get("en")[0] if s.note else s.path.rsplit("/", 1)[-1]
                for s in item.meeting.sources
            ]
            assert row[6] == "; ".join(sources)
            keys.append(sort_key(item))
        assert keys == sorted(keys), f"group {heading!r} is not overdue first, then by due date"
    assert number == len(wanted)


def made_at(item: Expected) -> str:
    """The annex's "Made at" cell: the meeting's title, and its date in the short style."""
    meeting = item.meeting
    made_on = format_range(meeting.date, meeting.end_date, "en", style="short")
    return f"{meeting.title.get('en')[0]}\n{made_on}"


def check_annex_pdf(pack: Pack) -> None:
    """The PDF shows every commitment's text, and the summary line counts them as computed."""
    wanted = expected(pack)
    text = squeeze(pack.pdf_text(ANNEX))
    for item in wanted:
        assert squeeze(item.text("en")) in text
    counts = Counter(e.status for e in wanted)
    summary = (
        f"{len(wanted)} commitments: {sum(counts[s] for s in ('open', 'in-progress', 'overdue'))}"
        f" open, of which {counts['overdue']} overdue; {counts['done']} done; "
        f"{counts['dropped']} dropped. Overdue as of "
        f"{format_date(PartialDate.from_date(reference_date(pack)), 'en')}."
    )
    assert squeeze(summary) in text


def test_annex_lists_every_commitment_with_its_computed_status(seed_pack: Pack) -> None:
    assert any(e.overdue for e in expected(seed_pack))  # the seeds have overdue commitments
    check_annex(seed_pack)


def test_annex_pdf_lists_every_commitment_and_the_summary(seed_pack: Pack) -> None:
    check_annex_pdf(seed_pack)


def test_annex_table_header_repeats_on_every_page(seed_pack: Pack) -> None:
    check_header_repeats(seed_pack)


def check_header_repeats(pack: Pack) -> None:
    headers = docx_header_rows(pack.docx(ANNEX))
    groups = [heading for heading, _ in annex_groups(pack)]
    bodies = pdf_page_bodies(pack.pdf(ANNEX), pack.furniture, pack.page_label)
    assert len(bodies) > 1
    for number, lines in enumerate(bodies[1:], 2):
        assert starts_with_header(lines, headers) or lines[0].strip() in groups, (
            f"page {number} starts with {lines[:2]}"
        )


# -- PDF and DOCX carry the same text ----------------------------------------------------------


def check_parity(pack: Pack, document: str) -> None:
    assert_same_words(pack.pdf_text(document), pack.docx_text(document))
    # The list markers the PDF draws are Word's list numbering in the DOCX.
    markers = pack.markers(document)
    blocks = docx_blocks(pack.docx(document))
    assert markers.count("•") == sum(b.style.startswith("ListBullet") for b in blocks)
    numbered = [m for m in markers if m != "•"]
    assert len(numbered) == sum(b.style.startswith("ListNumber") for b in blocks)
    # What the PDF shows in the page margins, the DOCX has in its headers and footers.
    margins = docx_margin_text(pack.docx(document))
    for text in pack.furniture:
        assert text in margins
        for page in pdf_pages(pack.pdf(document)):
            assert text in page


@pytest.mark.parametrize("document", DOCUMENTS)
def test_pdf_and_docx_carry_the_same_words_in_the_same_order(
    seed_pack: Pack, document: str
) -> None:
    check_parity(seed_pack, document)


# -- talking points --------------------------------------------------------------------------------


def one_line(text: Any) -> str:
    """A record's English text as a document shows it: whitespace collapsed."""
    return " ".join(text.get("en")[0].split())


def check_talking_points(pack: Pack) -> None:
    """Key messages on top (the objectives, at most five); then each agenda topic of the
    planned meeting, in order, with its authored points and one point per open commitment
    not already the subject of one, and the lines if raised; open commitments off the agenda
    under Other matters; no closed commitment anywhere (points_check.check_points)."""
    workspace = pack.workspace
    meeting = planned_meeting(workspace, HOME, COUNTERPART, AS_OF)
    blocks = docx_blocks(pack.docx(TALKING_POINTS))
    found = sections(blocks)
    heading, first = found[0]
    assert heading == "Key messages"
    objectives = [" ".join(o.get("en")[0].split()) for o in meeting.objectives]
    shown = items(first, "ListNumber")
    assert shown[: min(5, len(objectives))] == objectives[:5]
    assert len(shown) <= 5
    further = objectives[5:]

    agenda = list(dict.fromkeys(meeting.agenda))
    open_items = [e for e in expected(pack) if e.is_open]
    leftovers = [e for e in open_items if e.commitment.topic not in agenda]
    labels = [workspace.topics[key].label.get("en")[0] for key in agenda]
    general_if_raised = [
        line for line in meeting.if_raised if not line.topic or line.topic not in agenda
    ]
    expected_headings = ["Key messages", *(["Further objectives"] if further else []), *labels]
    expected_headings += ["Other matters"] if leftovers else []
    expected_headings += ["If raised"] if general_if_raised else []
    assert [h for h, _ in found] == expected_headings
    if further:
        assert items(found[1][1]) == further

    topic_keys = [*agenda, *([None] if leftovers else [])]
    topic_parts = [(h, u) for h, u in found if h in labels or h == "Other matters"]
    for key, (_, under) in zip(topic_keys, topic_parts, strict=True):
        parts = dict(sections(under, "Heading2"))
        points = items(points_check.before_if_raised(under, pack))
        if key is not None:
            authored = [one_line(t.text) for t in meeting.talking_points.get(key, [])]
            for text in authored:  # as written, the reference in brackets after it
                assert any(
                    p == text
                    or p.startswith(text + " (")
                    # or, when it says what a key message says, a pointer to it
                    or (p.startswith("As key message") and repeats(text, shown))
                    for p in points
                ), text
        lines = [x.text for x in meeting.if_raised if x.topic == key]
        shown_lines = items(parts.get("If raised", []))
        # A line about what an authored point of the topic raises is not said again.
        said = [t.text for t in meeting.talking_points.get(key, [])] if key else []
        kept = [
            one_line(x) for x in lines if not any(similarity(x, t) >= MATCH_SHARE for t in said)
        ]
        assert shown_lines == (kept if key else [])
    if general_if_raised:
        assert items(found[-1][1]) == [one_line(x.text) for x in general_if_raised]
    check_points(pack)
    body = squeeze("\n".join(b.text for b in blocks if b.kind == "p"))
    for item in expected(pack):
        if not item.is_open:
            assert squeeze(item.text("en")).rstrip(".") not in body, f"closed: {item.text('en')}"


def test_talking_points_cover_the_agenda_asks_updates_and_lines_if_raised(seed_pack: Pack) -> None:
    check_talking_points(seed_pack)


def test_talking_points_break_lines_where_the_line_is_full(seed_pack: Pack) -> None:
    """A point followed by its italic note once broke after its first word ("• Set" / "up a
    working group…") when the note's first word did not fit: no line may hold one word of a
    sentence that goes on in lower case on the next."""
    lines = [line.strip() for line in seed_pack.pdf_text(TALKING_POINTS).splitlines()]
    stranded = [
        f"{line!r} / {following!r}"
        for line, following in itertools.pairwise(lines)
        if len(line.removeprefix("• ").split()) == 1 and following[:1].islower()
    ]
    assert not stranded


def test_talking_points_mark_overdue_points_with_their_due_date(seed_pack: Pack) -> None:
    """Each overdue commitment's point says "due <month>, overdue", in the overdue style."""
    text = seed_pack.pdf_text(TALKING_POINTS)
    overdue = [e for e in expected(seed_pack) if e.overdue]
    assert overdue
    for item in overdue:
        month = format_date(item.due, "en", style="short")
        assert squeeze(f"due {month}, overdue") in squeeze(text)
    body = docx_part(seed_pack.docx(TALKING_POINTS), "word/document.xml")
    styled = body.findall(f".//{W}r/{W}rPr/{W}rStyle[@{W}val='Overdue']")
    assert len(styled) >= len(overdue)


def test_brief_names_overdue_commitments_in_the_overdue_style_in_the_docx(
    seed_pack: Pack,
) -> None:
    """In the PDF they are red and bold from the stylesheet; in the DOCX each item's runs carry
    the reference's character style "Overdue", so an edited style changes them all. Each
    says who owes it and the due date as last revised: "(Thailand, due Mar 2024)"."""
    body = docx_part(seed_pack.docx(BRIEF), "word/document.xml")
    styled = [
        p
        for p in body.iter(f"{W}p")
        if (s := p.find(f"{W}pPr/{W}pStyle")) is not None
        and s.get(f"{W}val") == "ListBullet"
        and p.findall(f"{W}r/{W}rPr/{W}rStyle[@{W}val='Overdue']")
    ]
    blocks = docx_blocks(seed_pack.docx(BRIEF))
    lead = next(i for i, b in enumerate(blocks) if b.text == "Overdue:")
    listed = list(itertools.takewhile(lambda b: b.style == "ListBullet", blocks[lead + 1 :]))
    assert listed
    assert [paragraph_text(p) for p in styled] == [b.text for b in listed]
    check_brief_overdue(seed_pack, {"counterpart": "U.S.", "home": "Thailand", "joint": "joint"})


# -- the one-page brief: what it leaves out, stderr names ----------------------------------------


def brief_sections(pack: Pack) -> dict[str, list[Block]]:
    return dict(sections(docx_blocks(pack.docx(BRIEF))))


def check_omissions(pack: Pack) -> dict[str, int]:
    """Each section of the brief shows all its items, or stderr names how many it left out."""
    workspace = pack.workspace
    reference = reference_date(pack)
    meeting = planned_meeting(workspace, HOME, COUNTERPART, AS_OF)
    us = workspace.counterparts[COUNTERPART]
    held = sorted(
        (m for m in workspace.meetings if m.status == "held" and m.date.first_day() < reference),
        key=lambda m: date_key(m.date),
        reverse=True,
    )
    history = [m for m in held if {HOME, COUNTERPART} <= set(m.parties)]
    third = [m for m in held if COUNTERPART in m.parties and HOME not in m.parties]
    relations = us.relations
    facts = (1 if relations and relations.established else 0) + len(
        relations.facts if relations else []
    )
    facts += 1 if history else 0
    series = [m for m in history if meeting.series and m.series == meeting.series]
    last = (series or history or [None])[0]
    parts = brief_sections(pack)
    outcomes_heading = next(h for h in parts if h.startswith("Last meeting's outcomes"))
    if last is not None:
        assert outcomes_heading == f"Last meeting's outcomes: {last.title.get('en')[0]}"
    engagements = [b for b in parts["Recent engagements"] if b.kind == "table"]
    counterpart_name = us.name.get("en")[0]
    third_heading = f"Context: {counterpart_name} with third parties"
    overdue_part = parts["Commitments at a glance"]
    full = {
        "objectives": (len(meeting.objectives), len(items(parts["Purpose and objectives"]))),
        "relationship facts": (facts, len(items(parts["Relationship at a glance"]))),
        "older engagements": (
            len(history),
            len((engagements[0].rows or [])[1:]) if engagements else 0,
        ),
        "outcomes of the last meeting": (
            len([d for d in last.topics if d.summary]) if last else 0,
            len(items(parts[outcomes_heading])),
        ),
        "overdue commitments named": (
            len([e for e in expected(pack) if e.overdue]),
            len(items(overdue_part)),
        ),
        "third-party meetings": (len(third), len(items(parts.get(third_heading, [])))),
    }
    match = OMITTED.search(pack.result.stderr)
    named: dict[str, int] = {}
    if match:
        plural = {one: many for many, one in SINGULAR.items()}
        for item in match["items"].split(", "):
            count, what = item.split(" ", 1)
            assert (what in plural) == (count == "1"), f"{item!r}: singular for one, else plural"
            named[plural.get(what, what)] = int(count)
    assert set(named) <= set(full), f"stderr names {named}"
    for what, (total, shown) in full.items():
        assert shown <= total, what
        assert named.get(what, 0) == total - shown, (
            f"{what}: {total} in the records, {shown} in the brief, stderr says "
            f"{named.get(what, 0)} left out"
        )
    return named


def test_brief_names_on_stderr_what_it_left_out(seed_pack: Pack) -> None:
    check_omissions(seed_pack)


# -- escaping: records holding markup and template syntax -----------------------------------------

TITLE = "Talks on R&D <b>bold</b> \"quoted\" 'single' <script>alert(1)</script> {{ x }} {% if %}"
PLANNED_TITLE = "3rd Dialogue: A&B <i>x</i> > \"y\" < 'z' {{ header }} {% endif %}"
COMMITMENT = "Deliver A&B <em>now</em> > 5 & < 7 \"soon\" 'later' <script>x()</script> {{ 7*7 }}"
COMMITMENT_2 = "Share {% if true %}yes{% endif %} & {# not a comment #} <!-- nor this --> data"
CHAIR_TH = 'Eksiri <Pintaruchi> & "Co"'
CHAIR_US = "Dan O'Brien & <Sons>"
OBJECTIVE = 'Agree <u>terms</u> & "dates" {{ objectives }}'


def write_json_yaml(path: Path, data: object) -> None:
    """YAML 1.2 is a superset of JSON: JSON strings carry any character unambiguously."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


@pytest.fixture(scope="module")
def escaping_pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """The spec workspace with markup, quotes and template syntax in titles, commitment texts
    and names; made with the MFA profile and a marking, so the margins carry text too."""
    root = tmp_path_factory.mktemp("escaping")
    data = root / "ws"
    shutil.copytree(SPEC, data)
    yaml = YAML(typ="safe")
    held_file = data / "meetings" / "2024-02-28-th-us-2plus2.yaml"
    held = yaml.load(held_file)
    held["title"] = TITLE
    held["participants"][0]["name"] = CHAIR_TH
    held["participants"][1]["name"] = CHAIR_US
    held["commitments"][0]["text"] = COMMITMENT
    held["commitments"][2]["text"] = COMMITMENT_2
    write_json_yaml(held_file, held)
    planned_file = data / "meetings" / "2026-12-10-th-us-2plus2.yaml"
    planned = yaml.load(planned_file)
    planned["title"] = PLANNED_TITLE
    planned["objectives"].append(OBJECTIVE)
    write_json_yaml(planned_file, planned)
    return make_pack(
        data, root / "out", "--as-of", AS_OF.isoformat(), ministry="mfa", classification="secret"
    )


def test_records_with_markup_and_template_syntax_make_a_pack(escaping_pack: Pack) -> None:
    assert {p.name for p in escaping_pack.out.iterdir()} == file_names(STEM)
    for document in DOCUMENTS:
        assert_docx_opens(escaping_pack.docx(document))
    assert len(PdfReader(escaping_pack.pdf(BRIEF)).pages) == 1


@pytest.mark.parametrize("document", DOCUMENTS)
def test_special_characters_come_out_literally_in_both_formats(
    escaping_pack: Pack, document: str
) -> None:
    where = {
        BRIEF: (TITLE, PLANNED_TITLE, CHAIR_TH, CHAIR_US, OBJECTIVE),
        # A point is made of the commitment's words as a sentence: "… to deliver A&B …".
        TALKING_POINTS: (PLANNED_TITLE, lower(COMMITMENT), lower(COMMITMENT_2), OBJECTIVE),
        ANNEX: (TITLE, PLANNED_TITLE, COMMITMENT, COMMITMENT_2),
    }[document]
    pdf = squeeze(escaping_pack.pdf_text(document))
    docx = escaping_pack.docx_text(document)
    for text in where:
        assert squeeze(text) in pdf, f"{text!r} not in the {document} PDF"
        assert text in docx, f"{text!r} not in the {document} DOCX"
    # Nothing was read as markup or as a template: no 49 from {{ 7*7 }}, no bold from <b>.
    assert "49" not in re.findall(r"\d+", docx)
    for run in Document(str(escaping_pack.docx(document))).paragraphs:
        for r in run.runs:
            if "bold" in r.text and "<b>" not in r.text:
                pytest.fail(f"<b> was interpreted: {r.text!r}")


def lower(text: str) -> str:
    return text[0].lower() + text[1:]


def test_special_characters_in_document_properties(escaping_pack: Pack) -> None:
    title = f"Background brief: {PLANNED_TITLE}"
    assert PdfReader(escaping_pack.pdf(BRIEF)).metadata.title == title
    assert Document(str(escaping_pack.docx(BRIEF))).core_properties.title == title


@pytest.mark.parametrize("document", DOCUMENTS)
def test_escaping_pack_pdf_and_docx_carry_the_same_words(
    escaping_pack: Pack, document: str
) -> None:
    assert escaping_pack.furniture  # marking and footer, which the parity check sets aside
    check_parity(escaping_pack, document)


def test_escaping_pack_annex(escaping_pack: Pack) -> None:
    check_annex(escaping_pack)
    check_annex_pdf(escaping_pack)


# -- a synthetic workspace: 60 meetings, 200 commitments ------------------------------------------

MEETINGS, COMMITMENTS = 60, 200
TOPICS = (
    "defence",
    "law-enforcement",
    "energy",
    "economy",
    "health",
    "cyber",
    "maritime",
    "regional",
    "human-rights",
)
AGENDA = TOPICS[:7]  # human-rights, regional and untopical commitments go under Other matters


def synthetic_meetings() -> dict[str, dict]:
    """60 held meetings between TH and US since 2011, 200 commitments of every kind between
    them, four U.S.–Cambodia meetings, and the planned meeting of 10 December 2026."""
    files: dict[str, dict] = {}
    start = date(2011, 3, 1)
    number = 0
    for i in range(MEETINGS):
        day = start + timedelta(days=i * 95)
        count = 4 if i < COMMITMENTS - 3 * MEETINGS else 3
        commitments = []
        for _ in range(count):
            number += 1
            commitments.append(synthetic_commitment(number, day))
        files[f"{day.isoformat()}-th-us-round-{i + 1}"] = {
            "title": f"Thailand–U.S. Joint Working Group, round {i + 1}",
            "parties": ["TH", "US"],
            "date": day.isoformat(),
            **({"end_date": (day + timedelta(days=1)).isoformat()} if i % 3 == 0 else {}),
            "location": ["Bangkok", "Washington, D.C.", "Honolulu"][i % 3],
            "status": "held",
            "participants": [
                {"name": f"Thai Co-chair {i + 1}", "side": "TH", "role": "co-chair"},
                {"name": f"U.S. Co-chair {i + 1}", "side": "US", "role": "co-chair"},
            ],
            "topics": [
                {
                    "topic": TOPICS[(i + k) % len(TOPICS)],
                    "summary": f"Round {i + 1} reviewed {TOPICS[(i + k) % len(TOPICS)]} "
                    f"cooperation in detail and agreed next steps for the year ahead.",
                    "points": [f"Point {k + 1} of round {i + 1}."],
                }
                for k in range(6)
            ],
            "commitments": commitments,
        }
    assert number == COMMITMENTS
    for k in range(4):
        day = date(2019 + 2 * k, 6, 10)
        files[f"{day.isoformat()}-us-kh-talks"] = {
            "title": f"U.S.–Cambodia Defense Policy Dialogue {k + 1}",
            "parties": ["US", "KH"],
            "date": day.isoformat(),
            "location": "Phnom Penh",
            "status": "held",
        }
    files["2026-12-10-th-us-round-61"] = {
        "title": "Thailand–U.S. Joint Working Group, round 61",
        "parties": ["TH", "US"],
        "date": "2026-12-10",
        "location": "Bangkok",
        "status": "planned",
        "objectives": [
            f"Objective {k + 1}: settle the open items of area {k + 1} by mid-2027 "
            "and agree who reports on them, when and to whom."
            for k in range(7)
        ],
        "agenda": list(AGENDA),
        "talking_points": {key: [f"Authored point on {key}: raise it first."] for key in AGENDA},
        "if_raised": [
            {"topic": "defence", "text": "On procurement, Thailand decides by its own needs."},
            {"topic": "energy", "text": "On coal, Thailand follows its published plan."},
            {"text": "On anything else, take note and report back."},
        ],
    }
    return files


def synthetic_commitment(number: int, made: date) -> dict:
    by = [["US"], ["TH"], ["TH", "US"]][number % 3]
    commitment: dict = {
        "by": by,
        "text": f"C-{number:03d}: deliver work item {number} agreed by "
        f"{' and '.join(by)} and report progress.",
        "status": ("open", "open", "in-progress", "done", "dropped")[number % 5],
    }
    if number % 13:
        commitment["topic"] = TOPICS[number % len(TOPICS)]
    due = made + timedelta(days=30 * (number % 40))
    if number % 4 == 1:
        commitment["due"] = str(due.year)
    elif number % 4 == 2:
        commitment["due"] = f"{due.year}-{due.month:02d}"
    elif number % 4 == 3:
        commitment["due"] = due.isoformat()
    updates = []
    if number % 7 == 0:
        updates.append(
            {
                "date": (made + timedelta(days=20)).isoformat(),
                "status": "in-progress",
                "note": f"Work on item {number} started.",
            }
        )
    if number % 11 == 0:
        updates.append(
            {
                "date": (made + timedelta(days=40)).isoformat(),
                "due": (made + timedelta(days=3000)).isoformat(),
                "note": f"Item {number} rescheduled.",
            }
        )
    if number % 17 == 0:
        updates.append({"date": (made + timedelta(days=60)).isoformat(), "status": "done"})
    if updates:
        commitment["updates"] = updates
    return commitment


@pytest.fixture(scope="module")
def synthetic_pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    root = tmp_path_factory.mktemp("synthetic")
    data = root / "ws"
    (data / "meetings").mkdir(parents=True)
    shutil.copytree(SEEDS / "counterparts", data / "counterparts")
    shutil.copy(SEEDS / "topics.yaml", data / "topics.yaml")
    for name, record in synthetic_meetings().items():
        write_json_yaml(data / "meetings" / f"{name}.yaml", record)
    return make_pack(data, root / "out", "--as-of", AS_OF.isoformat())


def test_synthetic_workspace_has_what_the_test_needs(synthetic_pack: Pack) -> None:
    workspace = synthetic_pack.workspace
    between = [m for m in workspace.meetings if {HOME, COUNTERPART} <= set(m.parties)]
    assert sum(m.status == "held" for m in between) == MEETINGS
    wanted = expected(synthetic_pack)
    assert len(wanted) == COMMITMENTS
    statuses = Counter(e.status for e in wanted)
    assert all(statuses[s] for s in STATUS_LABELS), statuses  # every status, overdue too
    assert any(e.due and e.commitment.due != e.due for e in wanted)  # a revised due date


def test_synthetic_brief_is_still_one_page(synthetic_pack: Pack) -> None:
    assert len(PdfReader(synthetic_pack.pdf(BRIEF)).pages) == 1


def test_synthetic_stderr_names_what_the_brief_left_out(synthetic_pack: Pack) -> None:
    named = check_omissions(synthetic_pack)
    assert named["older engagements"] >= MEETINGS - 10
    assert "warning:" in synthetic_pack.result.stderr
    assert "the talking points and the annex still have them" in synthetic_pack.result.stderr


def test_synthetic_annex_has_all_200_commitments(synthetic_pack: Pack) -> None:
    check_annex(synthetic_pack)
    check_annex_pdf(synthetic_pack)
    check_header_repeats(synthetic_pack)


def test_synthetic_talking_points(synthetic_pack: Pack) -> None:
    check_talking_points(synthetic_pack)


def test_what_the_brief_left_out_is_still_in_talking_points_and_annex(
    synthetic_pack: Pack,
) -> None:
    meeting = planned_meeting(synthetic_pack.workspace, HOME, COUNTERPART, AS_OF)
    talking = squeeze(synthetic_pack.pdf_text(TALKING_POINTS))
    for objective in meeting.objectives:
        assert squeeze(objective.get("en")[0]) in talking
    annex = squeeze(synthetic_pack.pdf_text(ANNEX))
    for item in expected(synthetic_pack):
        if item.overdue:
            assert squeeze(item.text("en")) in annex
    # Every open commitment, overdue or not, is cited in the talking points by its number.
    points = items(docx_blocks(synthetic_pack.docx(TALKING_POINTS)))
    numbers = {n for p in points for n in cited(p, synthetic_pack)}
    for row in annex_items(synthetic_pack):
        if row.status not in ("Done", "Dropped"):
            assert row.number in numbers, row


@pytest.mark.parametrize("document", [BRIEF, ANNEX])
def test_synthetic_pdf_and_docx_carry_the_same_words(synthetic_pack: Pack, document: str) -> None:
    check_parity(synthetic_pack, document)


def repeats(text: str, key_messages: list[str]) -> bool:
    return any(similarity(LocalText(m), LocalText(text)) >= KEY_REPEAT for m in key_messages)
