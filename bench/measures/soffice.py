"""LibreOffice against briefgen's PDF route, on the DOCX and HTML of briefgen's own pack (US,
English): `soffice --convert-to pdf` on each DOCX (a new soffice for each, as DOCX-template
tools run it) against laying out the same document's HTML and writing its PDF in a warm
process, as `make` does; and both cold for the three together (one soffice for the three
files; one new Python process for briefgen's route, bench/pdf_route.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from common import BENCH, DOCUMENT_KEYS, SEEDS, repeated, wall, warm_up, write_html

from measures.peer import soffice_binary, soffice_convert


def measure_soffice(runs: int, out: Path) -> dict[str, Any]:
    soffice = soffice_binary()
    if soffice is None:
        return {"available": False}
    docx = sorted((out / "pack-en").glob("*.docx"))
    html_dir = out / "html"
    write_html(html_dir)
    profile, pdf_out = out / "lo-profile", out / "soffice-pdf"
    warm_up(soffice_convert(soffice, profile, pdf_out, docx))  # makes the profile: not counted
    per_document = {
        path.name: repeated(
            runs, lambda p=path: wall(soffice_convert(soffice, profile, pdf_out, [p]))
        )
        for path in docx
    }
    route = route_timings(runs, html_dir)
    together = repeated(runs, lambda: wall(soffice_convert(soffice, profile, pdf_out, docx)))
    cold_route = [sys.executable, str(BENCH / "pdf_route.py"), str(html_dir), str(out / "route")]
    route_cold = repeated(runs, lambda: wall(cold_route))
    soffice_total = sum(timing["median"] for timing in per_document.values())
    briefgen_total = sum(timing["median"] for timing in route.values())
    return {
        "available": True,
        "per_document": {
            "soffice": per_document,
            "briefgen": route,
            "soffice_total": soffice_total,
            "briefgen_total": briefgen_total,
        },
        "ratio": soffice_total / briefgen_total,
        "cold_together": {
            "soffice": together,
            "briefgen": route_cold,
            "ratio": together["median"] / route_cold["median"],
        },
    }


_route_renderer: Any = None
_route_timings: dict[Path, dict[str, dict[str, Any]]] = {}


def pdf_route_in_process(html_dir: Path, key: str) -> float:
    """Seconds to lay out one document's HTML and write its PDF, in this (warm) process."""
    global _route_renderer
    from briefgen.profiles import load_profile
    from briefgen.render.pack import PackRenderer

    if _route_renderer is None:
        profile = load_profile("default", SEEDS)
        _route_renderer = PackRenderer(profile, "en", SEEDS, profile.pdf_variant)
        for name in DOCUMENT_KEYS:  # fonts loaded, as in `make`
            _route_renderer.pdf((html_dir / f"{name}.html").read_text("utf-8"), None).write()
    html = (html_dir / f"{key}.html").read_text(encoding="utf-8")
    started = time.perf_counter()
    _route_renderer.pdf(html, None).write()
    return time.perf_counter() - started


def route_timings(runs: int, html_dir: Path) -> dict[str, dict[str, Any]]:
    """Each document's time on briefgen's PDF route, repeated, for the HTML in html_dir:
    measured once, whichever measure asks first (soffice's and the floor share the US
    pack's)."""
    if html_dir not in _route_timings:
        _route_timings[html_dir] = {
            key: repeated(runs, lambda k=key: pdf_route_in_process(html_dir, k))
            for key in DOCUMENT_KEYS
        }
    return _route_timings[html_dir]
