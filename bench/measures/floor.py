"""What the renderer alone takes here, however a pack is made around it: WeasyPrint imported
in a new process, and the pack's three documents laid out and written once each in a warm
process (no records, no fitting to a page, no DOCX), for the US pack and for up to five
made-up packs of the batch. From them, bounds no pipeline built on WeasyPrint can pass on this
machine: a cold pack takes at least the import plus the US documents shared perfectly among
the CPUs; a batch makes at most CPUs / a made-up pack's documents packs per second."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path
from typing import Any

from common import repeated, wall, warm_up, write_html

from measures.batch import batch_workspace
from measures.soffice import route_timings


def measure_floor(runs: int, batch_packs: int, out: Path) -> dict[str, Any]:
    cpus = os.cpu_count() or 1
    load = [sys.executable, "-c", "import weasyprint"]
    warm_up(load)
    imported = repeated(runs, lambda: wall(load))
    us_dir = out / "html"
    if not (us_dir / "brief.html").is_file():
        write_html(us_dir)
    us = _documents_seconds(runs, us_dir)
    root = batch_workspace(batch_packs)
    made_up = []
    for number in range(1, min(5, batch_packs - 1) + 1):
        folder = out / f"floor-S{number:03d}"
        write_html(folder, counterpart=f"S{number:03d}", data=root)
        made_up.append(_documents_seconds(runs, folder))
    per_made_up_pack = statistics.median(made_up)
    return {
        "cpus": cpus,
        "weasyprint_import_cold": imported,
        "us_documents": us,
        "made_up_pack_documents": per_made_up_pack,
        "pack_floor": imported["median"] + us / cpus,
        "batch_ceiling_packs_per_second": cpus / per_made_up_pack,
    }


def _documents_seconds(runs: int, html_dir: Path) -> float:
    """Seconds to lay out and write the three documents in html_dir, medians summed."""
    return sum(timing["median"] for timing in route_timings(runs, html_dir).values())
