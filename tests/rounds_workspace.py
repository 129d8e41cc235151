"""A generated workspace with a Norway-sized history: 25 held rounds of a Thailand–Norway
Joint Commission (2001–2025), four commitments a round in English and Thai, recorded in the
imperative as the records' rule asks, and a planned 26th round whose participants are given.

Older rounds' commitments were mostly delivered (an update marks them done) and a few
dropped; those of the last rounds are open, some past their due date. Planned points name
some commitments with `re:`, and are about others only in their wording, as a desk officer
writes them. Everything is deterministic.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

ROUNDS = 26  # 25 held, the last planned
SERIES = "Thailand–Norway Joint Commission"
PLANNED_DATE = date(2026, 12, 10)

COUNTERPART = {
    "code": "NO",
    "name": {"en": "Norway", "th": "นอร์เวย์"},
    "short_name": {"en": "Norway", "th": "นอร์เวย์"},
    "kind": "country",
    "relations": {
        "established": "1905-11-29",
        "summary": {
            "en": "Diplomatic relations since 1905. Partners in energy transition, ocean "
            "management, fisheries and peace-building.",
            "th": "มีความสัมพันธ์ทางการทูตตั้งแต่ พ.ศ. ๒๔๔๘ เป็นหุ้นส่วนด้านการเปลี่ยนผ่านพลังงาน "
            "การบริหารจัดการมหาสมุทร การประมง และการสร้างสันติภาพ",
        },
    },
    "people": [
        {
            "name": "Kari Nordmann",
            "title": {
                "en": "State Secretary, Ministry of Foreign Affairs (as of 2025)",
                "th": "เลขาธิการแห่งรัฐ กระทรวงการต่างประเทศนอร์เวย์ (ณ ปี ๒๕๖๘)",
            },
        }
    ],
}

# (topic, English verb phrase, Thai verb phrase, owner): the kinds of things a joint commission
# agrees, each made specific by the round that agreed it.
UNDERTAKINGS = [
    (
        "energy",
        "Hold the {n} meeting of the Joint Working Group on Energy Transition",
        "จัดการประชุมคณะทำงานร่วมด้านการเปลี่ยนผ่านพลังงาน ครั้งที่ {n}",
        "joint",
    ),
    (
        "maritime",
        "Provide training in sustainable fisheries management for {k} Thai officials",
        "จัดการฝึกอบรมด้านการบริหารจัดการประมงอย่างยั่งยืนแก่เจ้าหน้าที่ไทย {k} คน",
        "NO",
    ),
    (
        "economy",
        "Send a business delegation of {k} companies to Oslo",
        "ส่งคณะผู้แทนภาคธุรกิจ {k} บริษัทเยือนกรุงออสโล",
        "TH",
    ),
    (
        "people-to-people",
        "Offer {k} scholarships for Thai students in ocean science",
        "มอบทุนการศึกษาด้านวิทยาศาสตร์ทางทะเลแก่นักศึกษาไทย {k} ทุน",
        "NO",
    ),
    (
        "regional",
        "Co-host a seminar on peace-building in Southeast Asia",
        "ร่วมเป็นเจ้าภาพการสัมมนาด้านการสร้างสันติภาพในเอเชียตะวันออกเฉียงใต้",
        "joint",
    ),
    (
        "health",
        "Share data on antimicrobial resistance under the joint surveillance programme",
        "แลกเปลี่ยนข้อมูลการดื้อยาต้านจุลชีพภายใต้โครงการเฝ้าระวังร่วม",
        "TH",
    ),
    (
        "economy",
        "Conclude the agreement on the avoidance of double taxation",
        "จัดทำความตกลงว่าด้วยการเว้นการเก็บภาษีซ้อนให้แล้วเสร็จ",
        "joint",
    ),
    (
        "energy",
        "Fund a feasibility study on offshore wind power in the Gulf of Thailand",
        "สนับสนุนเงินทุนการศึกษาความเป็นไปได้ของพลังงานลมนอกชายฝั่งในอ่าวไทย",
        "NO",
    ),
]
SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def ordinal(n: int) -> str:
    """1st, 2nd, 11th, 23rd."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else SUFFIXES.get(n % 10, 'th')}"


def _commitment(round_no: int, k: int, held: date) -> dict[str, Any]:
    topic, en, th, owner = UNDERTAKINGS[(round_no * 3 + k) % len(UNDERTAKINGS)]
    count = 10 + (round_no * 7 + k * 5) % 40
    by = ["TH", "NO"] if owner == "joint" else [owner]
    values = {"n": ordinal(round_no), "k": count}
    th_values = {"n": str(round_no).translate(THAI_DIGITS), "k": str(count).translate(THAI_DIGITS)}
    record: dict[str, Any] = {
        "id": f"jc{round_no:02d}-{k + 1}",
        "by": by,
        "text": {"en": en.format(**values) + ".", "th": th.format(**th_values)},
        "topic": topic,
        "status": "open",
    }
    due = date(held.year + 1, 1 + (k * 3) % 12, 1)
    if round_no >= 24 and k % 2:  # the last rounds' longer undertakings: due in 2027, or open-ended
        due = date(2027, 1 + k * 2, 1)
    if not (round_no == ROUNDS - 1 and k == 3):
        record["due"] = f"{due.year}-{due.month:02d}"
    if round_no >= 24 and k == 2:
        record["status"] = "in-progress"
    if round_no <= 20:
        # Delivered on time, mostly; one in eight was dropped; the odd one still open.
        outcome = "dropped" if (round_no + k) % 8 == 0 else "done"
        if (round_no * 5 + k) % 11 == 0:
            outcome = "open"
        if outcome != "open":
            record["updates"] = [
                {
                    "date": f"{due.year}-{due.month:02d}-15",
                    "status": outcome,
                    "note": {"en": "Reported at the next round.", "th": "รายงานในการประชุมครั้งถัดไป"},
                }
            ]
    return record


