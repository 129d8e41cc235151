"""Scores ingest on the gathered press releases: date, parties and principals against what a
person read from each text (tests/fixtures/releases/expected.yaml).

`python tests/corpus_score.py [--held-out]` prints each release's misses and the score per
field, on the main corpus or on the releases gathered after its fixes (heldout/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from briefgen.errors import BriefgenError

RELEASES = Path(__file__).parent / "fixtures" / "releases"
WORKSPACE = RELEASES / "workspace"
TODAY = date(2026, 12, 6)


@dataclass
class Score:
    releases: int = 0
    dates: int = 0
    parties: int = 0
    principals_found: int = 0
    principals: int = 0
    sides_right: int = 0  # of the principals found, those put on the right side
    misses: list[str] = field(default_factory=list)

    def fractions(self) -> dict[str, float]:
        return {
            "date": self.dates / self.releases,
            "parties": self.parties / self.releases,
            "principals": self.principals_found / self.principals,
            "sides": self.sides_right / max(1, self.principals_found),
        }


HELD_OUT = RELEASES / "heldout"


def expected(folder: Path = RELEASES) -> dict[str, dict[str, Any]]:
    data = YAML(typ="safe").load((folder / "expected.yaml").read_text(encoding="utf-8"))
    return {str(name): dict(entry) for name, entry in data.items()}


def _names(draft: dict[str, Any]) -> list[tuple[str, str]]:
    """Every participant's name (in each language written), with their side."""
    names = []
    for person in draft.get("participants", []):
        value = person["name"]
        for name in value.values() if isinstance(value, dict) else [value]:
            names.append((" ".join(str(name).split()).casefold(), str(person["side"])))
    return names


def _found(principal: str, names: list[tuple[str, str]]) -> str | None:
    """The side of the participant who is this principal, or None if none is."""
    wanted = " ".join(principal.split()).casefold()
    for name, side in names:
        if wanted in name or (len(name) >= 4 and name in wanted):
            return side
    return None


def _expected_sides(entry: dict[str, Any]) -> list[str]:
    """The home side's principal is listed first, the other side's after, unless the entry
    says otherwise (`sides:`)."""
    if "sides" in entry:
        return [str(side) for side in entry["sides"]]
    home, other = entry["parties"][0], entry["parties"][1]
    return [home] + [other] * (len(entry["principals"]) - 1)


def score(work: Path, folder: Path = RELEASES) -> Score:
    """Ingest every release of folder (dry run) into a copy of the corpus workspace at work."""
    from briefgen.ingest import ingest

    result = Score()
    for name, entry in expected(folder).items():
        result.releases += 1
        result.principals += len(entry["principals"])
        try:
            draft = ingest(folder / name, work, dry_run=True, today=TODAY).data
        except BriefgenError as exc:
            result.misses.append(f"{name}: ingest failed: {exc}")
            continue
        got_date = str(draft["date"])
        if got_date == str(entry["date"]):
            result.dates += 1
        else:
            result.misses.append(f"{name}: date {got_date}, expected {entry['date']}")
        if set(draft["parties"]) == set(entry["parties"]):
            result.parties += 1
        else:
            result.misses.append(f"{name}: parties {draft['parties']}, expected {entry['parties']}")
        names = _names(draft)
        for principal, side in zip(entry["principals"], _expected_sides(entry), strict=True):
            found = _found(principal, names)
            if found is None:
                result.misses.append(f"{name}: principal {principal} not among {names}")
                continue
            result.principals_found += 1
            if found == side:
                result.sides_right += 1
            else:
                result.misses.append(f"{name}: {principal} on side {found}, expected {side}")
    return result


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text)


if __name__ == "__main__":
    import shutil
    import sys
    import tempfile

    releases = HELD_OUT if sys.argv[1:] == ["--held-out"] else RELEASES
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary) / "workspace"
        shutil.copytree(WORKSPACE, work)
        outcome = score(work, releases)
    for miss in outcome.misses:
        print(_plain(miss))
    print(f"{outcome.releases} releases, {outcome.principals} principals")
    for key, value in outcome.fractions().items():
        print(f"{key}: {value:.0%}")
