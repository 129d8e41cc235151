"""A pack a principal can use as printed (issue 15), in English (default profile) and Thai
(MFA profile), on the bundled seeds and on a generated 25-round workspace whose planned round
names its co-chairs: the page counts, the 40-word limit, no commitment's text twice, who is in
the room, owner and due date of every overdue item named, columns that do not overlap, and a
brief that cuts nothing while it has room to spare.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from pack_helpers import (
    Pack,
    docx_blocks,
    expected_commitments,
    items,
    make_pack,
    planned_meeting,
    sections,
)
from points_check import BRIEF, TALKING_POINTS, check_brief_overdue, check_points
from pypdf import PdfReader
from rounds_workspace import write_rounds_workspace
from support import SEEDS

from briefgen.compose.refs import similarity
from briefgen.compose.talking_points import KEY_REPEAT
from briefgen.textvalue import LocalText

pytestmark = pytest.mark.slow

AS_OF = date(2026, 11, 1)
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
OWNERS = {
    "en": {"US": {"counterpart": "U.S.", "home": "Thailand", "joint": "joint"}},
    "th": {"US": {"counterpart": "สหรัฐฯ", "home": "ไทย", "joint": "ร่วมกัน"}},
}


@pytest.fixture(scope="module", params=["en", "th"])
def seed_pack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Pack:
    lang = request.param
    out = tmp_path_factory.mktemp(f"usable-seeds-{lang}")
    ministry = "mfa" if lang == "th" else "default"
    return make_pack(SEEDS, out, "--as-of", AS_OF.isoformat(), lang=lang, ministry=ministry)


@pytest.fixture(scope="module", params=["en", "th"])
def rounds_pack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Pack:
    lang = request.param
    root = tmp_path_factory.mktemp(f"usable-rounds-{lang}")
    data = write_rounds_workspace(root, SEEDS)
    ministry = "mfa" if lang == "th" else "default"
    return make_pack(
        data,
        root / "out",
        "--as-of",
        AS_OF.isoformat(),
        lang=lang,
        ministry=ministry,
        counterpart="NO",
        stem="2026-12-10_NO",
    )


def pages(pack: Pack, document: str) -> int:
    return len(PdfReader(pack.pdf(document)).pages)


# -- talking points ---------------------------------------------------------------------------


def test_seed_talking_points_fit_three_pages(seed_pack: Pack) -> None:
    assert pages(seed_pack, TALKING_POINTS) <= 3


def test_rounds_talking_points_fit_two_pages(rounds_pack: Pack) -> None:
    workspace = rounds_pack.workspace
    held = [m for m in workspace.meetings if m.status == "held"]
    assert len(held) == 25 and sum(len(m.commitments) for m in held) == 100
    assert pages(rounds_pack, TALKING_POINTS) <= 2


def test_seed_talking_points_one_point_per_issue(seed_pack: Pack) -> None:
    """Each open commitment cited once by its annex number, no text twice, no point over 40
    words, overdue points first and marked with their due date."""
    check_points(seed_pack)


def test_rounds_talking_points_one_point_per_issue(rounds_pack: Pack) -> None:
    check_points(rounds_pack)


def test_a_planned_point_absorbs_the_commitment_it_names(seed_pack: Pack) -> None:
    """`re:` makes the planned point and the commitment one point: the commitment's own text
    is nowhere in the talking points, the planned point cites its annex number."""
    meeting = planned_meeting(seed_pack.workspace, "TH", "US", AS_OF)
    by_id = {
        c.id: c for m in seed_pack.workspace.meetings for c in m.commitments if c.id is not None
    }
    texts = [
        point
        for _, blocks in sections(docx_blocks(seed_pack.docx(TALKING_POINTS)))
        for point in items(blocks)
    ]
    lang = seed_pack.lang
    named = 0
    for points in meeting.talking_points.values():
        for point in points:
            if not point.re:
                continue
            named += 1
            authored = " ".join(point.text.get(lang)[0].split())
            # A point that says what a key message says points to it, with its references.
            headline = seed_pack._("As key message {number}").split("{")[0]
            shown = next(
                t
                for t in texts
                if t.startswith(authored)
                or (t.startswith(headline) and repeats_key_message(authored, seed_pack))
            )
            assert re.search(r"\(.*\d", shown), shown  # a reference follows it
            for ref in point.re:
                text = " ".join(by_id[ref].text.get(lang)[0].split()).rstrip(".")
                assert not any(text in t for t in texts), text
    assert named >= 10


def test_key_messages_are_at_most_five(seed_pack: Pack, rounds_pack: Pack) -> None:
    for pack in (seed_pack, rounds_pack):
        found = dict(sections(docx_blocks(pack.docx(TALKING_POINTS))))
        key = items(found[pack._("Key messages")], "ListNumber")
        assert 1 <= len(key) <= 5


# -- the brief ----------------------------------------------------------------------------------


def brief_parts(pack: Pack) -> dict[str, list]:
    return dict(sections(docx_blocks(pack.docx(BRIEF))))


def room(pack: Pack) -> list[list[str]]:
    blocks = brief_parts(pack)[pack._("Who is in the room")]
    table = next(b for b in blocks if b.kind == "table")
    return table.rows or []


def test_rounds_brief_names_the_planned_rounds_co_chairs(rounds_pack: Pack) -> None:
    meeting = planned_meeting(rounds_pack.workspace, "TH", "NO", AS_OF)
    rows = room(rounds_pack)
    text = " ".join(" ".join(row) for row in rows)
    chairs = [p for p in meeting.participants if p.role == "co-chair"]
    assert len(chairs) == 2
    for chair in chairs:
        assert chair.name.get(rounds_pack.lang)[0] in text
        assert chair.title is not None and chair.title.get(rounds_pack.lang)[0] in text
    # Named by the planned meeting: no "as of" note.
    as_of = rounds_pack._("As of {date}; confirm who leads this time.").split("{date}")[0]
    assert not any(
        as_of in b.text for b in brief_parts(rounds_pack)[rounds_pack._("Who is in the room")]
    )


def test_seed_brief_names_the_last_rounds_co_chairs_as_of_its_date(seed_pack: Pack) -> None:
    """The seeds' planned 2+2 names no participants: the brief names the co-chairs of the
    last 2+2 held, and says as of when."""
    workspace = seed_pack.workspace
    last = workspace.meeting("2024-02-28-th-us-2plus2")
    assert last is not None
    text = " ".join(" ".join(row) for row in room(seed_pack))
    for chair in last.co_chairs():
        assert chair.name.get(seed_pack.lang)[0] in text
    blocks = brief_parts(seed_pack)[seed_pack._("Who is in the room")]
    note = next(b.text for b in blocks if b.kind == "p")
    as_of = seed_pack._("As of {date}; confirm who leads this time.").split("{date}")[0]
    assert note.startswith(as_of) and re.search(r"[0-9๐-๙]{2}", note)


def test_seed_brief_shows_the_level_and_summary(seed_pack: Pack) -> None:
    meeting = planned_meeting(seed_pack.workspace, "TH", "US", AS_OF)
    assert meeting.summary is not None
    text = " ".join(b.text for b in docx_blocks(seed_pack.docx(BRIEF))[:6] if b.kind == "p")
    assert seed_pack._("Senior officials' level") in text
    first_words = " ".join(meeting.summary.get(seed_pack.lang)[0].split()[:3])
    assert first_words in text


@pytest.mark.parametrize("which", ["seeds", "rounds"])
def test_every_overdue_item_named_says_who_owes_it_and_when(
    which: str, seed_pack: Pack, rounds_pack: Pack
) -> None:
    pack = seed_pack if which == "seeds" else rounds_pack
    names = {
        "en": {"counterpart": ("U.S.", "Norway"), "home": ("Thailand",), "joint": ("joint",)},
        "th": {"counterpart": ("สหรัฐฯ", "นอร์เวย์"), "home": ("ไทย",), "joint": ("ร่วมกัน",)},
    }[pack.lang]
    owners = {f"{k}{i}": v for k, vs in names.items() for i, v in enumerate(vs)}
    check_brief_overdue(pack, owners)


@pytest.mark.parametrize("which", ["seeds", "rounds"])
def test_commitments_at_a_glance_columns_do_not_overlap(
    which: str, seed_pack: Pack, rounds_pack: Pack
) -> None:
    pack = seed_pack if which == "seeds" else rounds_pack
    counterpart = "US" if which == "seeds" else "NO"
    meeting = planned_meeting(pack.workspace, "TH", counterpart, AS_OF)
    wanted = expected_commitments(pack.workspace, "TH", counterpart, meeting.date.first_day())
    table = next(
        b for b in brief_parts(pack)[pack._("Commitments at a glance")] if b.kind == "table"
    )
    rows = table.rows or []
    assert rows[0][1] == pack._("Open, not overdue")
    shown = {
        owner: [int(cell.translate(THAI_DIGITS)) for cell in row[1:]]
        for owner, row in zip(("counterpart", "home", "joint"), rows[1:], strict=True)
    }
    for owner, (open_, overdue, done) in shown.items():
        mine = Counter(e.status for e in wanted if e.owner == owner)
        assert overdue == mine["overdue"], owner
        assert open_ == mine["open"] + mine["in-progress"], owner
        assert done == mine["done"], owner


def test_seed_outcomes_come_from_the_last_round_of_the_series(seed_pack: Pack) -> None:
    last = seed_pack.workspace.meeting("2024-02-28-th-us-2plus2")
    assert last is not None
    heading = seed_pack._("Last meeting's outcomes: {meeting}").format(
        meeting=last.title.get(seed_pack.lang)[0]
    )
    assert heading in brief_parts(seed_pack)


def content_bottom(pdf: Path, skip: list[str]) -> tuple[float, float, float]:
    """(top of the first line, bottom of the last body line, top of the page footer) on the
    first page, from pdftotext's word boxes; lines holding a `skip` text are the margins."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = []
    line_box = r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>'
    for match in re.finditer(line_box, xml, re.S):
        words = " ".join(re.findall(r">([^<]*)</word>", match.group(3)))
        lines.append((float(match.group(1)), float(match.group(2)), words))
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', xml).group(1))  # type: ignore[union-attr]
    # The footer: the page label and furniture in the bottom margin (a body line may hold the
    # same word: หน้า is in หัวหน้า).
    margin = [
        line for line in lines if line[0] > 0.88 * height and any(s and s in line[2] for s in skip)
    ]
    body = [line for line in lines if line not in margin]
    assert margin and body
    footer_top = min(line[0] for line in margin)
    return body[0][0], max(line[1] for line in body), footer_top


