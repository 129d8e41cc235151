"""`make --all` over a synthetic workspace where 20 counterparts have a planned meeting: US
(the seeds' records) and 19 made-up ones, with 5 meetings each on average; in packs per
second and, as a ratio that holds on a busy machine, its time per pack over the same run's
cold pack."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from common import AS_OF, briefgen, repeated, wall, warm_up, workspace

BATCH_COUNTERPARTS = 20
MEETINGS_PER_PACK = 5
BATCH_RUNS = 3


def batch_workspace(packs: int) -> Path:
    """The synthetic workspace of measure_batch, made once."""
    from synth import SEED_COUNTERPARTS, make_workspace

    counterparts = packs + SEED_COUNTERPARTS - 1  # TH and KH have no pack
    meetings = max(MEETINGS_PER_PACK * packs, 2 * packs + 8)
    return workspace(
        f"batch-{packs}", make=make_workspace, meetings=meetings, counterparts=counterparts
    )


def measure_batch(runs: int, packs: int, out: Path, cold_pack: float) -> dict[str, Any]:
    root = batch_workspace(packs)
    args = briefgen(
        "make", "--all", "--data", str(root), "--as-of", AS_OF, "--out", str(out / "batch")
    )
    warm_up(args)  # the first run writes the byte-code of the batch's modules
    timing = repeated(min(runs, BATCH_RUNS), lambda: wall(args))
    made = len(list((out / "batch").glob("*_briefing-pack.pdf")))
    per_pack = timing["median"] / made
    return {
        "counterparts": packs,
        "packs": made,
        "workers": os.cpu_count(),
        "seconds": timing,
        "packs_per_second": made / timing["median"],
        "seconds_per_pack": per_pack,
        "per_pack_over_cold_pack": per_pack / cold_pack,
    }