def meetings() -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}
    for round_no in range(1, ROUNDS + 1):
        held = date(2000 + round_no, 5 + round_no % 5, 10)
        planned = round_no == ROUNDS
        day = PLANNED_DATE if planned else held
        name = f"{day.isoformat()}-th-no-jc-{round_no}"
        record: dict[str, Any] = {
            "id": name,
            "title": {
                "en": f"{ordinal(round_no)} Meeting of the {SERIES} (JC)",
                "th": f"การประชุมคณะกรรมาธิการร่วมไทย–นอร์เวย์ (JC) ครั้งที่ "
                f"{str(round_no).translate(THAI_DIGITS)}",
            },
            "parties": ["TH", "NO"],
            "date": day.isoformat(),
            "location": ["Bangkok", "Oslo"][round_no % 2],
            "status": "planned" if planned else "held",
            "series": SERIES,
            "ordinal": round_no,
            "level": "senior-officials",
            "participants": [
                {
                    "name": f"Somchai Round{round_no}",
                    "title": {
                        "en": "Permanent Secretary for Foreign Affairs",
                        "th": "ปลัดกระทรวงการต่างประเทศ",
                    },
                    "side": "TH",
                    "role": "co-chair",
                },
                {
                    "name": f"Ingrid Round{round_no}",
                    "title": {"en": "State Secretary", "th": "เลขาธิการแห่งรัฐ"},
                    "side": "NO",
                    "role": "co-chair",
                },
            ],
        }
        if planned:
            record.update(_planned())
        else:
            record["summary"] = {
                "en": f"Round {round_no} reviewed cooperation across the board.",
                "th": f"การประชุมครั้งที่ {str(round_no).translate(THAI_DIGITS)} ทบทวนความร่วมมือในทุกด้าน",
            }
            record["topics"] = [
                {
                    "topic": topic,
                    "summary": {
                        "en": f"Progress on {topic.replace('-', ' ')} reviewed; next steps agreed.",
                        "th": "ทบทวนความคืบหน้าและตกลงขั้นตอนต่อไป",
                    },
                }
                for topic in ("energy", "maritime", "economy", "people-to-people")
            ]
            record["commitments"] = [_commitment(round_no, k, held) for k in range(4)]
        files[name] = record
    return files


def _planned() -> dict[str, Any]:
    return {
        "summary": {
            "en": "Twenty-sixth round: stock-take of the 2023–2025 commitments.",
            "th": "การประชุมครั้งที่ ๒๖ ติดตามข้อผูกพันปี ๒๕๖๖–๒๕๖๘",
        },
        "objectives": [
            {
                "en": "Agree a work plan on energy transition for 2027–2028.",
                "th": "ตกลงแผนงานด้านการเปลี่ยนผ่านพลังงานสำหรับปี ๒๕๗๐–๒๕๗๑",
            },
            {
                "en": "Secure the offshore wind feasibility study.",
                "th": "ผลักดันการศึกษาความเป็นไปได้ด้านพลังงานลมนอกชายฝั่ง",
            },
        ],
        "agenda": ["energy", "maritime", "economy", "people-to-people", "regional", "health"],
        "talking_points": {
            "energy": [
                {
                    "re": ["jc25-1"],
                    "text": {
                        "en": "Press for the offshore wind feasibility study to start in 2027.",
                        "th": "ผลักดันให้เริ่มการศึกษาความเป็นไปได้ด้านพลังงานลมนอกชายฝั่งในปี ๒๕๗๐",
                    },
                },
                {
                    "en": "Propose dates for the next meeting of the Joint Working Group on "
                    "Energy Transition.",
                    "th": "เสนอกำหนดการประชุมคณะทำงานร่วมด้านการเปลี่ยนผ่านพลังงานครั้งต่อไป",
                },
            ],
            "maritime": [
                {
                    "en": "Welcome the fisheries management training for Thai officials and ask "
                    "for a second course.",
                    "th": "ยินดีต่อการฝึกอบรมด้านการบริหารจัดการประมงแก่เจ้าหน้าที่ไทย และขอให้จัดหลักสูตรที่สอง",
                }
            ],
        },
        "if_raised": [
            {
                "topic": "health",
                "text": {
                    "en": "On antimicrobial resistance, Thailand shares its data as agreed.",
                    "th": "ในประเด็นการดื้อยาต้านจุลชีพ ไทยแลกเปลี่ยนข้อมูลตามที่ตกลงไว้",
                },
            }
        ],
    }


def write_rounds_workspace(root: Path, seeds: Path) -> Path:
    """The workspace under root/ws: TH from the seeds, NO and 26 meetings generated."""
    data = root / "ws"
    (data / "meetings").mkdir(parents=True)
    (data / "counterparts").mkdir()
    shutil.copy(seeds / "counterparts" / "TH.yaml", data / "counterparts" / "TH.yaml")
    shutil.copy(seeds / "topics.yaml", data / "topics.yaml")
    _write(data / "counterparts" / "NO.yaml", COUNTERPART)
    for name, record in meetings().items():
        _write(data / "meetings" / f"{name}.yaml", record)
    return data


def _write(path: Path, data: object) -> None:
    """YAML 1.2 is a superset of JSON."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
