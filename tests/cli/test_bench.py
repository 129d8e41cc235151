"""The benchmark runs, in its quick mode, and reports every measure. No timing is asserted:
the benchmark checks its targets itself (PASS/FAIL) in a full run on a known machine."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO

ROOT = REPO


@pytest.mark.slow
def test_quick_benchmark_reports_every_measure(tmp_path: Path) -> None:
    results_file = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(results_file)],
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(results_file.read_text(encoding="utf-8"))
    assert results["mode"] == "quick"
    assert set(results["machine"]) >= {"arch", "cpus", "python", "date"}
    assert results["help_cold"]["median"] > 0
    peer = results["peer"]
    assert peer["briefgen"]["min"] <= peer["briefgen"]["median"] <= peer["briefgen"]["max"]
    assert peer["available"] == (shutil.which("soffice") is not None)
    if peer["available"]:
        # the peer route printed all that briefgen composed, as three PDFs
        assert peer["peer"]["content_coverage"] == 1.0
        assert set(peer["peer"]["pages"]) == {"brief", "talking-points", "annex"}
        assert peer["briefgen_over_peer"]["median"] > 0
        assert peer["soffice_over_briefgen"]["median"] > 0
        assert results["soffice"]["ratio"] > 0
    assert results["pack_th"]["median"] > 0
    assert results["memory"]["peak_rss_mb"] > 0
    for document in ("brief", "talking-points", "annex"):
        assert set(results["documents"][document]) == {"compose", "html", "pdf", "docx"}
    scale = results["scale"]
    assert set(scale["sizes"]["100"]) == {"validate", "validate_cached", "make"}
    assert set(scale["sizes"]["1000"]) == {"validate", "validate_cached"}
    assert scale["make_ratio"] > 0
    assert scale["validate_against_import"]["ratio"]["median"] > 0
    # fitted, whatever the slope: one quick run at two sizes is noise, not a timing to assert
    growths = ("validate_growth", "validate_growth_cpu", "validate_cached_growth")
    for fitted in (scale[name] for name in growths):
        assert isinstance(fitted["ms_per_item"], float) and fitted["verdict"]
    assert set(results["commitments"]["sizes"]) == {"10", "25"}
    for fitted in (results["commitments"]["growth"], results["commitments"]["growth_cpu"]):
        assert isinstance(fitted["ms_per_item"], float) and fitted["verdict"]
    batch = results["batch"]
    assert batch["packs"] == batch["counterparts"] == 4
    assert batch["packs_per_second"] > 0 and batch["per_pack_over_cold_pack"] > 0
    floor = results["floor"]
    assert floor["weasyprint_import_cold"]["median"] > 0
    assert floor["us_documents"] > 0 and floor["made_up_pack_documents"] > 0
    names = {target["name"] for target in results["targets"]}
    assert names == {
        "help", "soffice_step", "peer_route", "batch", "validate", "scale",
        "soffice_document", "memory",
    }  # fmt: skip
    assert "PASS" in run.stdout or "FAIL" in run.stdout
    assert not (ROOT / "bench" / "results.json").exists() or (
        json.loads((ROOT / "bench" / "results.json").read_text())["mode"] == "full"
    )


def test_growth_tells_a_straight_line_from_a_bend() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from measures.growth import growth

    straight = growth([(1_000, 0.5), (10_000, 1.4), (100_000, 10.4)], "meeting")
    assert straight["verdict"].startswith("linear: 0.40 s + 0.100 ms per meeting")
    bent = growth([(1_000, 0.5), (10_000, 1.4), (100_000, 40.4)], "meeting")
    assert bent["verdict"].startswith("bends at about 10,000 meetings")
    assert growth([(100, 1.0)], "meeting")["verdict"] == "one size only: no growth to fit"
