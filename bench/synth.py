"""Synthetic workspaces for the benchmark: N meetings among M counterparts, always the same.

`make_workspace(root, meetings=N, counterparts=M)` writes a workspace that `briefgen validate`
accepts and that `briefgen make` can pack for every counterpart with a planned meeting:

- the bundled seeds (TH, US, KH, their eight meetings, topics and sources) are copied as they
  are, so the pack for US is the same pack in every size and the scale measure times the
  workspace growing around it, not a bigger pack;
- M - 3 made-up counterparts S001, S002, … each get one planned meeting with TH in 2026 or
  2027, with objectives, agenda, talking points and if-raised lines in English and Thai;
- the rest of the N meetings are held meetings, spread round-robin over the made-up
  counterparts: with TH (topics, participants, commitments, some overdue, some updated) or,
  one in five, between two made-up counterparts (third-party context).

Everything comes from a seeded random.Random, so the same arguments write the same bytes.
Run it directly to write one: python bench/synth.py bench/work/ws-1000 --meetings 1000
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_COUNTERPARTS = 3  # TH, US, KH
SEED_MEETINGS = 8

TOPICS = [
    "defence",
    "law-enforcement",
    "energy",
    "economy",
    "health",
    "people-to-people",
    "cyber",
    "maritime",
    "regional",
]
WORDS_EN = [
    "cooperation",
    "dialogue",
    "capacity",
    "building",
    "exchange",
    "programme",
    "joint",
    "working",
    "group",
    "maritime",
    "security",
    "supply",
    "chain",
    "investment",
    "climate",
    "finance",
    "health",
    "security",
    "training",
    "visit",
    "review",
    "framework",
    "agreement",
    "roadmap",
    "implementation",
    "partnership",
    "technical",
    "assistance",
    "coordination",
    "mechanism",
    "study",
    "tour",
    "workshop",
]
THAI_PHRASES = [
    "ความร่วมมือ",
    "การหารือ",
    "การเสริมสร้างขีดความสามารถ",
    "การแลกเปลี่ยน",
    "คณะทำงานร่วม",
    "ความมั่นคงทางทะเล",
    "ห่วงโซ่อุปทาน",
    "การลงทุน",
    "การเปลี่ยนแปลงสภาพภูมิอากาศ",
    "ความมั่นคงด้านสุขภาพ",
    "การฝึกอบรม",
    "การเยือน",
    "การทบทวน",
    "กรอบความร่วมมือ",
    "แผนงาน",
    "การดำเนินการ",
    "ความเป็นหุ้นส่วน",
    "ความช่วยเหลือทางวิชาการ",
    "กลไกประสานงาน",
]
PLACES = [
    ("Bangkok", "กรุงเทพฯ"),
    ("Chiang Mai", "เชียงใหม่"),
    ("Phuket", "ภูเก็ต"),
    ("Geneva", "เจนีวา"),
    ("Singapore", "สิงคโปร์"),
    ("Tokyo", "โตเกียว"),
]
LEVELS = ["leaders", "ministerial", "senior-officials", "working"]


def counterpart_code(index: int) -> str:
    return f"S{index:03d}"


def make_workspace(root: Path, *, meetings: int, counterparts: int, seed: int = 7) -> Path:
    """Write the workspace into root (emptied first) and return root."""
    if counterparts < SEED_COUNTERPARTS + 1:
        raise ValueError(f"counterparts must be at least {SEED_COUNTERPARTS + 1}")
    if meetings < SEED_MEETINGS + counterparts - SEED_COUNTERPARTS:
        raise ValueError("too few meetings: every made-up counterpart needs a planned one")
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(SEEDS, root)
    made_up = [counterpart_code(i + 1) for i in range(counterparts - SEED_COUNTERPARTS)]
    for number, code in enumerate(made_up, 1):
        _write(root / "counterparts" / f"{code}.yaml", _counterpart(rng, code, number))
    folder = root / "meetings"
    for number, code in enumerate(made_up, 1):
        _write(folder / f"{code.lower()}-planned.yaml", _planned(rng, code, number))
    held = meetings - SEED_MEETINGS - len(made_up)
    for index in range(held):
        code = made_up[index % len(made_up)]
        if index % 5 == 4 and len(made_up) > 1:
            other = made_up[(index + 1 + index // len(made_up)) % len(made_up)]
            parties = [code, other] if other != code else ["TH", code]
        else:
            parties = ["TH", code]
        _write(folder / f"h{index:05d}.yaml", _held(rng, parties, index))
    return root


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _local(en: str, th: str) -> str:
    return "{en: " + _q(en) + ", th: " + _q(th) + "}"


def _sentence(rng: random.Random, words: int) -> tuple[str, str]:
    en = " ".join(rng.choice(WORDS_EN) for _ in range(words)).capitalize() + "."
    th = " ".join(rng.choice(THAI_PHRASES) for _ in range(max(2, words // 2)))
    return en, th


def _counterpart(rng: random.Random, code: str, number: int) -> str:
    summary = _sentence(rng, 30)
    facts = [_sentence(rng, 12) for _ in range(3)]
    established = date(1950, 1, 1) + timedelta(days=rng.randrange(25_000))
    lines = [
        f"code: {code}",
        f"name: {_local(f'Synthetic Republic {number}', f'สาธารณรัฐสมมติ {number}')}",
        f"short_name: {_local(f'Synthetia {number}', f'สมมติ {number}')}",
        "kind: country",
        f"aliases: [{_q(f'Synthetia-{number}')}]",
        "relations:",
        f"  established: {established.isoformat()}",
        f"  summary: {_local(*summary)}",
        "  facts:",
        *(f"    - {_local(*fact)}" for fact in facts),
    ]
    return "\n".join(lines) + "\n"


def _participants(rng: random.Random, parties: list[str]) -> list[str]:
    lines = ["participants:"]
    for side in parties:
        for role in ("co-chair", "member"):
            given = rng.choice(["Anan", "Budi", "Chan", "Dara", "Ek"])
            person = f"{given} {side}{rng.randrange(99)}"
            lines += [
                f"  - name: {_q(person)}",
                f"    title: {_local('Director-General', 'อธิบดี')}",
                f"    side: {side}",
                f"    role: {role}",
            ]
    return lines


def _held(rng: random.Random, parties: list[str], index: int) -> str:
    day = date(2010, 1, 1) + timedelta(days=rng.randrange(5800))  # up to late 2025
    place = rng.choice(PLACES)
    topics = rng.sample(TOPICS, 2)
    title = _local(
        f"Synthetic dialogue {index} ({' and '.join(parties)})", f"การหารือสมมติครั้งที่ {index}"
    )
    lines = [
        f"id: h{index:05d}",
        f"title: {title}",
        f"parties: [{', '.join(parties)}]",
        f"date: {day.isoformat()}",
        f"location: {_local(*place)}",
        "status: held",
        f"level: {rng.choice(LEVELS)}",
        f"summary: {_local(*_sentence(rng, 20))}",
        *_participants(rng, parties),
        "topics:",
    ]
    for topic in topics:
        lines += [f"  - topic: {topic}", f"    summary: {_local(*_sentence(rng, 18))}"]
    lines.append("commitments:")
    for number in range(3):
        by = rng.choice([[parties[0]], [parties[1]], parties])
        due = day + timedelta(days=rng.randrange(60, 900))
        lines += [
            f"  - by: [{', '.join(by)}]",
            f"    text: {_local(*_sentence(rng, 14))}",
            f"    topic: {topics[number % 2]}",
            f"    due: {due.isoformat()}",
            f"    status: {rng.choice(['open', 'open', 'in-progress', 'done'])}",
        ]
        if number == 2:
            lines += [
                "    updates:",
                f"      - date: {(day + timedelta(days=30)).isoformat()}",
                "        status: in-progress",
                f"        note: {_local(*_sentence(rng, 8))}",
            ]
    return "\n".join(lines) + "\n"


def _planned(rng: random.Random, code: str, number: int) -> str:
    day = date(2026, 2, 1) + timedelta(days=rng.randrange(600))
    agenda = rng.sample(TOPICS, 4)
    lines = [
        f"id: {code.lower()}-planned",
        f"title: {_local(f'Joint Commission TH–{code}', f'คณะกรรมาธิการร่วมไทย–{code}')}",
        f"parties: [TH, {code}]",
        f"date: {day.isoformat()}",
        f"location: {_local(*rng.choice(PLACES))}",
        "status: planned",
        "level: ministerial",
        f"summary: {_local(*_sentence(rng, 16))}",
        "objectives:",
        *(f"  - {_local(*_sentence(rng, 16))}" for _ in range(4)),
        f"agenda: [{', '.join(agenda)}]",
        "talking_points:",
    ]
    for topic in agenda:
        lines.append(f"  {topic}:")
        lines += [f"    - {_local(*_sentence(rng, 18))}" for _ in range(2)]
    lines.append("if_raised:")
    lines += [f"  - topic: {agenda[0]}", f"    text: {_local(*_sentence(rng, 14))}"]
    return "\n".join(lines) + "\n"


def make_commitments_workspace(
    root: Path, *, commitments: int, per_meeting: int = 25, seed: int = 11
) -> Path:
    """The bundled seeds plus held Thailand–U.S. meetings carrying `commitments` commitments
    between them (`per_meeting` each), for timing one pack as its commitments grow: the annex
    lists every one, the brief counts them and names the overdue ones."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(SEEDS, root)
    for index in range(-(-commitments // per_meeting)):
        count = min(per_meeting, commitments - index * per_meeting)
        day = date(2012, 1, 1) + timedelta(days=rng.randrange(4700))  # up to late 2024
        place = rng.choice(PLACES)
        topics = rng.sample(TOPICS, 2)
        lines = [
            f"id: c{index:04d}",
            f"title: {_local(f'TH–US working group {index}', f'คณะทำงานไทย–สหรัฐฯ {index}')}",
            "parties: [TH, US]",
            f"date: {day.isoformat()}",
            f"location: {_local(*place)}",
            "status: held",
            "level: working",
            f"summary: {_local(*_sentence(rng, 16))}",
            *_participants(rng, ["TH", "US"]),
            "topics:",
            *(f"  - topic: {t}\n    summary: {_local(*_sentence(rng, 12))}" for t in topics),
            "commitments:",
        ]
        for number in range(count):
            due = day + timedelta(days=rng.randrange(60, 1500))
            lines += [
                f"  - by: [{rng.choice(['TH', 'US', 'TH, US'])}]",
                f"    text: {_local(*_sentence(rng, 14))}",
                f"    topic: {topics[number % 2]}",
                f"    due: {due.isoformat()}",
                f"    status: {rng.choice(['open', 'open', 'in-progress', 'done'])}",
            ]
        _write(root / "meetings" / f"c{index:04d}.yaml", "\n".join(lines) + "\n")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--counterparts", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    make_workspace(
        args.root, meetings=args.meetings, counterparts=args.counterparts, seed=args.seed
    )
    print(args.root)


if __name__ == "__main__":
    main()