@pytest.mark.parametrize("which", ["seeds", "rounds"])
def test_the_brief_cuts_nothing_while_a_fifth_of_the_page_is_empty(
    which: str, seed_pack: Pack, rounds_pack: Pack
) -> None:
    pack = seed_pack if which == "seeds" else rounds_pack
    text = pack.pdf_text(BRIEF)
    label = pack.page_label.split("{page}")[0].strip()
    top, bottom, footer = content_bottom(pack.pdf(BRIEF), [label, *pack.furniture])
    empty = (footer - bottom) / (footer - top)
    more = pack._("… and {count} more: see the commitments annex.").split("{count}")
    note = re.escape(more[0]) + r"\s*[0-9๐-๙]+\s*" + re.escape(more[1].strip())
    cut = "…" in re.sub(note, "", re.sub(r"\s+", " ", text))
    assert empty < 0.2 or not cut, f"{empty:.0%} of the page is empty, yet the brief cut a text"


def test_a_brief_with_room_to_spare_cuts_nothing(tmp_path: Path) -> None:
    """Cambodia has no meeting with Thailand on record: the brief is short, so the long
    relationship summary is shown whole, not cut with "…"."""
    pack = make_pack(
        SEEDS,
        tmp_path / "out",
        "--as-of",
        AS_OF.isoformat(),
        counterpart="KH",
        stem="2026-11-01_KH",
    )
    summary = pack.workspace.counterparts["KH"].relations.summary  # type: ignore[union-attr]
    assert summary is not None and len(summary.get("en")[0]) > 360
    text = pack.pdf_text(BRIEF)
    top, bottom, footer = content_bottom(pack.pdf(BRIEF), ["Page", *pack.furniture])
    assert (footer - bottom) / (footer - top) > 0.2
    assert "…" not in text
    assert " ".join(summary.get("en")[0].split()) in " ".join(text.split())


