"""Commitments as a desk officer needs them: who owes each, when it is due, and no commitment
made out of the announcement of a meeting's own date or place."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import REPO

from briefgen.ingest import ingest
from briefgen.ingest.periods import period_due
from briefgen.partialdates import PartialDate

SEEDS = REPO / "seeds"
ENGLISH = """Thailand and Japan hold the 5th Strategic Dialogue

On 10 March 2026, H.E. Mr. Somchai Jaidee, Permanent Secretary for Foreign Affairs of Thailand, \
and Mr. Taro Yamada, Vice-Minister for Foreign Affairs of Japan, co-chaired the 5th \
Thailand-Japan Strategic Dialogue in Tokyo.

The Thai side agreed to sign the MOU on Digital Cooperation in the first quarter of 2027. Japan \
will provide scholarships early next year. The next meeting will take place in Bangkok in 2027. \
The 6th Strategic Dialogue is scheduled to be held in Bangkok in early 2027.
"""
THAI = """การประชุมหารือยุทธศาสตร์ไทย-ญี่ปุ่น ครั้งที่ ๕

เมื่อวันที่ ๑๐ มีนาคม ๒๕๖๙ นายสมชาย ใจดี ปลัดกระทรวงการต่างประเทศ และนายทาโร ยามาดะ \
รัฐมนตรีช่วยว่าการกระทรวงการต่างประเทศญี่ปุ่น เป็นประธานร่วมการประชุมหารือยุทธศาสตร์ไทย-ญี่ปุ่น \
ครั้งที่ ๕ ณ กรุงโตเกียว

ฝ่ายไทยตกลงที่จะลงนามบันทึกความเข้าใจว่าด้วยความร่วมมือด้านดิจิทัลภายในกลางปี ๒๕๗๐ \
การประชุมครั้งต่อไปจะจัดขึ้นที่กรุงเทพฯ ในปี ๒๕๗๐
"""


def _commitments(tmp_path: Path, text: str) -> list[dict[str, Any]]:
    root = tmp_path / "ws"
    (root / "meetings").mkdir(parents=True)
    shutil.copytree(SEEDS / "counterparts", root / "counterparts")
    shutil.copy(SEEDS / "topics.yaml", root / "topics.yaml")
    (root / "counterparts" / "JP.yaml").write_text(
        "code: JP\nname: {en: Japan, th: ญี่ปุ่น}\n", encoding="utf-8"
    )
    release = tmp_path / "release.txt"
    release.write_text(text, encoding="utf-8")
    data = ingest(release, root, dry_run=True, today=date(2026, 12, 6)).data
    return list(data["commitments"])


def test_owners_due_dates_and_no_announced_meeting_english(tmp_path: Path) -> None:
    found = [(c["by"], str(c.get("due")), c["quote"][:20]) for c in _commitments(tmp_path, ENGLISH)]
    assert found == [
        ("TH", "2027-03", "The Thai side agreed"),
        ("JP", "2027", "Japan will provide s"),
    ]


def test_owners_due_dates_and_no_announced_meeting_thai(tmp_path: Path) -> None:
    (only,) = _commitments(tmp_path, THAI)
    assert (only["by"], str(only["due"])) == ("TH", "2027-06")
    assert "จัดขึ้น" not in only["quote"]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("in the first quarter of 2027", "2027-03"),
        ("by Q3 2027", "2027-09"),
        ("in the second half of 2027", "2027"),
        ("by mid-2027", "2027-06"),
        ("early next year", "2027"),
        ("late 2027", "2027"),
        ("ภายในไตรมาสที่ ๒ ของปี ๒๕๗๐", "2027-06"),
        ("ภายในกลางปีหน้า", "2027-06"),
        ("ต้นปี พ.ศ. ๒๕๗๐", "2027"),
    ],
)
def test_parts_of_a_year_are_due_dates_with_their_precision(text: str, due: str) -> None:
    found = period_due(text, PartialDate.of(2026, 12, 4))
    assert found is not None and str(found[0]) == due
    assert found[1].startswith("'")