def test_a_planned_point_without_re_absorbs_commitments_by_wording(rounds_pack: Pack) -> None:
    """The planned point on fisheries training names no commitment; its wording matches the
    open training commitments of its topic, which it cites instead of a point of their own."""
    from points_check import annex_items, cited

    lang = rounds_pack.lang
    welcome = {"en": "Welcome the fisheries management training", "th": "ยินดีต่อการฝึกอบรม"}[lang]
    training = {"en": "Provide training in sustainable fisheries", "th": "จัดการฝึกอบรมด้านการบริหาร"}[
        lang
    ]
    points = items(docx_blocks(rounds_pack.docx(TALKING_POINTS)))
    point = next(p for p in points if p.startswith(welcome))
    numbers = {
        a.number
        for a in annex_items(rounds_pack)
        if a.text.startswith(training)
        and a.status not in (rounds_pack._("Done"), rounds_pack._("Dropped"))
    }
    assert numbers and numbers <= set(cited(point, rounds_pack))
    assert not any(p.startswith(training) or training.lower() in p for p in points if p != point)


def repeats_key_message(authored: str, pack: Pack) -> bool:
    """Whether a key message of the pack says near word for word what the point says."""
    found = dict(sections(docx_blocks(pack.docx(TALKING_POINTS))))
    messages = items(found[pack._("Key messages")], "ListNumber")
    return any(
        similarity(LocalText(message), LocalText(authored)) >= KEY_REPEAT for message in messages
    )
